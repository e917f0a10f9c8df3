#include "libs/rpc/organisation_directory.h"

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"

ABSL_FLAG(std::string, organisations_backend, "127.0.0.1:7101",
          "host:port of collab-organisations, asked whether a referenced organisation exists.");

namespace collab::rpc {

OrganisationDirectory::OrganisationDirectory(const std::string& target,
                                             auth::PrincipalSigner signer,
                                             std::string service_name,
                                             absl::Duration found_ttl)
    : stub_(organisations::v1::OrganisationService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      // Our own share of the caller's deadline: the rest is left for the database transaction.
      caller_(std::move(signer), std::move(service_name), absl::Seconds(3)),
      found_ttl_(found_ttl) {}

namespace {
constexpr size_t kMaxRemembered = 10000;
}  // namespace

bool OrganisationDirectory::RecentlyFound(const std::string& id, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  auto it = found_.find(id);
  return it != found_.end() && now - it->second < found_ttl_;
}

void OrganisationDirectory::RememberFound(const std::string& id, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  if (found_.size() >= kMaxRemembered) found_.clear();
  found_[id] = now;
}

std::string OrganisationDirectory::BackendFromFlags() {
  return absl::GetFlag(FLAGS_organisations_backend);
}

absl::Status OrganisationDirectory::CheckOrganisation(const CallContext& call,
                                                      const std::string& id,
                                                      const std::string& field) const {
  const absl::Time now = absl::Now();
  if (found_ttl_ > absl::ZeroDuration() && RecentlyFound(id, now)) return absl::OkStatus();
  grpc::ClientContext ctx;
  if (absl::Status s = caller_.Prepare(call, &ctx); !s.ok()) {
    return absl::DeadlineExceededError("no time left to check " + field);
  }
  organisations::v1::GetOrganisationRequest req;
  req.set_name(absl::StrCat("organisations/", id));
  organisations::v1::Organisation org;
  const grpc::Status s = stub_->GetOrganisation(&ctx, req, &org);
  switch (s.error_code()) {
    case grpc::StatusCode::OK:
      if (org.has_delete_time()) return InvalidField(field, "no such organisation");
      RememberFound(id, now);
      return absl::OkStatus();
    case grpc::StatusCode::NOT_FOUND:
      return InvalidField(field, "no such organisation");
    default:
      return UpstreamFailure(s, absl::StrCat("organisations service (check of ", field, ")"));
  }
}

}  // namespace collab::rpc
