#include "libs/rpc/call_handler.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "libs/auth/method_policy.h"
#include "libs/common/ids.h"
#include "libs/common/logging.h"
#include "libs/rpc/status.h"

namespace collab::rpc {
namespace {

std::string_view MetadataValue(const grpc::ServerContext* context, std::string_view key) {
  const auto& md = context->client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

}  // namespace

absl::Status CallHandler::Admit(grpc::ServerContext* context, std::string_view full_method,
                                CallContext* call) const {
  auto principal = signer_.Verify(MetadataValue(context, auth::kPrincipalMetadataKey),
                                  MetadataValue(context, auth::kPrincipalSignatureMetadataKey),
                                  absl::Now());
  if (!principal.ok()) return principal.status();
  call->principal = *std::move(principal);
  const auth::MethodPolicy* policy = auth::FindMethodPolicy(full_method);
  if (policy == nullptr) return absl::PermissionDeniedError("method is not open to any caller");
  if (!auth::PolicyAllows(*policy, call->principal)) {
    return absl::PermissionDeniedError("the caller's roles may not call this method");
  }
  return absl::OkStatus();
}

grpc::Status CallHandler::Run(grpc::ServerContext* context, std::string_view full_method,
                              absl::FunctionRef<absl::Status(const CallContext&)> handler) const {
  const absl::Time start = absl::Now();
  CallContext call;
  call.server_context = context;
  call.request_id = std::string(MetadataValue(context, auth::kRequestIdMetadataKey));
  if (call.request_id.empty() || call.request_id.size() > 128) call.request_id = NewUuid();
  const auto deadline = context->deadline();
  call.deadline = deadline == std::chrono::system_clock::time_point::max()
                      ? absl::InfiniteFuture()
                      : absl::FromChrono(deadline);
  log::RequestScope scope(call.request_id);

  absl::Status status = Admit(context, full_method, &call);
  if (status.ok()) {
    try {
      status = handler(call);
    } catch (const std::exception& e) {
      // A broken invariant, not bad input: log it and answer INTERNAL without details.
      log::Error("handler threw", {{"method", full_method}, {"what", e.what()}});
      status = absl::InternalError("internal error");
    }
  }
  log::Info("call", {{"method", full_method},
                     {"subject", call.principal.subject()},
                     {"organisation", call.principal.organisation_id()},
                     {"code", absl::StatusCodeToString(status.code())},
                     {"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start)}});
  return ToGrpcStatus(status, error_domain_);
}

}  // namespace collab::rpc
