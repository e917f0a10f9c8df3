#pragma once

#include <memory>

#include "absl/time/time.h"
#include "libs/auth/principal.h"
#include "services/gateway/rate_limiter.h"

namespace collab::gateway {

// A caller the gateway has authenticated: what a verified token or a mapped client certificate
// says, computed once and shared by every call that presents the same credential.
struct Identity {
  // subject, organisation, roles, unit, office and expiry; request_id is set per call.
  auth::Principal principal;
  // When the credential stops being valid (token exp; for certificates a rolling window).
  absl::Time expiry;
  // This principal's rate-limit bucket; nullptr when rate limiting is off.
  std::shared_ptr<TokenBucket> bucket;
};

}  // namespace collab::gateway
