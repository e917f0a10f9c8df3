#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "collab/cases/v1/case.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/common/errors.h"
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

// A point in time the caller gives (met_time, consent.give_time, revoke_time, …), checked the
// same way everywhere: a valid google.protobuf.Timestamp (nanos 0–999 999 999, years 1–9999), not
// before 1900 (the earliest date the suite accepts, libs/common/dates.h) and, when `latest` is
// given, not after it ("must not be in the future" when `latest` is now). Adds one violation
// naming `field` and returns nullopt when it fails.
std::optional<absl::Time> CheckedTime(const google::protobuf::Timestamp& t, std::string_view field,
                                      std::optional<absl::Time> latest, FieldViolations& v);

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
