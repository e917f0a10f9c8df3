#pragma once

#include <string>

#include "absl/status/status.h"
#include "libs/auth/principal.h"

// Who may see and change a project (architecture.md, Security model; FundingService comment):
//   ADMIN             every project, read and write
//   ANALYST, SERVICE  every project, read only
//   PROJECT_MANAGER   projects it manages (project_manager = its subject) or its organisation
//                     owns, read and write
//   FUNDER            projects its organisation has a live commitment in: read, approve, return
// Anyone else, and anyone outside those projects, gets NOT_FOUND: a foreign project is never
// admitted to exist. The facts (manages, funds) come from the query that loads the project.
namespace collab::funding {

struct Caller {
  std::string subject;
  std::string organisation_id;  // may be empty
  bool admin = false;
  bool reads_all = false;  // ANALYST, SERVICE
  bool manager = false;    // PROJECT_MANAGER
  bool funder = false;     // FUNDER
};

Caller CallerOf(const auth::Principal& principal);

// What the loading query found about the caller's relation to one project.
struct ProjectRelation {
  bool manages = false;  // project_manager = subject, or owner organisation = caller's
  bool funds = false;    // the caller's organisation has a live commitment
};

enum class ProjectAccess { kRead, kWrite, kFunderDecision };

// OK, NOT_FOUND (cannot see it) or PERMISSION_DENIED (sees it, may not do this).
absl::Status CheckProjectAccess(const Caller& caller, const ProjectRelation& relation,
                                ProjectAccess access);

}  // namespace collab::funding
