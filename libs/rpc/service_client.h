#pragma once

#include <grpcpp/client_context.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/auth/principal.h"
#include "libs/rpc/call_handler.h"

// Calls from one service to another's public RPC (architecture.md, Security model): they go
// straight to the other service with a principal of role SERVICE naming the caller, signed with
// the internal key, and a deadline derived from the incoming call's so cancellation propagates.
namespace collab::rpc {

class ServiceCaller {
 public:
  // service_name: the caller as the method policy knows it ("cases", "funding").
  // max_share: the longest an outgoing call may take; when the incoming call has a deadline,
  // at most half of its remaining time is used, leaving the rest for the database.
  ServiceCaller(auth::PrincipalSigner signer, std::string service_name,
                absl::Duration max_share = absl::Seconds(3))
      : signer_(std::move(signer)), service_name_(std::move(service_name)), max_share_(max_share) {}

  // Prepares `ctx` (deadline, signed principal, request id) for one outgoing call made while
  // serving `call`. DEADLINE_EXCEEDED when no time is left.
  absl::Status Prepare(const CallContext& call, grpc::ClientContext* ctx) const;

 private:
  auth::PrincipalSigner signer_;
  std::string service_name_;
  absl::Duration max_share_;
};

// The status of a failed outgoing call as the caller should answer it: the other service being
// down or slow is UNAVAILABLE (retryable); anything else it refused is INTERNAL, since the
// caller's own request was valid as far as it could tell. `what` names the check.
absl::Status UpstreamFailure(const grpc::Status& status, std::string_view what);

}  // namespace collab::rpc
