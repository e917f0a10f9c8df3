#include "libs/events/outbox_event_feed.h"

#include <algorithm>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"

namespace collab::events {
namespace {

namespace ev = collab::events::v1;
using google::protobuf::util::TimeUtil;

constexpr int kDefaultBatch = 100;
constexpr int kMaxBatch = 1000;
constexpr int kPublishBatch = 1000;

std::string Metadata(grpc::ServerContext* ctx, const char* key) {
  const auto& md = ctx->client_metadata();
  auto it = md.find(key);
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::Status OutboxEventFeed::Admit(grpc::ServerContext* ctx) const {
  const std::string bytes = Metadata(ctx, auth::kPrincipalMetadataKey);
  const std::string sig = Metadata(ctx, auth::kPrincipalSignatureMetadataKey);
  if (bytes.empty() || sig.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no signed principal");
  }
  auto p = signer_.Verify(bytes, sig, absl::Now());
  if (!p.ok()) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "principal does not verify");
  if (!auth::HasRole(*p, collab::common::v1::ROLE_SERVICE) ||
      p->service_name() != options_.consumer) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat("the ", options_.source_service, " event feed serves the ",
                                     options_.consumer, " service only"));
  }
  return grpc::Status::OK;
}

grpc::Status OutboxEventFeed::Watch(grpc::ServerContext* ctx, const ev::WatchRequest* req,
                                    grpc::ServerWriter<ev::Event>* writer) {
  if (grpc::Status s = Admit(ctx); !s.ok()) return s;
  if (req->after_seq() < 0 || req->max_batch() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "after_seq and max_batch must not be negative");
  }
  const int batch = req->max_batch() == 0 ? kDefaultBatch : std::min(req->max_batch(), kMaxBatch);
  const std::set<std::string> types(req->event_types().begin(), req->event_types().end());
  int64_t cursor = req->after_seq();
  while (!ctx->IsCancelled()) {
    db::TxOptions publish;
    publish.deadline = absl::Now() + absl::Seconds(10);
    auto published = db::RunInTransaction<int>(
        pool_, publish, [](pqxx::work& tx) { return db::PublishEvents(tx, kPublishBatch); });
    db::TxOptions read;
    read.read_only = true;
    read.deadline = absl::Now() + absl::Seconds(10);
    auto events = published.ok()
                      ? db::RunInTransaction<std::vector<db::OutboxEvent>>(
                            pool_, read,
                            [&](pqxx::work& tx) { return db::ReadEvents(tx, cursor, batch); })
                      : absl::StatusOr<std::vector<db::OutboxEvent>>(published.status());
    if (!events.ok()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(events.status().message()));
    }
    for (const db::OutboxEvent& e : *events) {
      cursor = e.position;
      if (!types.empty() && !types.count(e.event_type)) continue;
      ev::Event out;
      out.set_seq(e.position);
      out.set_event_id(e.event_id);
      out.set_event_type(e.event_type);
      out.set_source_service(options_.source_service);
      out.set_aggregate_id(absl::StrContains(e.aggregate_id, '/') ||
                                   options_.aggregate_collection.empty()
                               ? e.aggregate_id
                               : absl::StrCat(options_.aggregate_collection, "/", e.aggregate_id));
      *out.mutable_occur_time() =
          TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(e.create_time));
      out.mutable_payload()->set_type_url(absl::StrCat("type.googleapis.com/", e.event_type));
      out.mutable_payload()->set_value(e.payload);
      if (!writer->Write(out)) return grpc::Status::OK;  // the client went away
    }
    if (static_cast<int>(events->size()) < batch && *published < kPublishBatch) {
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(options_.poll));
    }
  }
  return grpc::Status::OK;
}

}  // namespace collab::events
