#include "libs/rpc/organisation_directory.h"

#include <chrono>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/errors.h"

ABSL_FLAG(std::string, organisations_backend, "127.0.0.1:7101",
          "host:port of collab-organisations, asked whether a referenced organisation exists.");

namespace collab::rpc {
namespace {

// Our own share of the caller's deadline: the rest is left for the database transaction.
constexpr absl::Duration kMaxLookup = absl::Seconds(3);

}  // namespace

OrganisationDirectory::OrganisationDirectory(const std::string& target,
                                             auth::PrincipalSigner signer,
                                             std::string service_name)
    : stub_(organisations::v1::OrganisationService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      signer_(std::move(signer)),
      service_name_(std::move(service_name)) {}

std::string OrganisationDirectory::BackendFromFlags() {
  return absl::GetFlag(FLAGS_organisations_backend);
}

absl::Status OrganisationDirectory::CheckOrganisation(const CallContext& call,
                                                      const std::string& id,
                                                      const std::string& field) const {
  const absl::Time now = absl::Now();
  absl::Time deadline = now + kMaxLookup;
  if (call.deadline < deadline) deadline = now + (call.deadline - now) / 2;
  if (deadline <= now) return absl::DeadlineExceededError("no time left to check " + field);

  auth::Principal p;
  p.set_subject("service:" + service_name_);
  p.add_roles(collab::common::v1::ROLE_SERVICE);
  p.set_service_name(service_name_);
  p.set_request_id(call.request_id);
  p.set_expire_time_unix(absl::ToUnixSeconds(deadline) + 1);
  const auth::SignedPrincipal signed_principal = signer_.Sign(p);

  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(deadline));
  ctx.AddMetadata(auth::kPrincipalMetadataKey, signed_principal.bytes);
  ctx.AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_principal.signature);
  if (!call.request_id.empty()) ctx.AddMetadata(auth::kRequestIdMetadataKey, call.request_id);

  organisations::v1::GetOrganisationRequest req;
  req.set_name(absl::StrCat("organisations/", id));
  organisations::v1::Organisation org;
  const grpc::Status s = stub_->GetOrganisation(&ctx, req, &org);
  switch (s.error_code()) {
    case grpc::StatusCode::OK:
      if (org.has_delete_time()) return InvalidField(field, "no such organisation");
      return absl::OkStatus();
    case grpc::StatusCode::NOT_FOUND:
      return InvalidField(field, "no such organisation");
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return absl::UnavailableError("the organisations service did not answer; retry later");
    default:
      return absl::InternalError(absl::StrCat("organisations service refused the check of ", field,
                                              " (", static_cast<int>(s.error_code()), ")"));
  }
}

}  // namespace collab::rpc
