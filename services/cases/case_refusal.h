#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"

// Refused attempts on existing cases are audited (audit.proto, AUDIT_ACTION_DENIED: "an attempt
// refused by policy or object-level check"), so the employee and oversight see who tried.
//
// The refusal is answered NOT_FOUND (domain.md: a foreign case is never admitted to exist) and
// the caller's transaction rolls back, so the DENIED row is written afterwards in its own
// transaction. The status carries the case id in a private payload from the check that refused
// it to CaseServiceImpl::Run, which writes the row and strips the payload before the status
// leaves the service (the payload would otherwise tell the caller the case exists).
namespace collab::cases {

// NOT_FOUND "case not found", marked as the refusal of an existing case `case_id`.
absl::Status HiddenCaseError(const std::string& case_id);

// When `status` is a HiddenCaseError: appends a DENIED audit row to that case's chain (status
// code NOT_FOUND) in a new transaction, and returns the status without the mark. Otherwise
// returns `status` unchanged. A failure to write the row is logged, never returned: the answer
// stays NOT_FOUND.
absl::Status AuditRefusal(db::ConnectionPool& pool, const rpc::CallContext& call,
                          std::string_view method, absl::Status status);

}  // namespace collab::cases
