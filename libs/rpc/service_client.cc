#include "libs/rpc/service_client.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace collab::rpc {

absl::Status ServiceCaller::Prepare(const CallContext& call, grpc::ClientContext* ctx) const {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + max_share_;
  if (call.deadline < deadline) deadline = now + (call.deadline - now) / 2;
  if (deadline <= now) {
    return absl::DeadlineExceededError("no time left to ask another service");
  }

  auth::Principal p;
  p.set_subject(absl::StrCat("service:", service_name_));
  p.add_roles(collab::common::v1::ROLE_SERVICE);
  p.set_service_name(service_name_);
  p.set_request_id(call.request_id);
  p.set_expire_time_unix(absl::ToUnixSeconds(deadline) + 1);
  const auth::SignedPrincipal signed_principal = signer_.Sign(p);

  ctx->set_deadline(absl::ToChronoTime(deadline));
  ctx->AddMetadata(auth::kPrincipalMetadataKey, signed_principal.bytes);
  ctx->AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_principal.signature);
  if (!call.request_id.empty()) ctx->AddMetadata(auth::kRequestIdMetadataKey, call.request_id);
  return absl::OkStatus();
}

absl::Status UpstreamFailure(const grpc::Status& status, std::string_view what_sv) {
  const absl::string_view what(what_sv.data(), what_sv.size());
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::UnavailableError(
          absl::StrCat(what, ": the service did not answer; retry later"));
    default:
      return absl::InternalError(
          absl::StrCat(what, ": refused (", static_cast<int>(status.error_code()), ")"));
  }
}

}  // namespace collab::rpc
