#include "services/cases/case_refusal.h"

#include "absl/strings/str_cat.h"
#include "libs/common/logging.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_service.h"

namespace collab::cases {
namespace {

// Never a google.rpc type: stripped before the status is converted for the caller.
constexpr char kHiddenCaseUrl[] = "collab.cases.internal/hidden-case";

}  // namespace

absl::Status HiddenCaseError(const std::string& case_id) {
  absl::Status s = absl::NotFoundError("case not found");
  s.SetPayload(kHiddenCaseUrl, absl::Cord(case_id));
  return s;
}

absl::Status AuditRefusal(db::ConnectionPool& pool, const rpc::CallContext& call,
                          std::string_view method, absl::Status status) {
  absl::optional<absl::Cord> marked = status.GetPayload(kHiddenCaseUrl);
  if (!marked) return status;
  status.ErasePayload(kHiddenCaseUrl);
  const std::string case_id(*marked);
  db::TxOptions opts;
  opts.deadline = call.deadline;
  absl::Status written = db::RunInTransaction(pool, opts, [&](pqxx::work& tx) {
    return AppendAudit(tx, call,
                       {case_id, v1::AUDIT_ACTION_DENIED, std::string(method),
                        absl::StrCat("cases/", case_id), {},
                        AccessReason(call, "refused: the case is outside the caller's reach"),
                        static_cast<int>(absl::StatusCode::kNotFound)});
  });
  if (!written.ok()) {
    log::Error("refused attempt not audited", {{"error", std::string(written.message())}});
  }
  return status;
}

grpc::Status CaseServiceImpl::Run(grpc::ServerContext* ctx, std::string_view method,
                                  absl::FunctionRef<absl::Status(const rpc::CallContext&)> fn) {
  return handler_.Run(ctx, method, [&](const rpc::CallContext& call) {
    return AuditRefusal(pool_, call, method, fn(call));
  });
}

}  // namespace collab::cases
