// The status methods (AIP-136 custom methods): StartPlanning, StartInterventions, MarkReturned,
// CloseCase, ReopenCase. The state machine is domain/case_status.h; this file locks the case,
// checks the etag, applies the transition and writes the case, its audit row and its events in
// one transaction.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/outbox.h"
#include "services/cases/plan_store.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_service.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/milestone_view.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_refusal.h"
#include "services/cases/case_view.h"
#include "services/cases/domain/case_status.h"

namespace collab::cases {

struct CaseServiceImpl::TransitionInput {
  std::string name;
  std::string etag;
  std::string request_id;
  CaseTransition transition;
  int close_reason = 0;  // CloseCase
  std::string note;      // CloseCase, ReopenCase
  collab::common::v1::Date return_date;  // MarkReturned; unset = today
};

namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

// collab.cases.v1.CaseStatus is the domain enum + 1 (UNSPECIFIED = 0).
CaseStatus DomainStatus(int s) { return static_cast<CaseStatus>(s - 1); }
int ProtoStatus(CaseStatus s) { return static_cast<int>(s) + 1; }
// collab.cases.v1.CaseCloseReason and domain CloseReason share their order.
CloseReason DomainCloseReason(int r) {
  return v1::CaseCloseReason_IsValid(r) ? static_cast<CloseReason>(r) : CloseReason::kUnspecified;
}

constexpr size_t kMaxNote = 2000;

}  // namespace

