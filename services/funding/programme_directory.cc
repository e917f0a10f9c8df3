#include "services/funding/programme_directory.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "services/funding/domain/error_reasons.h"

namespace collab::funding {
namespace {

namespace orgv1 = collab::organisations::v1;

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// A membership is in force on `day` when its period, where set, contains the day.
bool InForce(const orgv1::Membership& m, absl::CivilDay day) {
  if (m.has_delete_time()) return false;
  if (m.period().has_start_date()) {
    auto start = ToCivilDay(m.period().start_date());
    if (start && *start > day) return false;
  }
  if (m.period().has_end_date()) {
    auto end = ToCivilDay(m.period().end_date());
    if (end && *end < day) return false;
  }
  return true;
}

}  // namespace

ProgrammeDirectory::ProgrammeDirectory(const std::string& target, auth::PrincipalSigner signer)
    : stub_(orgv1::OrganisationService::NewStub(
          grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))),
      caller_(std::move(signer), "funding") {}

absl::StatusOr<ProgrammeInfo> ProgrammeDirectory::GetProgramme(const rpc::CallContext& call,
                                                               const std::string& id,
                                                               const std::string& field) const {
  grpc::ClientContext ctx;
  if (absl::Status s = caller_.Prepare(call, &ctx); !s.ok()) return s;
  orgv1::GetNetworkRequest req;
  req.set_name(absl::StrCat("networks/", id));
  orgv1::Network network;
  const grpc::Status s = stub_->GetNetwork(&ctx, req, &network);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND || (s.ok() && network.has_delete_time())) {
    return InvalidField(field, "no such programme");
  }
  if (!s.ok()) return rpc::UpstreamFailure(s, "organisations service (programme lookup)");
  if (network.kind() != orgv1::NETWORK_KIND_PROGRAMME) {
    return InvalidField(field, "is a network that is not a programme");
  }
  ProgrammeInfo info;
  info.id = id;
  if (!network.owner_organisation().empty()) {
    info.owner_organisation_id = IdOf(network.owner_organisation());
  }
  if (network.period().has_start_date()) info.start = ToCivilDay(network.period().start_date());
  return info;
}

absl::StatusOr<std::vector<orgv1::Membership>> ProgrammeDirectory::Memberships(
    const rpc::CallContext& call, const std::string& programme_id,
    const std::string& organisation_id) const {
  std::vector<orgv1::Membership> out;
  orgv1::ListMembershipsRequest req;
  req.set_parent(absl::StrCat("networks/", programme_id));
  req.set_page_size(500);
  if (!organisation_id.empty())
    req.set_organisation(absl::StrCat("organisations/", organisation_id));
  do {
    grpc::ClientContext ctx;
    if (absl::Status s = caller_.Prepare(call, &ctx); !s.ok()) return s;
    orgv1::ListMembershipsResponse resp;
    const grpc::Status s = stub_->ListMemberships(&ctx, req, &resp);
    if (!s.ok()) return rpc::UpstreamFailure(s, "organisations service (programme members)");
    for (auto& m : *resp.mutable_memberships()) out.push_back(std::move(m));
    req.set_page_token(resp.next_page_token());
  } while (!req.page_token().empty());
  return out;
}

absl::Status ProgrammeDirectory::CheckMember(const rpc::CallContext& call,
                                             const std::string& programme_id,
                                             const std::string& organisation_id, absl::CivilDay day,
                                             const std::string& field) const {
  {
    grpc::ClientContext ctx;
    if (absl::Status s = caller_.Prepare(call, &ctx); !s.ok()) return s;
    orgv1::GetOrganisationRequest req;
    req.set_name(absl::StrCat("organisations/", organisation_id));
    orgv1::Organisation org;
    const grpc::Status s = stub_->GetOrganisation(&ctx, req, &org);
    if (s.error_code() == grpc::StatusCode::NOT_FOUND || (s.ok() && org.has_delete_time())) {
      return InvalidField(field, "no such organisation");
    }
    if (!s.ok()) return rpc::UpstreamFailure(s, "organisations service (member check)");
  }
  absl::StatusOr<std::vector<orgv1::Membership>> memberships =
      Memberships(call, programme_id, organisation_id);
  if (!memberships.ok()) return memberships.status();
  for (const orgv1::Membership& m : *memberships) {
    if (InForce(m, day)) return absl::OkStatus();
  }
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           "organisations/", organisation_id,
                           " has no membership in force in the programme on ", ToIsoDate(day))),
                       kNotAMemberReason, kErrorDomain);
}

absl::StatusOr<std::vector<std::string>> ProgrammeDirectory::MembersOn(
    const rpc::CallContext& call, const std::string& programme_id, absl::CivilDay day) const {
  absl::StatusOr<std::vector<orgv1::Membership>> memberships = Memberships(call, programme_id, "");
  if (!memberships.ok()) return memberships.status();
  std::vector<std::string> members;
  for (const orgv1::Membership& m : *memberships) {
    if (InForce(m, day)) members.push_back(IdOf(m.organisation()));
  }
  return members;
}

}  // namespace collab::funding
