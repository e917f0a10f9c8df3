#include "services/cases/employer_directory.h"

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"

ABSL_FLAG(std::string, organisations_backend, "127.0.0.1:7101",
          "host:port of collab-organisations, asked whether a case's employer exists.");

namespace collab::cases {

EmployerDirectory::EmployerDirectory(const std::string& target, auth::PrincipalSigner signer)
    : stub_(organisations::v1::OrganisationService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      // Our own share of the caller's deadline: the rest is left for the database transaction.
      caller_(std::move(signer), "cases", absl::Seconds(3)) {}

std::string EmployerDirectory::BackendFromFlags() {
  return absl::GetFlag(FLAGS_organisations_backend);
}

absl::Status EmployerDirectory::CheckOrganisation(const rpc::CallContext& call,
                                                  const std::string& id,
                                                  const std::string& field) const {
  grpc::ClientContext ctx;
  if (absl::Status s = caller_.Prepare(call, &ctx); !s.ok()) {
    return absl::DeadlineExceededError("no time left to check the employer");
  }

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
    default:
      return rpc::UpstreamFailure(s, "organisations service (employer check)");
  }
}

}  // namespace collab::cases