grpc::Status CaseServiceImpl::Transition(grpc::ServerContext* ctx, const char* method,
                                         const google::protobuf::Message& request,
                                         const TransitionInput& in, v1::Case* resp) {
  return Run(ctx, method, [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(in.name, "cases/{}");
    if (!ids) return InvalidField("name", "must be a case name cases/{case}");
    const std::string id = (*ids)[0];
    if (in.note.size() > kMaxNote) return InvalidField("note", "must be at most 2000 characters");
    const absl::CivilDay today = SwedishToday();
    const Viewer viewer = ViewerOf(call.principal);
    db::TxOptions opts;
    opts.deadline = call.deadline;
    return db::RunInTransaction(pool_, opts, [&](pqxx::work& tx) -> absl::Status {
      // The case after the change and its progress. A fresh write sets them from the rows it
      // loads once for the refresh and the answer (the audit row, events and idempotency record
      // written after them change neither); a replay writes nothing and loads them below.
      std::optional<CaseRow> after;
      std::optional<CaseProgress> progress;
      ASSIGN_OR_RETURN(v1::Case stub, db::IdempotentCreateWithFingerprint<v1::Case>(
                                          tx, in.request_id, method,
                                          RequestFingerprint(keys_, request),
                                          [&](pqxx::work& t) -> absl::StatusOr<v1::Case> {
        std::optional<CaseRow> row = LoadCase(t, id, /*lock=*/true);
        if (!row) return absl::NotFoundError("case not found");
        auto consents = LoadConsents(t, {id}, viewer.organisation_id);
        const CaseVisibility vis = DecideVisibility(viewer, FactsOf(*row), consents[id], absl::Now());
        if (!vis.visible) return HiddenCaseError(id);  // audited as DENIED (case_refusal.h)
        if (!in.etag.empty() && in.etag != std::to_string(row->version)) {
          return absl::AbortedError(absl::StrCat("etag \"", in.etag, "\" is stale; the case is now at \"",
                                                 row->version, "\""));
        }
        const CaseStatus from = DomainStatus(row->status);
        absl::StatusOr<CaseStatus> to =
            ApplyTransition(from, in.transition, DomainCloseReason(in.close_reason));
        if (!to.ok()) {
          if (to.status().code() == absl::StatusCode::kInvalidArgument) {
            return InvalidField("reason", std::string(to.status().message()));
          }
          return WithErrorInfo(to.status(), kIllegalTransitionReason, handler_.error_domain());
        }
        StatusChange change;
        change.status = ProtoStatus(*to);
        change.return_date = row->return_date;
        absl::CivilDay change_day = today;
        switch (in.transition) {
          case CaseTransition::kMarkReturned: {
            absl::CivilDay day = today;
            if (!IsUnset(in.return_date)) {
              auto d = ToCivilDay(in.return_date);
              auto first = ParseIsoDate(row->first_sick_day);
              if (!d) return InvalidField("return_date", "is not a valid date");
              if (*d > today) return InvalidField("return_date", "must not be in the future");
              if (first && *d < *first) {
                return InvalidField("return_date", "must not be before the first sick day");
              }
              day = *d;
            }
            change.return_date = ToIsoDate(day);
            change_day = day;
            break;
          }
          case CaseTransition::kCloseCase:
            change.close_reason = in.close_reason;
            change.close_note = in.note;
            change.closed = true;
            break;
          case CaseTransition::kStartInterventions:
            // Interventions follow the plan (case_service.proto): a submitted plan, or a recorded
            // exemption from drawing one up (SFB 30 kap. 6 §).
            if (row->plan_exemption_reason == 0 &&
                !LoadPlanInState(t, id, v1::PLAN_STATE_SUBMITTED)) {
              return WithErrorInfo(
                  absl::FailedPreconditionError(
                      "interventions start once a return-to-work plan is submitted or the plan "
                      "is exempted (RecordPlanExemption)"),
                  "PLAN_NOT_SUBMITTED", handler_.error_domain());
            }
            break;
          case CaseTransition::kReopenCase:
            // Gallring is irreversible (case_service.proto): an erased case has no employee left
            // to work with, and reopening it would bring blank personal data back into use.
            if (row->erase_micros) {
              return WithErrorInfo(
                  absl::FailedPreconditionError(
                      "the case's personal data were erased (ErasePersonalData); register a new "
                      "case instead"),
                  "CASE_PERSONAL_DATA_ERASED", handler_.error_domain());
            }
            change.return_date.clear();
            break;
          default:
            break;
        }
        SetCaseStatus(t, id, change);
        // One load of the changed case and its milestone rows: closing or reopening refreshes
        // open_milestones from them, and the answer shows the progress computed from them.
        after = LoadCase(t, id, false);
        if (!after) return absl::NotFoundError("case not found");
        ASSIGN_OR_RETURN(CaseMilestones milestones, LoadCaseMilestones(t, *after, today));
        if (change.closed || row->status == v1::CASE_STATUS_CLOSED) {  // closing or reopening
          RETURN_IF_ERROR(RefreshMilestones(t, *after, milestones));
        }
        progress = ProgressOf(*after, milestones, today);
        std::vector<std::string> fields = {"status"};
        if (change.closed) fields.insert(fields.end(), {"close_reason", "close_note"});
        if (in.transition == CaseTransition::kMarkReturned) fields.push_back("return_date");
        RETURN_IF_ERROR(AppendAudit(t, call,
                                    {id, v1::AUDIT_ACTION_STATE_CHANGE, method, in.name, fields,
                                     AccessReason(call, AccessBasis(vis))}));
        // Pseudonymous events (issue 4, "Events").
        collab::events::v1::CaseStatusChanged changed;
        changed.set_case_name(in.name);
        changed.set_employer(absl::StrCat("organisations/", row->employer_id));
        changed.set_previous_status(static_cast<v1::CaseStatus>(row->status));
        changed.set_status(static_cast<v1::CaseStatus>(change.status));
        *changed.mutable_change_date() = FromCivilDay(change_day);
        changed.set_close_reason(static_cast<v1::CaseCloseReason>(change.close_reason));
        RETURN_IF_ERROR(db::AppendEvent(t, "collab.events.v1.CaseStatusChanged", id, changed).status());
        if (change.closed) {
          collab::events::v1::CaseClosed closed;
          closed.set_case_name(in.name);
          closed.set_employer(changed.employer());
          closed.set_close_reason(static_cast<v1::CaseCloseReason>(change.close_reason));
          *closed.mutable_close_date() = FromCivilDay(today);
          RETURN_IF_ERROR(db::AppendEvent(t, "collab.events.v1.CaseClosed", id, closed).status());
        }
        v1::Case c;
        c.set_name(in.name);
        return c;
      }));
      // Render the case as it now stands (a replay shows the current state).
      if (!after) {  // a replay
        after = LoadCase(tx, id, false);
        if (!after) return absl::NotFoundError("case not found");
      }
      auto consents = LoadConsents(tx, {id}, viewer.organisation_id);
      const CaseVisibility vis =
          DecideVisibility(viewer, FactsOf(*after), consents[id], absl::Now());
      if (!vis.visible) return absl::NotFoundError("case not found");
      if (!progress) {
        ASSIGN_OR_RETURN(progress, LoadProgress(tx, *after, today));
      }
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(*after, vis, keys_, today, *progress));
      *resp = std::move(rendered.proto);
      (void)stub;
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::StartPlanning(grpc::ServerContext* ctx,
                                            const v1::StartPlanningRequest* req, v1::Case* resp) {
  return Transition(ctx, METHOD("StartPlanning"), *req,
                    {req->name(), req->etag(), req->request_id(), CaseTransition::kStartPlanning},
                    resp);
}

grpc::Status CaseServiceImpl::StartInterventions(grpc::ServerContext* ctx,
                                                 const v1::StartInterventionsRequest* req,
                                                 v1::Case* resp) {
  return Transition(ctx, METHOD("StartInterventions"), *req,
                    {req->name(), req->etag(), req->request_id(),
                     CaseTransition::kStartInterventions},
                    resp);
}

grpc::Status CaseServiceImpl::MarkReturned(grpc::ServerContext* ctx,
                                           const v1::MarkReturnedRequest* req, v1::Case* resp) {
  TransitionInput in{req->name(), req->etag(), req->request_id(), CaseTransition::kMarkReturned};
  in.return_date = req->return_date();
  return Transition(ctx, METHOD("MarkReturned"), *req, in, resp);
}

grpc::Status CaseServiceImpl::CloseCase(grpc::ServerContext* ctx, const v1::CloseCaseRequest* req,
                                        v1::Case* resp) {
  TransitionInput in{req->name(), req->etag(), req->request_id(), CaseTransition::kCloseCase};
  in.close_reason = req->reason();
  in.note = req->note();
  return Transition(ctx, METHOD("CloseCase"), *req, in, resp);
}

grpc::Status CaseServiceImpl::ReopenCase(grpc::ServerContext* ctx, const v1::ReopenCaseRequest* req,
                                         v1::Case* resp) {
  TransitionInput in{req->name(), req->etag(), req->request_id(), CaseTransition::kReopenCase};
  in.note = req->note();
  return Transition(ctx, METHOD("ReopenCase"), *req, in, resp);
}

}  // namespace collab::cases
