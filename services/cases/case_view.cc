#include "services/cases/case_view.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "services/cases/domain/identity_number.h"
#include "services/cases/domain/milestones.h"

namespace collab::cases {
namespace {

using google::protobuf::util::TimeUtil;

std::optional<Role> DomainRole(int role) {
  switch (role) {
    case collab::common::v1::ROLE_CASE_WORKER: return Role::kCaseWorker;
    case collab::common::v1::ROLE_EMPLOYER_HR: return Role::kEmployerHr;
    case collab::common::v1::ROLE_EMPLOYER_MANAGER: return Role::kEmployerManager;
    case collab::common::v1::ROLE_OCCUPATIONAL_HEALTH: return Role::kOccupationalHealth;
    case collab::common::v1::ROLE_PROJECT_MANAGER: return Role::kProjectManager;
    case collab::common::v1::ROLE_FUNDER: return Role::kFunder;
    case collab::common::v1::ROLE_ANALYST: return Role::kAnalyst;
    case collab::common::v1::ROLE_ADMIN: return Role::kAdmin;
    case collab::common::v1::ROLE_AGENCY_SYSTEM: return Role::kAgencySystem;
    case collab::common::v1::ROLE_SERVICE: return Role::kService;
    default: return std::nullopt;
  }
}

std::string OrgName(const std::string& id) { return absl::StrCat("organisations/", id); }

void SetDate(const std::string& iso, collab::common::v1::Date* out) {
  if (auto d = ParseIsoDate(iso)) *out = FromCivilDay(*d);
}

std::optional<PlanExemptionReason> Exemption(int reason) {
  switch (reason) {
    case 1: return PlanExemptionReason::kExpectedFullReturnWithin60Days;
    case 2: return PlanExemptionReason::kHealthPreventsReturn;
    case 3: return PlanExemptionReason::kReturnImpossible;
    default: return std::nullopt;
  }
}

}  // namespace

std::string IdentityAad(const std::string& case_id) { return case_id; }
std::string NameAad(const std::string& case_id) { return case_id + "/employee_display_name"; }
std::string NotesAad(const std::string& case_id) { return case_id + "/medical_notes"; }

Viewer ViewerOf(const auth::Principal& p) {
  Viewer v;
  v.subject = p.subject();
  v.organisation_id = p.organisation_id();
  v.unit_id = p.unit_id();
  v.office_id = p.office_id();
  for (int r : p.roles()) {
    if (auto role = DomainRole(r)) v.roles.push_back(*role);
  }
  return v;
}

CaseAccessFacts FactsOf(const CaseRow& row) {
  CaseAccessFacts f;
  f.employer_organisation_id = row.employer_id;
  f.unit_id = row.unit_id;
  f.assigned_case_worker = row.assigned_case_worker;
  f.office_organisation_id = row.office_organisation_id;
  f.office_unit_id = row.office_unit_id;
  f.occupational_health_organisation_id = row.occupational_health_id;
  f.protected_identity = row.protected_identity;
  return f;
}

std::string AccessBasis(const CaseVisibility& v) {
  if (!v.access_role) return "none";
  switch (*v.access_role) {
    case Role::kCaseWorker: return "CASE_WORKER: office or assigned";
    case Role::kAgencySystem: return "AGENCY_SYSTEM: case office's organisation";
    case Role::kEmployerHr: return "EMPLOYER_HR: employer";
    case Role::kEmployerManager: return "EMPLOYER_MANAGER: employer unit";
    case Role::kOccupationalHealth: return "OCCUPATIONAL_HEALTH: engaged provider";
    default: return "other";
  }
}

absl::StatusOr<RenderedCase> RenderCase(const CaseRow& row, const CaseVisibility& vis,
                                        const CaseKeys& keys, absl::CivilDay today,
                                        const CaseProgress& progress) {
  (void)today;
  RenderedCase out;
  v1::Case& c = out.proto;
  c.set_name(absl::StrCat("cases/", row.id));
  c.set_employer(OrgName(row.employer_id));
  if (!row.unit_id.empty()) c.set_unit(absl::StrCat(OrgName(row.employer_id), "/units/", row.unit_id));
  c.set_identity_number_kind(static_cast<v1::IdentityNumberKind>(row.identity_kind));
  c.set_protected_identity(row.protected_identity);
  const bool erased = row.erase_micros.has_value();
  if (vis.identity_visible && !erased) {
    c.set_masked_employee_identity_number(row.identity_mask);
    out.fields_read.push_back("masked_employee_identity_number");
    if (!row.name_cipher.empty()) {
      auto name = crypto::AesGcmDecrypt(keys.identity_key, row.name_cipher, NameAad(row.id));
      if (!name.ok()) return absl::DataLossError("employee name of a case does not decrypt");
      c.set_employee_display_name(*name);
      out.fields_read.push_back("employee_display_name");
    }
  } else {
    c.set_masked_employee_identity_number(std::string(kFullyMaskedIdentityNumber));
  }
  SetDate(row.first_sick_day, c.mutable_first_sick_day());
  if (row.expected_duration_days) c.set_expected_duration_days(*row.expected_duration_days);
  c.set_assigned_case_worker(row.assigned_case_worker);
  if (!row.office_unit_id.empty()) {
    c.set_office(absl::StrCat(OrgName(row.office_organisation_id), "/units/", row.office_unit_id));
  }
  if (!row.occupational_health_id.empty()) {
    c.set_occupational_health_provider(OrgName(row.occupational_health_id));
  }
  // Restricted: medical (domain.md, "Who sees what"): only for roles or consents that allow it.
  for (RestrictedField f : vis.withheld_fields) {
    c.add_withheld_fields(f == RestrictedField::kDiagnosisCategory
                              ? v1::RESTRICTED_FIELD_DIAGNOSIS_CATEGORY
                              : v1::RESTRICTED_FIELD_MEDICAL_NOTES);
  }
  if (vis.Sees(RestrictedField::kDiagnosisCategory)) {
    c.set_diagnosis_category(static_cast<v1::DiagnosisCategory>(row.diagnosis_category));
    out.fields_read.push_back("diagnosis_category");
  }
  if (vis.Sees(RestrictedField::kMedicalNotes) && !erased) {
    if (!row.medical_notes_cipher.empty()) {
      auto notes = crypto::AesGcmDecrypt(keys.identity_key, row.medical_notes_cipher, NotesAad(row.id));
      if (!notes.ok()) return absl::DataLossError("medical notes of a case do not decrypt");
      c.set_medical_notes(*notes);
    }
    out.fields_read.push_back("medical_notes");
  }
  c.set_status(static_cast<v1::CaseStatus>(row.status));
  c.set_close_reason(static_cast<v1::CaseCloseReason>(row.close_reason));
  c.set_close_note(row.close_note);
  if (row.plan_exemption_reason != 0) {
    auto* e = c.mutable_plan_exemption();
    e->set_reason(static_cast<v1::PlanExemptionReason>(row.plan_exemption_reason));
    e->set_note(row.plan_exemption_note);
    if (row.plan_exemption_micros) {
      *e->mutable_record_time() = TimeUtil::MicrosecondsToTimestamp(*row.plan_exemption_micros);
    }
    e->set_recorded_by(row.plan_exemption_by);
  }
  if (!row.return_date.empty()) SetDate(row.return_date, c.mutable_return_date());
  if (row.plan_request_micros) {
    *c.mutable_plan_request_time() = TimeUtil::MicrosecondsToTimestamp(*row.plan_request_micros);
  }
  c.set_plan_required(PlanRequired(row.expected_duration_days, Exemption(row.plan_exemption_reason)));
  SetProgress(progress, &c);
  if (row.erase_micros) {
    *c.mutable_personal_data_erase_time() = TimeUtil::MicrosecondsToTimestamp(*row.erase_micros);
  }
  *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  *c.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.update_micros);
  if (row.close_micros) *c.mutable_close_time() = TimeUtil::MicrosecondsToTimestamp(row.close_micros.value());
  c.set_etag(std::to_string(row.version));
  return out;
}

}  // namespace collab::cases
