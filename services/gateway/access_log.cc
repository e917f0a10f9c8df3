#include "services/gateway/access_log.h"

#include <atomic>

#include "absl/status/status.h"
#include "libs/common/logging.h"

namespace collab::gateway {
namespace {

std::atomic<bool> enabled{true};

}  // namespace

void SetAccessLogEnabled(bool on) { enabled.store(on, std::memory_order_relaxed); }

void LogCall(std::string_view transport, std::string_view method, const Admission& admission,
             grpc::StatusCode code, absl::Duration duration) {
  if (!enabled.load(std::memory_order_relaxed)) return;
  const auth::Principal* p = admission.identity ? &admission.identity->principal : nullptr;
  log::Info("call", {{"transport", transport},
                     {"method", method},
                     {"subject", p ? p->subject() : std::string()},
                     {"organisation", p ? p->organisation_id() : std::string()},
                     {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))},
                     {"duration_ms", absl::ToDoubleMilliseconds(duration)},
                     {"request_id", admission.request_id}});
}

}  // namespace collab::gateway
