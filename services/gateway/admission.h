#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include <grpcpp/client_context.h>
#include "libs/auth/principal.h"
#include "services/gateway/authenticator.h"
#include "services/gateway/identity.h"
#include "services/gateway/routes.h"

// The one admission path of both front doors (gRPC and JSON): authenticate, rate-limit, find the
// route, check the method policy, and sign the principal; then the one way a backend call is
// prepared (deadline, principal, request id). Nothing the caller sent is forwarded as metadata
// except the request id, so a caller's own x-collab-principal-* entries never reach a backend.
namespace collab::gateway {

struct CallCredentials {
  std::string_view authorization;  // "Bearer <jwt>" or empty
  std::string_view peer_subject;   // verified client-certificate subject or empty
  std::string_view request_id;     // the caller's x-request-id or empty
};

struct Admission {
  std::string request_id;
  std::shared_ptr<const Identity> identity;  // set once authenticated, for the access log
  const Route* route = nullptr;
  auth::SignedPrincipal principal;
};

struct DeadlinePolicy {
  // Applied when the caller sets no deadline.
  absl::Duration default_timeout = absl::Seconds(30);
  // A caller's longer deadline is cut to this.
  absl::Duration max_timeout = absl::Minutes(5);
};

// The deadline of the backend call: the caller's, or the default when it set none, and never
// beyond now + max_timeout. caller_deadline is InfiniteFuture when the caller set none.
absl::Time BackendDeadline(absl::Time caller_deadline, absl::Time now, const DeadlinePolicy& policy);

// A request id the gateway forwards: the caller's when it is a short printable token, else a
// new UUID (so a hostile value cannot inject into logs).
std::string RequestIdFor(std::string_view from_caller);

class Gatekeeper {
 public:
  Gatekeeper(const RouteTable& routes, Authenticator& authenticator,
             const auth::PrincipalSigner& signer, DeadlinePolicy deadlines)
      : routes_(routes), authenticator_(authenticator), signer_(signer), deadlines_(deadlines) {}

  // Fills `out` as far as it got (request id, identity, route) even when refusing, so the
  // access log can say who was refused what.
  absl::Status Admit(std::string_view method, const CallCredentials& credentials, absl::Time now,
                     Admission* out) const;

  // Sets the deadline and the metadata of the backend call for an admitted call.
  void PrepareBackendCall(const Admission& admission, absl::Time caller_deadline, absl::Time now,
                          grpc::ClientContext* context) const;

  const RouteTable& routes() const { return routes_; }

 private:
  const RouteTable& routes_;
  Authenticator& authenticator_;
  const auth::PrincipalSigner& signer_;
  const DeadlinePolicy deadlines_;
};

}  // namespace collab::gateway
