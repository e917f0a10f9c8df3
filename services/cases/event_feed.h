#pragma once

#include "absl/time/time.h"
#include "collab/events/v1/event_feed.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/db/pool.h"

// collab.events.v1.EventFeed/Watch over the case service's outbox (architecture.md, "Events").
// Internal: the method is deliberately absent from the public method-policy table, so this
// service admits callers itself: a signed ROLE_SERVICE principal with service_name "reporting".
//
// Sequence numbers can commit out of order under concurrent writers (libs/db/outbox.h). The feed
// therefore sends an event after a gap in seq only once it is older than `settle`: a writer
// that took the missing number has committed or rolled back by then (transactions are bounded
// by the callers' deadlines), so a consumer advancing its cursor never skips a late commit.
namespace collab::cases {

class CaseEventFeed final : public collab::events::v1::EventFeed::Service {
 public:
  CaseEventFeed(db::ConnectionPool& pool, auth::PrincipalSigner signer,
                absl::Duration poll = absl::Milliseconds(200),
                absl::Duration settle = absl::Seconds(5))
      : pool_(pool), signer_(std::move(signer)), poll_(poll), settle_(settle) {}

  grpc::Status Watch(grpc::ServerContext* ctx, const collab::events::v1::WatchRequest* req,
                     grpc::ServerWriter<collab::events::v1::Event>* writer) override;

 private:
  grpc::Status Admit(grpc::ServerContext* ctx) const;

  db::ConnectionPool& pool_;
  auth::PrincipalSigner signer_;
  absl::Duration poll_;
  absl::Duration settle_;
};

}  // namespace collab::cases
