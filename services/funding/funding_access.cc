#include "services/funding/funding_access.h"

namespace collab::funding {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_PROJECT_MANAGER;
using collab::common::v1::ROLE_SERVICE;

Caller CallerOf(const auth::Principal& p) {
  Caller c;
  c.subject = p.subject();
  c.organisation_id = p.organisation_id();
  c.admin = auth::HasRole(p, ROLE_ADMIN);
  c.reads_all = auth::HasRole(p, ROLE_ANALYST) || auth::HasRole(p, ROLE_SERVICE);
  c.manager = auth::HasRole(p, ROLE_PROJECT_MANAGER);
  c.funder = auth::HasRole(p, ROLE_FUNDER) && !c.organisation_id.empty();
  return c;
}

absl::Status CheckProjectAccess(const Caller& caller, const ProjectRelation& relation,
                                ProjectAccess access) {
  const bool manages = caller.manager && relation.manages;
  const bool funds = caller.funder && relation.funds;
  if (!(caller.admin || caller.reads_all || manages || funds)) {
    return absl::NotFoundError("project not found");
  }
  switch (access) {
    case ProjectAccess::kRead:
      return absl::OkStatus();
    case ProjectAccess::kWrite:
      if (caller.admin || manages) return absl::OkStatus();
      return absl::PermissionDeniedError("only the project's manager or an administrator may change it");
    case ProjectAccess::kFunderDecision:
      if (funds) return absl::OkStatus();
      return absl::PermissionDeniedError("only a funder with a commitment to the project may decide on it");
  }
  return absl::PermissionDeniedError("not allowed");
}

}  // namespace collab::funding
