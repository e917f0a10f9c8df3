#include "services/cases/case_scope.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"
#include "libs/db/idempotency.h"
#include "services/cases/case_view.h"

namespace collab::cases {

bool MayWrite(const Viewer& viewer, const WriterRoles& writers) {
  if (writers.empty()) return true;
  return std::any_of(viewer.roles.begin(), viewer.roles.end(), [&](Role r) {
    return std::find(writers.begin(), writers.end(), r) != writers.end();
  });
}

absl::StatusOr<VisibleCase> EnterCase(pqxx::work& tx, const Viewer& viewer, const CaseCall& spec) {
  const bool write = spec.use == CaseUse::kWrite;
  absl::StatusOr<VisibleCase> vc = LoadVisibleCase(tx, viewer, spec.case_id, /*lock=*/write);
  if (!vc.ok()) return vc.status();
  if (!MayWrite(viewer, spec.writers)) {
    return absl::PermissionDeniedError(
        absl::StrCat("the caller's role may not make this change (", std::string(spec.method), ")"));
  }
  if (write && vc->row.status == v1::CASE_STATUS_CLOSED) {
    // A retry of a write made before the close replays its first answer (AIP-155).
    absl::StatusOr<bool> replay = db::IdempotentRecorded(tx, spec.request_id, spec.method);
    if (!replay.ok()) return replay.status();
    if (*replay) return vc;
    return WithErrorInfo(
        absl::FailedPreconditionError(
            "the case is closed: it is read-only until it is reopened (ReopenCase)"),
        kCaseClosedReason, kCasesErrorDomain);
  }
  return vc;
}

absl::Status CaseScope::Audit(v1::AuditAction action, std::string resource,
                              std::vector<std::string> fields) const {
  return AppendAudit(tx, call,
                     {vc.row.id, action, std::string(method), std::move(resource), std::move(fields),
                      AccessReason(call, AccessBasis(vc.visibility))});
}

std::string CaseScope::CaseName() const { return absl::StrCat("cases/", vc.row.id); }
std::string CaseScope::EmployerName() const {
  return absl::StrCat("organisations/", vc.row.employer_id);
}

}  // namespace collab::cases
