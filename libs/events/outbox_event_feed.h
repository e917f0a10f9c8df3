#pragma once

#include <string>

#include "absl/time/time.h"
#include "collab/events/v1/event_feed.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/db/pool.h"

// collab.events.v1.EventFeed/Watch over a service's outbox (architecture.md, "Events"); every
// service that emits events serves this one implementation.
//
// Internal: the method is deliberately absent from the public method-policy table, so the feed
// admits callers itself: a signed ROLE_SERVICE principal whose service_name is the consumer.
//
// Order: Event.seq is the outbox feed position (libs/db/outbox.h), given only to events of
// finished transactions, so a consumer that advances its cursor never skips an event that
// committed late. Each poll publishes what has become ready, then reads after the cursor.
namespace collab::events {

struct OutboxEventFeedOptions {
  // Event.source_service, e.g. "cases".
  std::string source_service;
  // Collection prefixed to stored aggregate ids that are bare ids ("cases" makes "cases/<id>");
  // ids already stored as resource names (containing '/') are sent as they are.
  std::string aggregate_collection;
  // The one service allowed to watch.
  std::string consumer = "reporting";
  // Pause between polls once the consumer has caught up.
  absl::Duration poll = absl::Milliseconds(200);
};

class OutboxEventFeed final : public collab::events::v1::EventFeed::Service {
 public:
  OutboxEventFeed(db::ConnectionPool& pool, auth::PrincipalSigner signer,
                  OutboxEventFeedOptions options)
      : pool_(pool), signer_(std::move(signer)), options_(std::move(options)) {}

  grpc::Status Watch(grpc::ServerContext* ctx, const collab::events::v1::WatchRequest* req,
                     grpc::ServerWriter<collab::events::v1::Event>* writer) override;

 private:
  grpc::Status Admit(grpc::ServerContext* ctx) const;

  db::ConnectionPool& pool_;
  auth::PrincipalSigner signer_;
  OutboxEventFeedOptions options_;
};

}  // namespace collab::events
