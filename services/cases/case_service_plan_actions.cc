// The measures of a plan (åtgärder: GetPlanAction, ListPlanActions, CreatePlanAction,
// UpdatePlanAction, DeletePlanAction) and its comments (synpunkter: GetPlanComment,
// ListPlanComments, CreatePlanComment). A DRAFT plan is edited freely; in the SUBMITTED plan
// only the state of a measure moves; a SUPERSEDED plan is read-only (plan.proto). Who may write
// is plan_rules.h; each method is one RunInCase transaction (case_scope.h).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/sql_arrays.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/plan_rules.h"
#include "services/cases/plan_store.h"
#include "services/cases/plan_view.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

constexpr char kPlanParentHint[] = "must be a plan name cases/{case}/plans/{plan}";
constexpr size_t kMaxCommentText = 4000;

const std::vector<std::string> kActionFields = {"kind", "description", "owner_organisation",
                                                "owner_role", "start_date", "due_date",
                                                "state", "state_note"};

// The plan a child belongs to, within the case the scope admitted.
absl::StatusOr<PlanRow> PlanOf(const CaseScope& s, const std::string& plan_id) {
  std::optional<PlanRow> plan = LoadPlan(s.tx, s.vc.row.id, plan_id);
  if (!plan) return absl::NotFoundError("plan not found");
  return *std::move(plan);
}

// Reads an action / a comment of the scope's case as it now stands and appends the READ audit
// row (Get, and the replay of a create by request_id, whose record keeps the name only).
absl::StatusOr<v1::PlanAction> ReadPlanAction(const CaseScope& s, const std::string& name) {
  auto ids = ParseResourceName(name, "cases/{}/plans/{}/actions/{}");
  if (!ids) return absl::NotFoundError("plan action not found");
  ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
  std::optional<PlanActionRow> row = LoadPlanAction(s.tx, plan.id, (*ids)[2]);
  if (!row) return absl::NotFoundError("plan action not found");
  RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, name, kActionFields));
  return RenderPlanAction(*row);
}

absl::StatusOr<v1::PlanComment> ReadPlanComment(const CaseScope& s, const std::string& name) {
  auto ids = ParseResourceName(name, "cases/{}/plans/{}/comments/{}");
  if (!ids) return absl::NotFoundError("plan comment not found");
  ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
  std::optional<PlanCommentRow> row = LoadPlanComment(s.tx, plan.id, (*ids)[2]);
  if (!row) return absl::NotFoundError("plan comment not found");
  RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, name, {"author_kind", "text"}));
  return RenderPlanComment(*row);
}

absl::Status StaleEtag(const std::string& etag) {
  return absl::AbortedError(absl::StrCat("etag \"", etag, "\" is stale"));
}

}  // namespace

