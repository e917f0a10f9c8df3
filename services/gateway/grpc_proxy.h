#pragma once

#include <grpcpp/generic/async_generic_service.h>
#include "services/gateway/admission.h"

// The gRPC front door: every method nobody else registered arrives here as raw bytes, passes
// the gatekeeper, and is forwarded by its full name to the owning backend (issue 3,
// Forwarding). Unary and server-streaming calls pass through; the caller's cancellation
// cancels the backend call.
namespace collab::gateway {

class GrpcProxy final : public grpc::CallbackGenericService {
 public:
  // client_certificates: the server asks for client certificates, so each call's peer subject
  // is read (an extra allocation per call, skipped otherwise).
  GrpcProxy(const Gatekeeper& gate, bool client_certificates)
      : gate_(gate), client_certificates_(client_certificates) {}

  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override;

 private:
  const Gatekeeper& gate_;
  const bool client_certificates_;
};

// The status a caller sees for a failed backend call: the backend's own status as it is,
// except transport failures, whose messages would name internal addresses.
grpc::Status CallerStatus(const grpc::Status& backend, const Route& route);

}  // namespace collab::gateway
