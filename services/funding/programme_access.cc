#include "services/funding/programme_access.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_PROJECT_MANAGER;

bool IsMember(const auth::Principal& p) {
  return auth::HasRole(p, ROLE_EMPLOYER_HR) || auth::HasRole(p, ROLE_EMPLOYER_MANAGER);
}

bool IsOwner(const auth::Principal& p, const std::string& owner_id) {
  return auth::HasRole(p, ROLE_PROJECT_MANAGER) && !owner_id.empty() &&
         p.organisation_id() == owner_id;
}

}  // namespace

Scope ReaderScope(const auth::Principal& p) {
  Scope s = KeeperScope(p);
  if (IsMember(p)) s.member_id = p.organisation_id();
  return s;
}

Scope KeeperScope(const auth::Principal& p) {
  Scope s;
  s.all = auth::HasRole(p, ROLE_ADMIN);
  if (auth::HasRole(p, ROLE_PROJECT_MANAGER)) s.owner_id = p.organisation_id();
  return s;
}

absl::Status CheckProgrammeKeeper(const auth::Principal& p, const std::string& owner_id) {
  if (auth::HasRole(p, ROLE_ADMIN) || IsOwner(p, owner_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "only the organisation running the programme, or an administrator, keeps its catalogue");
}

absl::Status CheckActsFor(const auth::Principal& p, const std::string& member_id) {
  if (IsMember(p) && !member_id.empty() && p.organisation_id() == member_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("members act for their own organisation only");
}

absl::Status CheckCoverageReader(const auth::Principal& p, const std::string& owner_id) {
  if (auth::HasRole(p, ROLE_ADMIN) || auth::HasRole(p, ROLE_ANALYST) ||
      auth::HasRole(p, ROLE_FUNDER) || IsOwner(p, owner_id)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "a project manager reads the coverage of programmes its organisation runs");
}

}  // namespace collab::funding