grpc::Status CaseServiceImpl::GetPlanAction(grpc::ServerContext* ctx,
                                            const v1::GetPlanActionRequest* req,
                                            v1::PlanAction* resp) {
  return Run(ctx, METHOD("GetPlanAction"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/plans/{}/actions/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/plans/{plan}/actions/{action}");
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanAction>(
                                pool_, keys_, call, {METHOD("GetPlanAction"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanAction> {
      return ReadPlanAction(s, req->name());
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListPlanActions(grpc::ServerContext* ctx,
                                              const v1::ListPlanActionsRequest* req,
                                              v1::ListPlanActionsResponse* resp) {
  return Run(ctx, METHOD("ListPlanActions"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}/plans/{}");
    if (!ids) return InvalidField("parent", kPlanParentHint);
    std::set<int> state_set;
    for (int st : req->states()) {
      if (st == 0 || !v1::PlanActionState_IsValid(st)) {
        return InvalidField("states", "holds an unknown state");
      }
      state_set.insert(st);
    }
    const std::vector<int> states(state_set.begin(), state_set.end());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(req->parent(), "|", db::IntArrayLiteral(states), "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ListPlanActionsResponse>(
                                pool_, keys_, call, {METHOD("ListPlanActions"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ListPlanActionsResponse> {
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      std::vector<PlanActionRow> rows =
          ListPlanActionRows(s.tx, plan.id, states, req->show_deleted(), after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      v1::ListPlanActionsResponse out;
      for (const PlanActionRow& r : rows) *out.add_actions() = RenderPlanAction(r);
      if (more) out.set_next_page_token(tokens_.Encode(PlanActionKey(rows.back()), fp));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_LIST, req->parent(), {"actions"}));
      return out;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::CreatePlanAction(grpc::ServerContext* ctx,
                                               const v1::CreatePlanActionRequest* req,
                                               v1::PlanAction* resp) {
  return Run(ctx, METHOD("CreatePlanAction"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}/plans/{}");
    if (!ids) return InvalidField("parent", kPlanParentHint);
    FieldViolations v;
    ValidatePlanActionInput(req->action(), v);
    RETURN_IF_ERROR(v.ToStatus());
    if (!req->action().owner_organisation().empty()) {
      RETURN_IF_ERROR(employers_.CheckOrganisation(
          call, OrganisationId(req->action().owner_organisation()), "action.owner_organisation"));
    }
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanAction>(
                                pool_, keys_, call,
                                {METHOD("CreatePlanAction"), (*ids)[0], kPlanActionWriters,
                                 CaseUse::kWrite, req, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanAction> {
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      if (plan.state != v1::PLAN_STATE_DRAFT) {
        return PlanStateError(handler_.error_domain(),
                              "actions are added to a DRAFT plan only; revise the plan with CreatePlan");
      }
      PlanActionRow row;
      row.id = NewUuid();
      row.plan_id = plan.id;
      row.case_id = plan.case_id;
      ApplyPlanActionInput(req->action(), row);
      InsertPlanAction(s.tx, row);
      std::optional<PlanActionRow> created = LoadPlanAction(s.tx, plan.id, row.id);
      v1::PlanAction out = RenderPlanAction(*created);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_CREATE, out.name(), kActionFields));
      return out;
    }, ReadPlanAction));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::UpdatePlanAction(grpc::ServerContext* ctx,
                                               const v1::UpdatePlanActionRequest* req,
                                               v1::PlanAction* resp) {
  return Run(ctx, METHOD("UpdatePlanAction"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->action().name(), "cases/{}/plans/{}/actions/{}");
    if (!ids) {
      return InvalidField("action.name", "must be cases/{case}/plans/{plan}/actions/{action}");
    }
    const auto& paths = req->update_mask().paths();
    if (std::find(paths.begin(), paths.end(), "owner_organisation") != paths.end() &&
        !req->action().owner_organisation().empty()) {
      const std::string org = OrganisationId(req->action().owner_organisation());
      if (org.empty()) return InvalidField("action.owner_organisation", "must be organisations/{organisation}");
      RETURN_IF_ERROR(employers_.CheckOrganisation(call, org, "action.owner_organisation"));
    }
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanAction>(
                                pool_, keys_, call,
                                {METHOD("UpdatePlanAction"), (*ids)[0], kPlanActionWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanAction> {
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      std::optional<PlanActionRow> row = LoadPlanAction(s.tx, plan.id, (*ids)[2]);
      if (!row) return absl::NotFoundError("plan action not found");
      if (!req->action().etag().empty() && req->action().etag() != std::to_string(row->version)) {
        return StaleEtag(req->action().etag());
      }
      if (row->delete_micros) return PlanStateError(handler_.error_domain(), "the action is deleted");
      if (plan.state == v1::PLAN_STATE_SUPERSEDED) {
        return PlanStateError(handler_.error_domain(), "a SUPERSEDED plan is read-only");
      }
      if (plan.state == v1::PLAN_STATE_SUBMITTED) {
        for (const std::string& p : paths) {
          if (std::find(kSubmittedActionUpdatable.begin(), kSubmittedActionUpdatable.end(), p) ==
                  kSubmittedActionUpdatable.end() &&
              std::find(kActionUpdatable.begin(), kActionUpdatable.end(), p) != kActionUpdatable.end()) {
            return PlanStateError(handler_.error_domain(),
                                  absl::StrCat("in a SUBMITTED plan only state and state_note of an "
                                               "action change; \"", p, "\" needs a revision"));
          }
        }
      }
      v1::PlanAction merged = RenderPlanAction(*row);
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), kActionUpdatable, req->action(), &merged));
      FieldViolations v;
      ValidatePlanActionInput(merged, v);
      RETURN_IF_ERROR(v.ToStatus());
      ApplyPlanActionInput(merged, *row);
      UpdatePlanActionRow(s.tx, *row);
      row = LoadPlanAction(s.tx, plan.id, row->id);
      v1::PlanAction out = RenderPlanAction(*row);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, out.name(), {paths.begin(), paths.end()}));
      return out;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::DeletePlanAction(grpc::ServerContext* ctx,
                                               const v1::DeletePlanActionRequest* req,
                                               v1::PlanAction* resp) {
  return Run(ctx, METHOD("DeletePlanAction"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/plans/{}/actions/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/plans/{plan}/actions/{action}");
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanAction>(
                                pool_, keys_, call,
                                {METHOD("DeletePlanAction"), (*ids)[0], kPlanActionWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanAction> {
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      std::optional<PlanActionRow> row = LoadPlanAction(s.tx, plan.id, (*ids)[2]);
      if (!row) return absl::NotFoundError("plan action not found");
      if (row->delete_micros) {  // a retried delete writes nothing: its answer is a read
        RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, req->name(), kActionFields));
        return RenderPlanAction(*row);
      }
      if (!req->etag().empty() && req->etag() != std::to_string(row->version)) {
        return StaleEtag(req->etag());
      }
      if (plan.state != v1::PLAN_STATE_DRAFT) {
        return PlanStateError(handler_.error_domain(),
                              "actions are deleted in a DRAFT plan only; in a submitted plan set "
                              "state DROPPED");
      }
      SoftDeletePlanAction(s.tx, plan.id, row->id);
      row = LoadPlanAction(s.tx, plan.id, row->id);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_DELETE, req->name(), {"action"}));
      return RenderPlanAction(*row);
    }));
    return absl::OkStatus();
  });
}

// ---------------------------------------------------------------------------------------------
// Comments

grpc::Status CaseServiceImpl::GetPlanComment(grpc::ServerContext* ctx,
                                             const v1::GetPlanCommentRequest* req,
                                             v1::PlanComment* resp) {
  return Run(ctx, METHOD("GetPlanComment"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/plans/{}/comments/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/plans/{plan}/comments/{comment}");
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanComment>(
                                pool_, keys_, call, {METHOD("GetPlanComment"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanComment> {
      return ReadPlanComment(s, req->name());
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListPlanComments(grpc::ServerContext* ctx,
                                               const v1::ListPlanCommentsRequest* req,
                                               v1::ListPlanCommentsResponse* resp) {
  return Run(ctx, METHOD("ListPlanComments"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}/plans/{}");
    if (!ids) return InvalidField("parent", kPlanParentHint);
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), req->parent()));
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ListPlanCommentsResponse>(
                                pool_, keys_, call, {METHOD("ListPlanComments"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ListPlanCommentsResponse> {
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      std::vector<PlanCommentRow> rows = ListPlanCommentRows(s.tx, plan.id, after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      v1::ListPlanCommentsResponse out;
      for (const PlanCommentRow& r : rows) *out.add_comments() = RenderPlanComment(r);
      if (more) out.set_next_page_token(tokens_.Encode(PlanCommentKey(rows.back()), req->parent()));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_LIST, req->parent(), {"comments"}));
      return out;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::CreatePlanComment(grpc::ServerContext* ctx,
                                                const v1::CreatePlanCommentRequest* req,
                                                v1::PlanComment* resp) {
  return Run(ctx, METHOD("CreatePlanComment"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}/plans/{}");
    if (!ids) return InvalidField("parent", kPlanParentHint);
    const v1::PlanComment& in = req->comment();
    FieldViolations v;
    if (in.author_kind() == 0 || !v1::PlanCommentAuthorKind_IsValid(in.author_kind())) {
      v.Add("comment.author_kind", "is required");
    }
    if (in.text().empty()) v.Add("comment.text", "is required");
    else if (in.text().size() > kMaxCommentText) v.Add("comment.text", "must be at most 4000 characters");
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::PlanComment>(
                                pool_, keys_, call,
                                {METHOD("CreatePlanComment"), (*ids)[0], kPlanCommenters,
                                 CaseUse::kWrite, req, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::PlanComment> {
      if (!MayCommentAs(s.viewer, in.author_kind())) {
        return absl::PermissionDeniedError(
            "comment.author_kind: the caller may not comment on behalf of that party");
      }
      ASSIGN_OR_RETURN(PlanRow plan, PlanOf(s, (*ids)[1]));
      if (plan.state == v1::PLAN_STATE_SUPERSEDED) {
        return PlanStateError(handler_.error_domain(), "a SUPERSEDED plan is read-only");
      }
      PlanCommentRow row;
      row.id = NewUuid();
      row.plan_id = plan.id;
      row.case_id = plan.case_id;
      row.author_kind = in.author_kind();
      row.text = in.text();
      row.recorded_by = call.principal.subject();
      InsertPlanComment(s.tx, row);
      std::optional<PlanCommentRow> created = LoadPlanComment(s.tx, plan.id, row.id);
      v1::PlanComment out = RenderPlanComment(*created);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_CREATE, out.name(), {"author_kind", "text"}));
      return out;
    }, ReadPlanComment));
    return absl::OkStatus();
  });
}

}  // namespace collab::cases
