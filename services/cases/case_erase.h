#pragma once

#include <string>

#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "libs/auth/principal.h"
#include "libs/rpc/call_handler.h"
#include "services/cases/case_store.h"
#include "services/cases/rehab_watch_store.h"

// The erase of gallring (RA-FS 2020:1; domain.md, Retention), the one code path behind both
// ErasePersonalData (case_service_erase.cc) and the retention sweep (retention_sweeper.h).
namespace collab::cases {

// The retention job: ROLE_SERVICE as service "retention" (libs/auth/method_policy.cc admits it
// to ErasePersonalData on any closed case). The sweep runs in-process as this principal.
inline constexpr char kRetentionServiceName[] = "retention";
// The basis its audit rows give.
inline constexpr char kRetentionAuditBasis[] = "retention job (RA-FS 2020:1)";
// subject "service:retention", as a calling service is named (libs/rpc/service_client.cc).
auth::Principal RetentionJobPrincipal();

// Erases the personal data of case `row`, which this transaction holds locked (FOR UPDATE) and
// must be closed (else FAILED_PRECONDITION, reason CASE_NOT_CLOSED): EraseCasePersonalData with
// a random unlinkable hash, and one AUDIT_ACTION_ERASE row as `call`'s principal on method
// ErasePersonalData, resource cases/{id}, the names of the erased fields and reason
// AccessReason(call, basis). With it, in the same transaction, every rehab watch escalated into
// the case (rehab_watches.case_id, state ESCALATED) is erased with its spells (EraseWatchData,
// as the same principal with the same basis). Writes no outbox event (the erase changes nothing
// others follow: the pseudonymous statistics stay). Returns false, writing nothing, when the case
// is already erased (erasing twice changes nothing).
absl::StatusOr<bool> EraseCaseData(pqxx::work& tx, const rpc::CallContext& call, const CaseRow& row,
                                   const std::string& basis);

// Early signals (domain/retention.h). Each erase blanks the row's personal data with a fresh
// random unlinkable hash (rehab_watch_store.h Erase*PersonalData) and appends one
// AUDIT_ACTION_ERASE row to the row's own audit chain (audit_events.case_id = its id) exactly as
// EraseCaseData does for the case: `call`'s principal, method ErasePersonalData, resource
// rehabWatches/{id} or absenceSpells/{id}, the erased fields' names, AccessReason(call, basis).
// No outbox event. Return false, writing nothing, when the row is already erased.
//
// The caller holds the employee's early-signal lock (rehab_watch_trigger.h LockEmployeeSignals,
// taken before the row lock) so no spell is linked to or counted for the person meanwhile, and
// the row locked FOR UPDATE.
//
// The watch and every spell of it not yet erased (deleted ones too), each audited on its chain.
absl::StatusOr<bool> EraseWatchData(pqxx::work& tx, const rpc::CallContext& call, const WatchRow& row,
                                    const std::string& basis);
// One spell.
absl::StatusOr<bool> EraseSpellData(pqxx::work& tx, const rpc::CallContext& call, const SpellRow& row,
                                    const std::string& basis);

}  // namespace collab::cases
