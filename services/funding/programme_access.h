#pragma once

#include <string>

#include "absl/status/status.h"
#include "libs/auth/principal.h"
#include "services/funding/programme_store.h"

// Who may reach what on the programme side (programme_service.proto, "Access"; domain.md,
// "Programme services"). The method policy (libs/auth/method_policy.cc) has already admitted the
// caller's role; these narrow it to objects: the programme's owner organisation (PROJECT_MANAGER)
// keeps the catalogue, confirms orders and records deliveries; a member (EMPLOYER_HR,
// EMPLOYER_MANAGER) sees and acts on its own organisation's interests and orders only; ADMIN
// reaches all. Objects outside a caller's reach answer NOT_FOUND (the store filters them out).
namespace collab::funding {

// Interests, orders and deliveries the caller may read, and members may act on.
Scope ReaderScope(const auth::Principal& p);
// Orders and deliveries the caller may move on as the programme (confirm, deliver, complete).
Scope KeeperScope(const auth::Principal& p);

// Catalogue writes: ADMIN, or a PROJECT_MANAGER of the programme's owner organisation. The
// catalogue is public, so others get PERMISSION_DENIED rather than NOT_FOUND.
absl::Status CheckProgrammeKeeper(const auth::Principal& p, const std::string& owner_id);

// Members express interest and order for their own organisation only (PERMISSION_DENIED).
absl::Status CheckActsFor(const auth::Principal& p, const std::string& member_id);

// Coverage counts organisations, never persons: ADMIN, ANALYST and FUNDER read any programme's,
// a PROJECT_MANAGER its own organisation's (PERMISSION_DENIED otherwise).
absl::Status CheckCoverageReader(const auth::Principal& p, const std::string& owner_id);

}  // namespace collab::funding
