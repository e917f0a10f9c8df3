// Return-to-work plans (plan för återgång i arbete): GetPlan, ListPlans, CreatePlan, UpdatePlan,
// DeletePlan, SubmitPlan, and the plan facts of the case: RecordPlanExemption,
// ClearPlanExemption, RequestPlan (SFB 30 kap. 6 §; plan.proto explains the versions). Who may
// write is plan_rules.h; each method is one RunInCase transaction (case_scope.h).
#include <set>

#include "absl/strings/str_cat.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/outbox.h"
#include "libs/db/sql_arrays.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/milestone_view.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/domain/rehab_chain.h"
#include "services/cases/plan_rules.h"
#include "services/cases/plan_store.h"
#include "services/cases/plan_view.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

constexpr char kPlanNamePattern[] = "cases/{}/plans/{}";
constexpr char kPlanNameHint[] = "must be cases/{case}/plans/{plan}";
constexpr size_t kMaxNote = 2000;

// The plan fields an audit row names when a plan's content is read or written.
const std::vector<std::string> kPlanFields = {"goal", "expected_return_date",
                                              "expected_remaining_degree",
                                              "employee_participated", "employee_view"};

absl::Status StaleEtag(const std::string& etag) {
  return absl::AbortedError(absl::StrCat("etag \"", etag, "\" is stale"));
}

// A plan's measures are a handful; the bound only keeps a runaway plan from loading unbounded.
constexpr int kMaxActionsPerPlan = 5000;

std::vector<PlanActionRow> LiveActions(pqxx::work& tx, const std::string& plan_id) {
  return ListPlanActionRows(tx, plan_id, {}, /*show_deleted=*/false, {}, kMaxActionsPerPlan);
}

// Reads a plan of the scope's case as it now stands and appends the READ audit row (GetPlan,
// and the replay of CreatePlan / SubmitPlan by request_id, whose record keeps the name only).
absl::StatusOr<v1::ReturnToWorkPlan> ReadPlan(const CaseScope& s, const std::string& plan_name,
                                              const CaseKeys& keys) {
  auto ids = ParseResourceName(plan_name, kPlanNamePattern);
  std::optional<PlanRow> row = ids ? LoadPlan(s.tx, s.vc.row.id, (*ids)[1]) : std::nullopt;
  if (!row) return absl::NotFoundError("plan not found");
  ASSIGN_OR_RETURN(v1::ReturnToWorkPlan plan, RenderPlan(*row, keys));
  RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, plan.name(), kPlanFields));
  return plan;
}

}  // namespace

