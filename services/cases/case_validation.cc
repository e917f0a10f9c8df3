#include "services/cases/case_validation.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "services/cases/case_view.h"
#include "services/cases/domain/identity_number.h"

namespace collab::cases {
namespace {

constexpr int kMaxName = 200;
constexpr int kMaxNotes = 4000;
// Longer than any sickness benefit period the chain can reach (SFB 27 kap.: 914 days) with room.
constexpr int kMaxExpectedDays = 3650;
// The earliest time the service accepts, as for dates (libs/common/dates.h: years 1900–9999).
constexpr int kEarliestYear = 1900;

}  // namespace

absl::CivilDay SwedishDay(absl::Time t) {
  static const absl::TimeZone tz = [] {
    absl::TimeZone z;
    return absl::LoadTimeZone("Europe/Stockholm", &z) ? z : absl::UTCTimeZone();
  }();
  return absl::ToCivilDay(t, tz);
}

absl::CivilDay SwedishToday() { return SwedishDay(absl::Now()); }

std::optional<absl::Time> CheckedTime(const google::protobuf::Timestamp& t, std::string_view field,
                                      std::optional<absl::Time> latest, FieldViolations& v) {
  using google::protobuf::util::TimeUtil;
  if (t.seconds() < TimeUtil::kTimestampMinSeconds || t.seconds() > TimeUtil::kTimestampMaxSeconds ||
      t.nanos() < 0 || t.nanos() > 999999999) {
    v.Add(std::string(field), "is not a valid timestamp");
    return std::nullopt;
  }
  const absl::Time at = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
  if (at < absl::FromCivil(absl::CivilDay(kEarliestYear, 1, 1), absl::UTCTimeZone())) {
    v.Add(std::string(field), absl::StrCat("must not be before ", kEarliestYear));
    return std::nullopt;
  }
  if (latest && at > *latest) {
    v.Add(std::string(field), "must not be in the future");
    return std::nullopt;
  }
  return at;
}

bool MayWriteRestricted(const auth::Principal& p) {
  return auth::HasRole(p, collab::common::v1::ROLE_CASE_WORKER) ||
         auth::HasRole(p, collab::common::v1::ROLE_AGENCY_SYSTEM);
}

std::string OrganisationId(const std::string& name) {
  auto ids = ParseResourceName(name, "organisations/{}");
  return ids && IsUuid((*ids)[0]) ? (*ids)[0] : "";
}

std::pair<std::string, std::string> UnitIds(const std::string& name) {
  auto ids = ParseResourceName(name, "organisations/{}/units/{}");
  if (!ids || !IsUuid((*ids)[0]) || !IsUuid((*ids)[1])) return {};
  return {(*ids)[0], (*ids)[1]};
}

absl::StatusOr<CaseRow> NewCaseRow(const v1::Case& c, const std::string& id, const CaseKeys& keys,
                                   absl::CivilDay today) {
  FieldViolations v;
  CaseRow row;
  row.id = id;
  row.employer_id = OrganisationId(c.employer());
  if (c.employer().empty()) v.Add("case.employer", "is required");
  else if (row.employer_id.empty()) v.Add("case.employer", "must be organisations/{organisation}");
  if (!c.unit().empty()) {
    auto [org, unit] = UnitIds(c.unit());
    if (unit.empty()) v.Add("case.unit", "must be organisations/{organisation}/units/{unit}");
    else if (org != row.employer_id) v.Add("case.unit", "must be a unit of the employer");
    row.unit_id = unit;
  }
  std::optional<IdentityNumber> number;
  if (c.employee_identity_number().empty()) {
    v.Add("case.employee_identity_number", "is required");
  } else {
    auto parsed = ParseIdentityNumber(c.employee_identity_number(), today);
    // The domain's message names the rule, never the number (identity_number.h).
    if (!parsed.ok()) v.Add("case.employee_identity_number", std::string(parsed.status().message()));
    else number = *parsed;
  }
  if (c.employee_display_name().size() > kMaxName) {
    v.Add("case.employee_display_name", "must be at most 200 characters");
  }
  std::optional<absl::CivilDay> first;
  if (!c.has_first_sick_day()) {
    v.Add("case.first_sick_day", "is required");
  } else if (!(first = ToCivilDay(c.first_sick_day()))) {
    v.Add("case.first_sick_day", "is not a valid date");
  } else if (*first > today) {
    v.Add("case.first_sick_day", "must not be in the future");
  } else if (number && *first < number->birth_date) {
    v.Add("case.first_sick_day", "must not be before the employee's date of birth");
  }
  if (c.expected_duration_days() < 0 || c.expected_duration_days() > kMaxExpectedDays) {
    v.Add("case.expected_duration_days", "must be between 0 (unknown) and 3650");
  }
  if (c.assigned_case_worker().size() > kMaxName) {
    v.Add("case.assigned_case_worker", "must be at most 200 characters");
  }
  if (!c.office().empty()) {
    auto [org, unit] = UnitIds(c.office());
    if (unit.empty()) v.Add("case.office", "must be organisations/{organisation}/units/{unit}");
    row.office_organisation_id = org;
    row.office_unit_id = unit;
  }
  if (!c.occupational_health_provider().empty()) {
    row.occupational_health_id = OrganisationId(c.occupational_health_provider());
    if (row.occupational_health_id.empty()) {
      v.Add("case.occupational_health_provider", "must be organisations/{organisation}");
    }
  }
  if (!v1::DiagnosisCategory_IsValid(c.diagnosis_category())) {
    v.Add("case.diagnosis_category", "is not a known value");
  }
  if (c.medical_notes().size() > kMaxNotes) {
    v.Add("case.medical_notes", "must be at most 4000 characters");
  }
  if (auto s = v.ToStatus(); !s.ok()) return s;

  auto cipher = crypto::AesGcmEncrypt(keys.identity_key, number->normalized, IdentityAad(id));
  if (!cipher.ok()) return cipher.status();
  row.identity_cipher = *std::move(cipher);
  row.identity_hash = crypto::HmacSha256(keys.lookup_key, number->normalized);
  row.identity_mask = MaskIdentityNumber(*number);
  row.identity_kind = number->kind == IdentityNumberKind::kPersonnummer
                          ? v1::IDENTITY_NUMBER_KIND_PERSONNUMMER
                          : v1::IDENTITY_NUMBER_KIND_SAMORDNINGSNUMMER;
  if (!c.employee_display_name().empty()) {
    auto name = crypto::AesGcmEncrypt(keys.identity_key, c.employee_display_name(), NameAad(id));
    if (!name.ok()) return name.status();
    row.name_cipher = *std::move(name);
  }
  if (!c.medical_notes().empty()) {
    auto notes = crypto::AesGcmEncrypt(keys.identity_key, c.medical_notes(), NotesAad(id));
    if (!notes.ok()) return notes.status();
    row.medical_notes_cipher = *std::move(notes);
  }
  row.protected_identity = c.protected_identity();
  row.first_sick_day = ToIsoDate(*first);
  if (c.expected_duration_days() > 0) row.expected_duration_days = c.expected_duration_days();
  row.assigned_case_worker = c.assigned_case_worker();
  row.diagnosis_category = c.diagnosis_category();
  row.status = v1::CASE_STATUS_OPEN;
  return row;
}

}  // namespace collab::cases
