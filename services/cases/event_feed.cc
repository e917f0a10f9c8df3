#include "services/cases/event_feed.h"

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"

namespace collab::cases {
namespace {

namespace ev = collab::events::v1;
using google::protobuf::util::TimeUtil;

constexpr int kDefaultBatch = 100;
constexpr int kMaxBatch = 1000;
constexpr char kConsumer[] = "reporting";

std::string Metadata(grpc::ServerContext* ctx, const char* key) {
  const auto& md = ctx->client_metadata();
  auto it = md.find(key);
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::Status CaseEventFeed::Admit(grpc::ServerContext* ctx) const {
  const std::string bytes = Metadata(ctx, auth::kPrincipalMetadataKey);
  const std::string sig = Metadata(ctx, auth::kPrincipalSignatureMetadataKey);
  if (bytes.empty() || sig.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no signed principal");
  }
  auto p = signer_.Verify(bytes, sig, absl::Now());
  if (!p.ok()) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "principal does not verify");
  if (!auth::HasRole(*p, collab::common::v1::ROLE_SERVICE) || p->service_name() != kConsumer) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "the case event feed serves the reporting service only");
  }
  return grpc::Status::OK;
}

grpc::Status CaseEventFeed::Watch(grpc::ServerContext* ctx, const ev::WatchRequest* req,
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
    db::TxOptions o;
    o.read_only = true;
    o.deadline = absl::Now() + absl::Seconds(10);
    auto events = db::RunInTransaction<std::vector<db::OutboxEvent>>(
        pool_, o, [&](pqxx::work& tx) { return db::ReadEvents(tx, cursor, batch); });
    if (!events.ok()) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, std::string(events.status().message()));
    }
    bool sent_all = true;
    const absl::Time settled = absl::Now() - settle_;
    for (const db::OutboxEvent& e : *events) {
      // After a gap, wait until the event has settled (see event_feed.h).
      if (e.seq != cursor + 1 && e.create_time > settled) {
        sent_all = false;
        break;
      }
      cursor = e.seq;
      if (!types.empty() && !types.count(e.event_type)) continue;
      ev::Event out;
      out.set_seq(e.seq);
      out.set_event_id(e.event_id);
      out.set_event_type(e.event_type);
      out.set_source_service("cases");
      out.set_aggregate_id(absl::StrCat("cases/", e.aggregate_id));
      *out.mutable_occur_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(e.create_time));
      out.mutable_payload()->set_type_url(absl::StrCat("type.googleapis.com/", e.event_type));
      out.mutable_payload()->set_value(e.payload);
      if (!writer->Write(out)) return grpc::Status::OK;  // the client went away
    }
    if (!sent_all || static_cast<int>(events->size()) < batch) {
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(poll_));
    }
  }
  return grpc::Status::OK;
}

}  // namespace collab::cases
