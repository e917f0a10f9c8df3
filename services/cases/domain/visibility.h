#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

// Who sees what (domain.md, "Who sees what"). Case data is health data (GDPR art. 9) and FK
// case data is under secrecy (OSL 28 kap. 1 §). As a pure function of the viewer, the case's
// access facts and the consents on record:
//
// | role               | sees the case when                          | restricted fields      |
// |--------------------|---------------------------------------------|------------------------|
// | CASE_WORKER        | case office = viewer's office (same org),   | all                    |
// |                    | or the case is assigned to the viewer       |                        |
// | EMPLOYER_HR        | case employer = viewer's organisation       | only under consent     |
// | EMPLOYER_MANAGER   | same organisation and case unit = viewer's  | only under consent     |
// | OCCUPATIONAL_HEALTH| case's provider = viewer's organisation     | only under consent     |
// | AGENCY_SYSTEM      | case office's organisation = viewer's       | all (integration)      |
// | anything else      | never (ANALYST/FUNDER statistics only,      | —                      |
// |                    | ADMIN registry only)                        |                        |
//
// A case the viewer may not see answers NOT_FOUND, never its data. Roles add up: a viewer with
// several roles sees what any one of them grants. Empty identifiers never match (fail closed).
// "Only under consent": the employee's consent to the viewer's own organisation is in force now
// and names the field (a diagnosis is shown to an employer only under a recorded consent).
// Protected identity (skyddade personuppgifter): name and identity number are shown to the
// assigned case worker only (case.proto, Case.protected_identity).
namespace collab::cases {

// collab.common.v1.Role.
enum class Role {
  kCaseWorker,
  kEmployerHr,
  kEmployerManager,
  kOccupationalHealth,
  kProjectManager,
  kFunder,
  kAnalyst,
  kAdmin,
  kAgencySystem,
  kService,
};

// collab.cases.v1.RestrictedField (restricted: medical).
enum class RestrictedField { kDiagnosisCategory, kMedicalNotes };
inline constexpr RestrictedField kAllRestrictedFields[] = {RestrictedField::kDiagnosisCategory,
                                                           RestrictedField::kMedicalNotes};

struct Viewer {
  std::string subject;
  std::string organisation_id;
  std::vector<Role> roles;
  std::string unit_id;    // EMPLOYER_MANAGER
  std::string office_id;  // CASE_WORKER: unit id of the FK office
};

// Ids (not resource names) of what a case is attached to.
struct CaseAccessFacts {
  std::string employer_organisation_id;
  std::string unit_id;
  std::string assigned_case_worker;    // principal subject
  std::string office_organisation_id;  // the agency (FK) handling the case
  std::string office_unit_id;
  std::string occupational_health_organisation_id;
  bool protected_identity = false;
};

struct ConsentFacts {
  std::string party_organisation_id;
  std::vector<RestrictedField> scope;
  absl::Time give_time;
  std::optional<absl::Time> expire_time;
  std::optional<absl::Time> revoke_time;
};

// In force at `now`: given at or before now, not revoked at or before now, not expired.
bool ConsentInForce(const ConsentFacts& consent, absl::Time now);

struct CaseVisibility {
  bool visible = false;
  // The role that grants access (the first of CASE_WORKER, AGENCY_SYSTEM, EMPLOYER_HR,
  // EMPLOYER_MANAGER, OCCUPATIONAL_HEALTH that does), for the audit log's "why".
  std::optional<Role> access_role;
  std::vector<RestrictedField> visible_fields;
  // Restricted fields left unset for this viewer (Case.withheld_fields). Empty when !visible.
  std::vector<RestrictedField> withheld_fields;
  // Employee name and masked identity number (false: withheld, "********-****").
  bool identity_visible = false;
  // A role that sees every field (CASE_WORKER, AGENCY_SYSTEM) grants the access.
  bool all_fields = false;

  bool Sees(RestrictedField field) const;
};

CaseVisibility DecideVisibility(const Viewer& viewer, const CaseAccessFacts& facts,
                                const std::vector<ConsentFacts>& consents, absl::Time now);

// Which consents (samtycken) of a case the viewer sees. A consent names a party organisation and
// the employee's purpose in their own words: health-related personal data that only its party
// needs (GDPR art. 5.1 c, data minimisation; domain.md "Who sees what": restricted information
// goes to a named party only). So the roles that see every field of the case (CASE_WORKER,
// AGENCY_SYSTEM, who record and revoke consents) see every consent; an employer (HR, manager) or
// occupational health provider sees only the consents given to its own organisation. Who
// recorded a consent does not widen this: recorded_by is a principal subject, which is unique
// only within its issuer, and recording is FK's act (libs/auth/method_policy.cc).
struct ConsentAudience {
  bool all = false;
  std::string party_organisation_id;  // when !all: the only party whose consents are seen

  // Empty identifiers never match (fail closed).
  bool Sees(const std::string& consent_party_organisation_id) const;
};

// The audience of a case the viewer may see (`vis` from DecideVisibility); sees nothing when
// !vis.visible.
ConsentAudience ConsentAudienceOf(const Viewer& viewer, const CaseVisibility& vis);

// May any of these roles ever see case content? (ListCases of ANALYST, ADMIN, … → empty.)
bool MaySeeCases(const std::vector<Role>& roles);

}  // namespace collab::cases
