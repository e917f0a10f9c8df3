#include "services/cases/case_erase.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"
#include "libs/common/errors.h"
#include "libs/common/status_macros.h"
#include "services/cases/audit.h"
#include "services/cases/case_scope.h"
#include "services/cases/rehab_watch_trigger.h"
#include "services/cases/rehab_watch_view.h"

namespace collab::cases {
namespace {

// The names of what an erase removes, for the audit row (never the values).
const std::vector<std::string> kErasedFields = {
    "employee_identity_number", "employee_display_name", "medical_notes", "close_note",
    "plan_exemption.note", "milestones.note", "plans.body", "plan_actions.description",
    "plan_comments.body", "meetings.outcome_notes", "meetings.next_steps",
    "consents.purpose_text", "consents.document_reference"};
const std::vector<std::string> kErasedWatchFields = {"employee_identity_number", "employee_display_name",
                                                     "notes"};
const std::vector<std::string> kErasedSpellFields = {"employee_identity_number"};

constexpr char kEraseMethod[] = "/collab.cases.v1.CaseService/ErasePersonalData";

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
                              {row.id, v1::AUDIT_ACTION_ERASE, kEraseMethod,
                               absl::StrCat("cases/", row.id), kErasedFields, AccessReason(call, basis)}));
  // The watches escalated into the case go with it. The case row is locked; the employee's
  // signal lock is taken before each watch row (the order the sweep and the spell writers use).
  for (const WatchRow& w : ListUnerasedWatchesOfCase(tx, row.id)) {
    LockEmployeeSignals(tx, w.employer_id, w.identity_hash);
    std::optional<WatchRow> locked = LoadWatch(tx, w.id, /*lock=*/true);
    if (!locked) continue;
    RETURN_IF_ERROR(EraseWatchData(tx, call, *locked, basis).status());
  }
  return true;
}

absl::StatusOr<bool> EraseWatchData(pqxx::work& tx, const rpc::CallContext& call, const WatchRow& row,
                                    const std::string& basis) {
  if (row.erase_micros) return false;
  EraseWatchPersonalData(tx, row.id, crypto::RandomBytes(32));
  RETURN_IF_ERROR(AppendAudit(tx, call,
                              {row.id, v1::AUDIT_ACTION_ERASE, kEraseMethod, WatchName(row.id),
                               kErasedWatchFields, AccessReason(call, basis)}));
  for (const SpellRow& spell : LockUnerasedSpellsOfWatch(tx, row.id)) {
    RETURN_IF_ERROR(EraseSpellData(tx, call, spell, basis).status());
  }
  return true;
}

absl::StatusOr<bool> EraseSpellData(pqxx::work& tx, const rpc::CallContext& call, const SpellRow& row,
                                    const std::string& basis) {
  if (row.erase_micros) return false;
  // Its own random hash: erased spells are not linkable to each other either.
  EraseSpellPersonalData(tx, row.id, crypto::RandomBytes(32));
  RETURN_IF_ERROR(AppendAudit(tx, call,
                              {row.id, v1::AUDIT_ACTION_ERASE, kEraseMethod, SpellName(row.id),
                               kErasedSpellFields, AccessReason(call, basis)}));
  return true;
}

}  // namespace collab::cases
