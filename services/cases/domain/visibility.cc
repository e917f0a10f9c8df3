#include "services/cases/domain/visibility.h"

#include <algorithm>

namespace collab::cases {
namespace {

bool Has(const std::vector<Role>& roles, Role role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// Identifiers match only when both are set: an unset unit never opens a case to a viewer
// without a unit.
bool Same(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

// Roles that see every field of a case they may see (domain.md: CASE_WORKER "all, including
// diagnosis category and medical notes"; AGENCY_SYSTEM "as CASE_WORKER, for integration").
bool GrantsAllFields(Role role) { return role == Role::kCaseWorker || role == Role::kAgencySystem; }

bool RoleSeesCase(Role role, const Viewer& v, const CaseAccessFacts& c) {
  switch (role) {
    case Role::kCaseWorker:  // cases of its office, or assigned to it
      return (Same(c.office_unit_id, v.office_id) &&
              Same(c.office_organisation_id, v.organisation_id)) ||
             Same(c.assigned_case_worker, v.subject);
    case Role::kAgencySystem:  // cases of the agency it represents
      return Same(c.office_organisation_id, v.organisation_id);
    case Role::kEmployerHr:  // cases of its own organisation
      return Same(c.employer_organisation_id, v.organisation_id);
    case Role::kEmployerManager:  // cases of its own unit
      return Same(c.employer_organisation_id, v.organisation_id) && Same(c.unit_id, v.unit_id);
    case Role::kOccupationalHealth:  // cases where the employer engaged it
      return Same(c.occupational_health_organisation_id, v.organisation_id);
    default:  // ANALYST, FUNDER: statistics only; ADMIN: registry only; others: nothing
      return false;
  }
}

}  // namespace

bool CaseVisibility::Sees(RestrictedField field) const {
  return std::find(visible_fields.begin(), visible_fields.end(), field) != visible_fields.end();
}

bool ConsentInForce(const ConsentFacts& consent, absl::Time now) {
  if (consent.give_time > now) return false;
  if (consent.revoke_time && *consent.revoke_time <= now) return false;
  if (consent.expire_time && *consent.expire_time <= now) return false;
  return true;
}

bool ConsentAudience::Sees(const std::string& consent_party_organisation_id) const {
  return all || Same(consent_party_organisation_id, party_organisation_id);
}

ConsentAudience ConsentAudienceOf(const Viewer& viewer, const CaseVisibility& vis) {
  ConsentAudience out;
  if (!vis.visible) return out;
  out.all = vis.all_fields;
  if (!out.all) out.party_organisation_id = viewer.organisation_id;
  return out;
}

bool MaySeeCases(const std::vector<Role>& roles) {
  for (Role r : {Role::kCaseWorker, Role::kAgencySystem, Role::kEmployerHr, Role::kEmployerManager,
                 Role::kOccupationalHealth}) {
    if (Has(roles, r)) return true;
  }
  return false;
}

CaseVisibility DecideVisibility(const Viewer& viewer, const CaseAccessFacts& facts,
                                const std::vector<ConsentFacts>& consents, absl::Time now) {
  CaseVisibility out;
  bool all_fields = false;
  for (Role role : {Role::kCaseWorker, Role::kAgencySystem, Role::kEmployerHr,
                    Role::kEmployerManager, Role::kOccupationalHealth}) {
    if (!Has(viewer.roles, role) || !RoleSeesCase(role, viewer, facts)) continue;
    if (!out.access_role) out.access_role = role;
    out.visible = true;
    all_fields = all_fields || GrantsAllFields(role);
  }
  if (!out.visible) return out;
  out.all_fields = all_fields;

  for (RestrictedField field : kAllRestrictedFields) {
    bool sees = all_fields;
    // Employer and occupational health: only under the employee's consent to this organisation
    // that names the field (domain.md; GDPR art. 9.2 a).
    for (const ConsentFacts& consent : consents) {
      if (sees) break;
      sees = Same(consent.party_organisation_id, viewer.organisation_id) &&
             ConsentInForce(consent, now) &&
             std::find(consent.scope.begin(), consent.scope.end(), field) != consent.scope.end();
    }
    (sees ? out.visible_fields : out.withheld_fields).push_back(field);
  }

  // Protected identity: only the assigned case worker sees who the employee is.
  out.identity_visible =
      !facts.protected_identity ||
      (Has(viewer.roles, Role::kCaseWorker) && Same(facts.assigned_case_worker, viewer.subject));
  return out;
}

}  // namespace collab::cases
