#include "services/cases/case_erase.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"
#include "libs/common/errors.h"
#include "libs/common/status_macros.h"
#include "services/cases/audit.h"
#include "services/cases/case_scope.h"

namespace collab::cases {
namespace {

// The names of what an erase removes, for the audit row (never the values).
const std::vector<std::string> kErasedFields = {
    "employee_identity_number", "employee_display_name", "medical_notes", "close_note",
    "plan_exemption.note", "milestones.note", "plans.body", "plan_actions.description",
    "plan_comments.body", "meetings.outcome_notes", "meetings.next_steps",
    "consents.purpose_text", "consents.document_reference"};

}  // namespace

auth::Principal RetentionJobPrincipal() {
  auth::Principal p;
  p.set_subject(absl::StrCat("service:", kRetentionServiceName));
  p.add_roles(collab::common::v1::ROLE_SERVICE);
  p.set_service_name(kRetentionServiceName);
  return p;
}

absl::StatusOr<bool> EraseCaseData(pqxx::work& tx, const rpc::CallContext& call, const CaseRow& row,
                                   const std::string& basis) {
  if (row.status != v1::CASE_STATUS_CLOSED) {
    return WithErrorInfo(
        absl::FailedPreconditionError("personal data are erased only from a closed case (RA-FS 2020:1)"),
        "CASE_NOT_CLOSED", kCasesErrorDomain);
  }
  if (row.erase_micros) return false;
  EraseCasePersonalData(tx, row.id, crypto::RandomBytes(32));
  RETURN_IF_ERROR(AppendAudit(tx, call,
                              {row.id, v1::AUDIT_ACTION_ERASE, "/collab.cases.v1.CaseService/ErasePersonalData",
                               absl::StrCat("cases/", row.id), kErasedFields, AccessReason(call, basis)}));
  return true;
}

}  // namespace collab::cases
