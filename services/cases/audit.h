#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "collab/cases/v1/case_service.pb.h"
#include "libs/rpc/call_handler.h"

// The audit log of case data (issue 4, "Audit"; audit.proto): every read and write of a case or
// its children appends one row in the caller's transaction, hash-chained per case (see
// migrations/0001_init.sql for why per case, and how the head row is locked).
namespace collab::cases {

namespace v1 = collab::cases::v1;

struct AuditEntry {
  std::string case_id;
  v1::AuditAction action = v1::AUDIT_ACTION_UNSPECIFIED;
  std::string method;    // full gRPC method
  std::string resource;  // cases/{case}/…
  // Names of the fields disclosed or changed, never their values.
  std::vector<std::string> fields;
  // Why: the caller's access reason, or the basis the service derived (e.g. "EMPLOYER_HR").
  std::string reason;
  // Canonical status code of the call: 0, or the refusal's code for AUDIT_ACTION_DENIED.
  int status_code = 0;
};

void PrepareAuditStatements(pqxx::connection& conn);

// Where a case's next audit event goes: after the chain's last event (case_seq and hash), with
// the next global seq (the hash covers it).
struct AuditChainPosition {
  int64_t last_case_seq = 0;
  std::string last_hash;
  int64_t seq = 0;
};
// The start of a chain created in this transaction: no event yet, the zero hash.
AuditChainPosition NewChainPosition(int64_t seq);

// Appends one event to the case's chain: locks the case's chain head (FOR UPDATE via upsert),
// computes hash = SHA-256(previous_hash || canonical bytes), inserts, moves the head.
absl::Status AppendAudit(pqxx::work& tx, const rpc::CallContext& call, const AuditEntry& entry);
// The same at a position the caller holds already: the head is locked by this transaction, or
// was created by it (case_store.h InsertCase).
absl::Status AppendAuditAt(pqxx::work& tx, const rpc::CallContext& call, const AuditEntry& entry,
                           const AuditChainPosition& at);

// Appends several entries in case-id order, so concurrent lists lock heads in one order.
absl::Status AppendAudits(pqxx::work& tx, const rpc::CallContext& call,
                          std::vector<AuditEntry> entries);

// Walks every case's chain and reports the first broken link (lowest seq) among events with
// start_seq <= seq <= end_seq (0: unbounded). Chains are walked in full so that the link into
// the range is checked too.
absl::StatusOr<v1::VerifyAuditChainResponse> VerifyAuditChains(pqxx::work& tx, int64_t start_seq,
                                                              int64_t end_seq);

struct AuditFilter {
  std::string case_id;  // empty: any
  std::string actor;
  std::optional<int64_t> start_micros, end_micros;  // [start, end)
  std::vector<int> actions;
};
// Events matching `filter` with seq > after_seq, in seq order, at most `limit`.
std::vector<v1::AuditEvent> ListAuditEventRows(pqxx::work& tx, const AuditFilter& filter,
                                               int64_t after_seq, int limit);

// SHA-256 over previous_hash || the event serialized deterministically with `hash` unset.
std::string AuditHash(const v1::AuditEvent& event);

// The access reason a caller may send (audit.proto, AuditEvent.reason).
std::string AccessReason(const rpc::CallContext& call, const std::string& derived);

}  // namespace collab::cases
