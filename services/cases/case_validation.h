#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "collab/cases/v1/case.pb.h"
#include "libs/auth/principal.h"
#include "services/cases/case_store.h"
#include "services/cases/keys.h"

// CreateCase input → a new encrypted row, validating every field first (INVALID_ARGUMENT naming
// each field, never echoing the identity number).
namespace collab::cases {

// Today in Sweden (sick days are Swedish calendar days).
absl::CivilDay SwedishToday();
// The calendar day in Sweden at `t` (e.g. of a met_time).
absl::CivilDay SwedishDay(absl::Time t);

// Validates `c` (prefix "case.") and builds the row for case `id`: identity number parsed by
// domain/identity_number.h, encrypted with associated data = case id, keyed hash for lookup.
absl::StatusOr<CaseRow> NewCaseRow(const collab::cases::v1::Case& c, const std::string& id,
                                   const CaseKeys& keys, absl::CivilDay today);

// The restricted: medical fields are written only by CASE_WORKER and AGENCY_SYSTEM
// (case_service.proto, UpdateCaseRequest; domain.md "Who sees what").
bool MayWriteRestricted(const auth::Principal& principal);

// organisations/{id} → id; organisations/{o}/units/{u} → {o, u}. Empty on a bad name.
std::string OrganisationId(const std::string& name);
std::pair<std::string, std::string> UnitIds(const std::string& name);

}  // namespace collab::cases