grpc::Status CaseServiceImpl::GetPlan(grpc::ServerContext* ctx, const v1::GetPlanRequest* req,
                                      v1::ReturnToWorkPlan* resp) {
  return Run(ctx, METHOD("GetPlan"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), kPlanNamePattern);
    if (!ids) return InvalidField("name", kPlanNameHint);
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ReturnToWorkPlan>(
                                pool_, keys_, call, {METHOD("GetPlan"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ReturnToWorkPlan> {
      return ReadPlan(s, req->name(), keys_);
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListPlans(grpc::ServerContext* ctx, const v1::ListPlansRequest* req,
                                        v1::ListPlansResponse* resp) {
  return Run(ctx, METHOD("ListPlans"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    std::set<int> state_set;
    for (int st : req->states()) {
      if (st == 0 || !v1::PlanState_IsValid(st)) return InvalidField("states", "holds an unknown state");
      state_set.insert(st);
    }
    const std::vector<int> states(state_set.begin(), state_set.end());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat((*ids)[0], "|", db::IntArrayLiteral(states));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    int before_version = 0;
    if (after.size() == 1) before_version = std::stoi(after[0]);
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ListPlansResponse>(
                                pool_, keys_, call, {METHOD("ListPlans"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ListPlansResponse> {
      v1::ListPlansResponse out;
      std::vector<PlanRow> rows = ListPlanRows(s.tx, (*ids)[0], states, before_version, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      for (const PlanRow& r : rows) {
        ASSIGN_OR_RETURN(*out.add_plans(), RenderPlan(r, keys_));
      }
      if (more) out.set_next_page_token(tokens_.Encode({std::to_string(rows.back().plan_version)}, fp));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_LIST, req->parent(), {"plans"}));
      return out;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::CreatePlan(grpc::ServerContext* ctx, const v1::CreatePlanRequest* req,
                                         v1::ReturnToWorkPlan* resp) {
  return Run(ctx, METHOD("CreatePlan"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    const std::string case_id = (*ids)[0];
    FieldViolations v;
    ValidatePlanInput(req->plan(), v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ReturnToWorkPlan>(
                                pool_, keys_, call,
                                {METHOD("CreatePlan"), case_id, kPlanDrafters, CaseUse::kWrite, req,
                                 req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ReturnToWorkPlan> {
      if (auto draft = LoadPlanInState(s.tx, case_id, v1::PLAN_STATE_DRAFT)) {
        return PlanStateError(handler_.error_domain(), absl::StrCat("the case already has a draft plan: ",
                                           PlanName(case_id, draft->id)));
      }
      std::optional<PlanRow> current = LoadPlanInState(s.tx, case_id, v1::PLAN_STATE_SUBMITTED);
      if (req->copy_current_actions() && !current) {
        return PlanStateError(handler_.error_domain(), "copy_current_actions: the case has no submitted plan to revise");
      }
      PlanRow row;
      row.id = NewUuid();
      row.case_id = case_id;
      row.author = call.principal.subject();
      if (current) row.previous_version_id = current->id;
      RETURN_IF_ERROR(SealPlanInput(req->plan(), keys_, row));
      row = InsertPlan(s.tx, row);
      std::vector<std::string> fields;
      for (const auto& [field, set] : std::vector<std::pair<std::string, bool>>{
               {"goal", !req->plan().goal().empty()},
               {"expected_return_date", !row.expected_return_date.empty()},
               {"expected_remaining_degree", row.expected_remaining_degree != 0},
               {"employee_participated", row.employee_participated},
               {"employee_view", !req->plan().employee_view().empty()}}) {
        if (set) fields.push_back(field);
      }
      if (req->copy_current_actions()) {
        // A revision starts from the measures in force (plan.proto, "Versions").
        for (PlanActionRow a : LiveActions(s.tx, current->id)) {
          a.id = NewUuid();
          a.plan_id = row.id;
          InsertPlanAction(s.tx, a);
        }
        fields.push_back("actions");
      }
      ASSIGN_OR_RETURN(v1::ReturnToWorkPlan plan, RenderPlan(row, keys_));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_CREATE, plan.name(), fields));
      return plan;
    }, [&](const CaseScope& s, const std::string& name) { return ReadPlan(s, name, keys_); }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::UpdatePlan(grpc::ServerContext* ctx, const v1::UpdatePlanRequest* req,
                                         v1::ReturnToWorkPlan* resp) {
  return Run(ctx, METHOD("UpdatePlan"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->plan().name(), kPlanNamePattern);
    if (!ids) return InvalidField("plan.name", kPlanNameHint);
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ReturnToWorkPlan>(
                                pool_, keys_, call,
                                {METHOD("UpdatePlan"), (*ids)[0], kPlanDrafters, CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ReturnToWorkPlan> {
      std::optional<PlanRow> row = LoadPlan(s.tx, (*ids)[0], (*ids)[1]);
      if (!row) return absl::NotFoundError("plan not found");
      if (!req->plan().etag().empty() && req->plan().etag() != std::to_string(row->version)) {
        return StaleEtag(req->plan().etag());
      }
      if (row->state != v1::PLAN_STATE_DRAFT) {
        return PlanStateError(handler_.error_domain(), "only a DRAFT plan may be changed; start a revision with CreatePlan");
      }
      ASSIGN_OR_RETURN(v1::ReturnToWorkPlan merged, RenderPlan(*row, keys_));
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), kPlanUpdatable, req->plan(), &merged));
      FieldViolations v;
      ValidatePlanInput(merged, v);
      RETURN_IF_ERROR(v.ToStatus());
      RETURN_IF_ERROR(SealPlanInput(merged, keys_, *row));
      UpdatePlanRow(s.tx, *row);
      row = LoadPlan(s.tx, (*ids)[0], (*ids)[1]);
      ASSIGN_OR_RETURN(v1::ReturnToWorkPlan plan, RenderPlan(*row, keys_));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, plan.name(),
                              {req->update_mask().paths().begin(), req->update_mask().paths().end()}));
      return plan;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::DeletePlan(grpc::ServerContext* ctx, const v1::DeletePlanRequest* req,
                                         google::protobuf::Empty*) {
  return Run(ctx, METHOD("DeletePlan"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), kPlanNamePattern);
    if (!ids) return InvalidField("name", kPlanNameHint);
    return RunInCase<google::protobuf::Empty>(
               pool_, keys_, call, {METHOD("DeletePlan"), (*ids)[0], kPlanDrafters, CaseUse::kWrite},
               [&](const CaseScope& s) -> absl::StatusOr<google::protobuf::Empty> {
      std::optional<PlanRow> row = LoadPlan(s.tx, (*ids)[0], (*ids)[1]);
      if (!row) return absl::NotFoundError("plan not found");
      if (!req->etag().empty() && req->etag() != std::to_string(row->version)) {
        return StaleEtag(req->etag());
      }
      if (row->state != v1::PLAN_STATE_DRAFT) {
        return PlanStateError(handler_.error_domain(), "only a DRAFT plan may be discarded");
      }
      DeletePlanRow(s.tx, (*ids)[0], (*ids)[1]);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_DELETE, req->name(), {"plan", "actions", "comments"}));
      return google::protobuf::Empty();
    }).status();
  });
}

grpc::Status CaseServiceImpl::SubmitPlan(grpc::ServerContext* ctx, const v1::SubmitPlanRequest* req,
                                         v1::ReturnToWorkPlan* resp) {
  return Run(ctx, METHOD("SubmitPlan"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), kPlanNamePattern);
    if (!ids) return InvalidField("name", kPlanNameHint);
    const std::string case_id = (*ids)[0], plan_id = (*ids)[1];
    const absl::CivilDay today = SwedishToday();
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ReturnToWorkPlan>(
                                pool_, keys_, call,
                                {METHOD("SubmitPlan"), case_id, kPlanDrafters, CaseUse::kWrite, req,
                                 req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ReturnToWorkPlan> {
      std::optional<PlanRow> row = LoadPlan(s.tx, case_id, plan_id);
      if (!row) return absl::NotFoundError("plan not found");
      if (!req->etag().empty() && req->etag() != std::to_string(row->version)) {
        return StaleEtag(req->etag());
      }
      if (row->state != v1::PLAN_STATE_DRAFT) return PlanStateError(handler_.error_domain(), "only a DRAFT plan may be submitted");
      ASSIGN_OR_RETURN(v1::ReturnToWorkPlan draft, RenderPlan(*row, keys_));
      const std::vector<PlanActionRow> actions = LiveActions(s.tx, plan_id);
      RETURN_IF_ERROR(CheckSubmittable(draft, static_cast<int>(actions.size()), handler_.error_domain()));
      SubmitPlanRow(s.tx, case_id, plan_id, call.principal.subject());
      // The submission meets the plan milestone (domain/milestones.h: MET once a date is on
      // record), on the Swedish calendar day it was made.
      RecordPlanMilestoneMet(s.tx, case_id, ToIsoDate(today), call.principal.subject());
      std::optional<CaseRow> case_row = LoadCase(s.tx, case_id, false);
      if (!case_row) return absl::NotFoundError("case not found");
      // One load of the periods and met rows refreshes open_milestones and gives the event's chain
      // day (0 while no period is recorded).
      ASSIGN_OR_RETURN(CaseMilestones milestones, LoadCaseMilestones(s.tx, *case_row, today));
      RETURN_IF_ERROR(RefreshMilestones(s.tx, *case_row, milestones));
      row = LoadPlan(s.tx, case_id, plan_id);
      ASSIGN_OR_RETURN(v1::ReturnToWorkPlan plan, RenderPlan(*row, keys_));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_STATE_CHANGE, plan.name(),
                              {"state", "submit_time", "submitted_by"}));
      // Pseudonymous (case_events.proto): no goal, no text, only what statistics need.
      collab::events::v1::PlanSubmitted e;
      e.set_case_name(s.CaseName());
      e.set_employer(s.EmployerName());
      e.set_plan(plan.name());
      e.set_version(plan.version());
      *e.mutable_submit_date() = FromCivilDay(today);
      e.set_chain_day(milestones.chain.empty() ? 0 : milestones.chain.ChainDayOn(today));
      for (const PlanActionRow& a : actions) e.add_action_kinds(static_cast<v1::PlanActionKind>(a.kind));
      RETURN_IF_ERROR(db::AppendEvent(s.tx, "collab.events.v1.PlanSubmitted", case_id, e).status());
      return plan;
    }, [&](const CaseScope& s, const std::string& name) { return ReadPlan(s, name, keys_); }));
    return absl::OkStatus();
  });
}

// ---------------------------------------------------------------------------------------------
// The plan facts of the case row.

namespace {

// RecordPlanExemption, ClearPlanExemption and RequestPlan change one plan fact of the case row
// and answer the case: the shape of the status transitions (case_service_status.cc), kept here
// for the plan facts.

struct PlanFactInput {
  std::string name;
  std::string etag;
  std::string request_id;
  const WriterRoles* writers = nullptr;
  // Checks the current row and writes the change; returns the audit fields.
  std::function<absl::StatusOr<std::vector<std::string>>(const CaseScope&)> apply;
  // Checks of the request alone, before any transaction (optional).
  std::function<absl::Status()> validate;
};

grpc::Status ChangePlanFact(CaseServiceImpl::Runner run, db::ConnectionPool& pool,
                            const CaseKeys& keys, grpc::ServerContext* ctx, const char* method,
                            const google::protobuf::Message& request, const PlanFactInput& in,
                            v1::Case* resp) {
  return run(ctx, method, [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(in.name, "cases/{}");
    if (!ids) return InvalidField("name", "must be a case name cases/{case}");
    const std::string case_id = (*ids)[0];
    if (in.validate) RETURN_IF_ERROR(in.validate());
    const absl::CivilDay today = SwedishToday();
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Case>(
                                pool, keys, call,
                                {method, case_id, *in.writers, CaseUse::kWrite,
                                 /*create_request=*/nullptr, in.request_id},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Case> {
      // The case after the change and its progress: a fresh write sets them from the rows its
      // refresh loads (the audit row and idempotency record written after change neither).
      std::optional<CaseRow> row;
      std::optional<CaseProgress> progress;
      // A replay by request_id writes nothing and shows the case as it now stands.
      ASSIGN_OR_RETURN(v1::Case stub, s.IdempotentCreate<v1::Case>(
                                          in.request_id, request,
                                          [&](pqxx::work&) -> absl::StatusOr<v1::Case> {
        if (!in.etag.empty() && in.etag != std::to_string(s.vc.row.version)) {
          return absl::AbortedError(absl::StrCat("etag \"", in.etag, "\" is stale; the case is now at \"",
                                                 s.vc.row.version, "\""));
        }
        ASSIGN_OR_RETURN(std::vector<std::string> fields, in.apply(s));
        // The plan facts move the plan milestone (WAIVED, due at once): keep open_milestones exact.
        row = LoadCase(s.tx, case_id, false);
        if (!row) return absl::NotFoundError("case not found");
        ASSIGN_OR_RETURN(CaseMilestones milestones, LoadCaseMilestones(s.tx, *row, today));
        RETURN_IF_ERROR(RefreshMilestones(s.tx, *row, milestones));
        progress = ProgressOf(*row, milestones, today);
        RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, in.name, fields));
        v1::Case c;
        c.set_name(in.name);
        return c;
      }));
      (void)stub;
      if (!progress) {  // a replay wrote and loaded nothing
        row = LoadCase(s.tx, case_id, false);
        if (!row) return absl::NotFoundError("case not found");
        ASSIGN_OR_RETURN(progress, LoadProgress(s.tx, *row, today));
      }
      ASSIGN_OR_RETURN(RenderedCase rendered,
                       RenderCase(*row, s.vc.visibility, keys, today, *progress));
      return std::move(rendered.proto);
    }));
    return absl::OkStatus();
  });
}

absl::Status AppendExemptionChanged(const CaseScope& s, int reason) {
  collab::events::v1::PlanExemptionChanged e;
  e.set_case_name(s.CaseName());
  e.set_employer(s.EmployerName());
  e.set_reason(static_cast<v1::PlanExemptionReason>(reason));
  *e.mutable_change_date() = FromCivilDay(SwedishToday());
  return db::AppendEvent(s.tx, "collab.events.v1.PlanExemptionChanged", s.vc.row.id, e).status();
}

}  // namespace

grpc::Status CaseServiceImpl::RecordPlanExemption(grpc::ServerContext* ctx,
                                                  const v1::RecordPlanExemptionRequest* req,
                                                  v1::Case* resp) {
  PlanFactInput in{req->name(), req->etag(), req->request_id(), &kPlanExemptionWriters,
                   [&](const CaseScope& s) -> absl::StatusOr<std::vector<std::string>> {
    SetPlanExemption(s.tx, s.vc.row.id, req->reason(), req->note(), s.call.principal.subject());
    RETURN_IF_ERROR(AppendExemptionChanged(s, req->reason()));
    return std::vector<std::string>{"plan_exemption"};
  }};
  in.validate = [&] {
    FieldViolations v;
    // SFB 30 kap. 6 § andra stycket names three reasons.
    if (req->reason() == 0 || !v1::PlanExemptionReason_IsValid(req->reason())) {
      v.Add("reason", "is required: one of the reasons of SFB 30 kap. 6 § andra stycket");
    }
    if (req->note().size() > kMaxNote) v.Add("note", "must be at most 2000 characters");
    return v.ToStatus();
  };
  return ChangePlanFact(Runner(this), pool_, keys_, ctx, METHOD("RecordPlanExemption"), *req, in, resp);
}

grpc::Status CaseServiceImpl::ClearPlanExemption(grpc::ServerContext* ctx,
                                                 const v1::ClearPlanExemptionRequest* req,
                                                 v1::Case* resp) {
  PlanFactInput in{req->name(), req->etag(), req->request_id(), &kPlanExemptionWriters,
                   [&](const CaseScope& s) -> absl::StatusOr<std::vector<std::string>> {
    if (s.vc.row.plan_exemption_reason == 0) {
      return PlanStateError(handler_.error_domain(), "no plan exemption is recorded for the case");
    }
    // The need for a plan is known from today: the plan is due at once (SFB 30 kap. 6 §).
    ClearPlanExemptionRow(s.tx, s.vc.row.id, ToIsoDate(SwedishToday()));
    RETURN_IF_ERROR(AppendExemptionChanged(s, v1::PLAN_EXEMPTION_REASON_UNSPECIFIED));
    return std::vector<std::string>{"plan_exemption"};
  }};
  return ChangePlanFact(Runner(this), pool_, keys_, ctx, METHOD("ClearPlanExemption"), *req, in, resp);
}

grpc::Status CaseServiceImpl::RequestPlan(grpc::ServerContext* ctx,
                                          const v1::RequestPlanRequest* req, v1::Case* resp) {
  PlanFactInput in{req->name(), req->etag(), req->request_id(), &kPlanRequesters,
                   [&](const CaseScope& s) -> absl::StatusOr<std::vector<std::string>> {
    SetPlanRequested(s.tx, s.vc.row.id);
    return std::vector<std::string>{"plan_request_time"};
  }};
  return ChangePlanFact(Runner(this), pool_, keys_, ctx, METHOD("RequestPlan"), *req, in, resp);
}

}  // namespace collab::cases
