// VerifyAuditChain (ADMIN): walks every case's chain (audit.h).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "services/cases/case_access.h"
#include "services/cases/case_view.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_service.h"

namespace collab::cases {

grpc::Status CaseServiceImpl::VerifyAuditChain(grpc::ServerContext* ctx,
                                               const v1::VerifyAuditChainRequest* req,
                                               v1::VerifyAuditChainResponse* resp) {
  return Run(ctx, "/collab.cases.v1.CaseService/VerifyAuditChain",
                      [&](const rpc::CallContext& call) -> absl::Status {
    db::TxOptions o;
    o.deadline = call.deadline;
    o.read_only = true;
    // One snapshot for the whole walk, so concurrent appends cannot look like breaks.
    o.isolation = db::Isolation::kRepeatableRead;
    ASSIGN_OR_RETURN(*resp, db::RunInTransaction<v1::VerifyAuditChainResponse>(
                                pool_, o, [&](pqxx::work& tx) {
                                  return VerifyAuditChains(tx, req->start_seq(), req->end_seq());
                                }));
    return absl::OkStatus();
  });
}

// Who touched a case, never what it holds. ADMIN reads the whole log (oversight); CASE_WORKER
// and AGENCY_SYSTEM read the log of one case they may see (e.g. for the employee's
// data-access request), anything else of theirs answers NOT_FOUND.
grpc::Status CaseServiceImpl::ListAuditEvents(grpc::ServerContext* ctx,
                                              const v1::ListAuditEventsRequest* req,
                                              v1::ListAuditEventsResponse* resp) {
  using google::protobuf::util::TimeUtil;
  return Run(ctx, "/collab.cases.v1.CaseService/ListAuditEvents",
                      [&](const rpc::CallContext& call) -> absl::Status {
    AuditFilter f;
    FieldViolations v;
    if (!req->case_name().empty()) {
      auto ids = ParseResourceName(req->case_name(), "cases/{}");
      if (!ids) v.Add("case_name", "must be a case name cases/{case}");
      else f.case_id = (*ids)[0];
    }
    const bool admin = auth::HasRole(call.principal, collab::common::v1::ROLE_ADMIN);
    if (!admin && req->case_name().empty()) {
      v.Add("case_name", "is required unless the caller is an administrator");
    }
    f.actor = req->actor();
    if (req->has_start_time()) f.start_micros = TimeUtil::TimestampToMicroseconds(req->start_time());
    if (req->has_end_time()) f.end_micros = TimeUtil::TimestampToMicroseconds(req->end_time());
    for (int a : req->actions()) {
      if (a == 0 || !v1::AuditAction_IsValid(a)) v.Add("actions", "holds an unknown action");
      f.actions.push_back(a);
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(f.case_id, "|", f.actor, "|", f.start_micros.value_or(-1), "|",
                                        f.end_micros.value_or(-1), "|", absl::StrJoin(f.actions, ","));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    const int64_t after_seq = after.size() == 1 ? std::stoll(after[0]) : 0;
    const Viewer viewer = ViewerOf(call.principal);
    db::TxOptions o;
    o.deadline = call.deadline;
    o.read_only = true;
    return db::RunInTransaction(pool_, o, [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      if (!admin) RETURN_IF_ERROR(LoadVisibleCase(tx, viewer, f.case_id, false).status());
      std::vector<v1::AuditEvent> rows = ListAuditEventRows(tx, f, after_seq, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      for (v1::AuditEvent& e : rows) *resp->add_audit_events() = std::move(e);
      if (more) resp->set_next_page_token(tokens_.Encode({std::to_string(rows.back().seq())}, fp));
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::cases
