// ErasePersonalData: gallring of a closed case (Riksarkivet RA-FS 2020:1: sick-leave records are
// erased 2 years after the period; domain.md, "Retention"). The personal and free-text data go
// (case_store.h EraseCasePersonalData); the pseudonymous statistics (dates, degrees, statuses,
// diagnosis category, milestones) stay, and so does the audit log, whose rows hold field names
// and resource names only, so its hash chain still verifies after the erase. The erase itself is
// case_erase.h EraseCaseData, which the retention sweep (retention_sweeper.h) runs too.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_erase.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"

namespace collab::cases {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

grpc::Status CaseServiceImpl::ErasePersonalData(grpc::ServerContext* ctx,
                                                const v1::ErasePersonalDataRequest* req,
                                                v1::Case* resp) {
  return Run(ctx, METHOD("ErasePersonalData"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}");
    if (!ids) return InvalidField("name", "must be a case name cases/{case}");
    const std::string id = (*ids)[0];
    const Viewer viewer = ViewerOf(call.principal);
    // The retention job runs as SERVICE (method_policy.cc, kCaseEraser) and sees no case by role:
    // it is let through on any case; a CASE_WORKER only on the cases it may see.
    const bool retention_job = auth::HasRole(call.principal, collab::common::v1::ROLE_SERVICE);
    db::TxOptions opts;
    opts.deadline = call.deadline;
    return db::RunInTransaction(pool_, opts, [&](pqxx::work& tx) -> absl::Status {
      auto load = [&](pqxx::work& t, bool lock) -> absl::StatusOr<VisibleCase> {
        if (!retention_job) return LoadVisibleCase(t, viewer, id, lock);
        std::optional<CaseRow> row = LoadCase(t, id, lock);
        if (!row) return absl::NotFoundError("case not found");
        CaseVisibility none;  // the job reads nothing personal
        none.visible = true;
        return VisibleCase{*std::move(row), std::move(none)};
      };
      const std::string basis = retention_job ? kRetentionAuditBasis : "";
      bool erased = false;
      ASSIGN_OR_RETURN(v1::Case stub, db::IdempotentCreateWithFingerprint<v1::Case>(
                                          tx, req->request_id(), METHOD("ErasePersonalData"),
                                          RequestFingerprint(keys_, *req),
                                          [&](pqxx::work& t) -> absl::StatusOr<v1::Case> {
        ASSIGN_OR_RETURN(VisibleCase vc, load(t, /*lock=*/true));
        if (!req->etag().empty() && req->etag() != std::to_string(vc.row.version)) {
          return absl::AbortedError(absl::StrCat("etag \"", req->etag(), "\" is stale; the case is now at \"",
                                                 vc.row.version, "\""));
        }
        ASSIGN_OR_RETURN(erased, EraseCaseData(t, call, vc.row,
                                               basis.empty() ? AccessBasis(vc.visibility) : basis));
        v1::Case c;
        c.set_name(req->name());
        return c;
      }));
      ASSIGN_OR_RETURN(VisibleCase vc, load(tx, false));
      const absl::CivilDay today = SwedishToday();
      ASSIGN_OR_RETURN(CaseProgress progress, LoadProgress(tx, vc.row, today));
      CaseVisibility shown = vc.visibility;
      if (retention_job) shown.identity_visible = false;
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(vc.row, shown, keys_, today, progress));
      if (!erased) {
        RETURN_IF_ERROR(AppendAudit(tx, call,
                                    {id, v1::AUDIT_ACTION_READ, METHOD("ErasePersonalData"), stub.name(),
                                     rendered.fields_read,
                                     AccessReason(call, basis.empty() ? AccessBasis(vc.visibility) : basis)}));
      }
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::cases
