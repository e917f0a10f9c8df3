#pragma once

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include <grpcpp/server_context.h>
#include "libs/auth/principal.h"

namespace collab::rpc {

// What a handler knows about the call once it has been let in.
struct CallContext {
  auth::Principal principal;
  std::string request_id;
  // The caller's deadline (InfiniteFuture when none); turned into statement_timeout by the store.
  absl::Time deadline;
  grpc::ServerContext* server_context;
};

// The wrapper every RPC of a backend runs through: verifies the signed principal, re-checks
// the method policy, binds the request id to the log, runs the handler, maps its status, and
// writes one access-log line. Health and reflection do not pass through it.
class CallHandler {
 public:
  CallHandler(auth::PrincipalSigner signer, std::string error_domain)
      : signer_(std::move(signer)), error_domain_(std::move(error_domain)) {}

  // full_method: "/collab.organisations.v1.OrganisationService/GetOrganisation".
  grpc::Status Run(grpc::ServerContext* context, std::string_view full_method,
                   absl::FunctionRef<absl::Status(const CallContext&)> handler) const;

  const std::string& error_domain() const { return error_domain_; }

 private:
  absl::Status Admit(grpc::ServerContext* context, std::string_view full_method,
                     CallContext* call) const;

  auth::PrincipalSigner signer_;
  std::string error_domain_;
};

}  // namespace collab::rpc
