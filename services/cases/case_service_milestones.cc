// Milestones across cases and their completion: ListOverdueMilestones, MarkMilestoneMet. The
// milestones are computed (domain/milestones.h); open ones are kept findable across cases in
// open_milestones (milestone_refresh.h), which also emits MilestoneMissed.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/status_macros.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/milestone_store.h"
#include "services/cases/milestone_view.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

constexpr size_t kMaxNote = 2000;

// Who may mark a milestone met: every role that sees the case, once the method policy
// (libs/auth/method_policy.cc, kCaseWriters) admitted the call.
const WriterRoles kMilestoneMarkers = {};

db::TxOptions Tx(absl::Time deadline) {
  db::TxOptions o;
  o.deadline = deadline;
  return o;
}

CaseAccessFacts FactsOfOpen(const OpenMilestoneRow& m) {
  CaseRow c;
  c.employer_id = m.employer_id;
  c.unit_id = m.unit_id;
  c.assigned_case_worker = m.assigned_case_worker;
  c.office_organisation_id = m.office_organisation_id;
  c.office_unit_id = m.office_unit_id;
  c.occupational_health_id = m.occupational_health_id;
  c.protected_identity = m.protected_identity;
  return FactsOf(c);
}

absl::StatusOr<OverdueFilter> ParseOverdueFilter(const v1::ListOverdueMilestonesRequest& req) {
  FieldViolations v;
  OverdueFilter f;
  f.assigned_case_worker = req.assigned_case_worker();
  if (!req.office().empty()) {
    auto [org, unit] = UnitIds(req.office());
    if (unit.empty()) v.Add("office", "must be organisations/{organisation}/units/{unit}");
    f.office_organisation_id = org;
    f.office_unit_id = unit;
  }
  if (!req.employer().empty() && (f.employer_id = OrganisationId(req.employer())).empty()) {
    v.Add("employer", "must be organisations/{organisation}");
  }
  if (!req.unit().empty()) {
    auto [org, unit] = UnitIds(req.unit());
    if (unit.empty()) v.Add("unit", "must be organisations/{organisation}/units/{unit}");
    if (f.employer_id.empty()) f.employer_id = org;
    else if (org != f.employer_id) v.Add("unit", "must be a unit of employer");
    f.unit_id = unit;
  }
  for (int k : req.kinds()) {
    if (!DomainKind(k)) v.Add("kinds", "holds an unknown milestone kind");
    f.kinds.push_back(k);
  }
  f.include_due = req.include_due();
  RETURN_IF_ERROR(v.ToStatus());
  return f;
}

}  // namespace

grpc::Status CaseServiceImpl::ListOverdueMilestones(grpc::ServerContext* ctx,
                                                    const v1::ListOverdueMilestonesRequest* req,
                                                    v1::ListOverdueMilestonesResponse* resp) {
  return Run(ctx, METHOD("ListOverdueMilestones"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(OverdueFilter f, ParseOverdueFilter(*req));
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = crypto::Sha256Hex(absl::StrCat(
        f.employer_id, "|", f.unit_id, "|", f.assigned_case_worker, "|", f.office_organisation_id,
        "|", f.office_unit_id, "|", absl::StrJoin(f.kinds, ","), "|", f.include_due));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    const Viewer viewer = ViewerOf(call.principal);
    if (!MaySeeCases(viewer.roles)) return absl::OkStatus();  // an empty list
    const absl::CivilDay today = SwedishToday();
    f.today = ToIsoDate(today);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      std::vector<OpenMilestoneRow> rows = ListOverdueOpenMilestones(tx, viewer, f, after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      std::vector<AuditEntry> audits;
      const absl::Time now = absl::Now();
      for (const OpenMilestoneRow& m : rows) {
        // No consent matters here: a milestone carries no restricted field.
        const CaseVisibility vis = DecideVisibility(viewer, FactsOfOpen(m), {}, now);
        if (!vis.visible) continue;  // the SQL filter already excludes these; fail closed anyway
        v1::Milestone out = OpenMilestoneProto(m, today);
        audits.push_back({m.case_id, v1::AUDIT_ACTION_LIST, METHOD("ListOverdueMilestones"),
                          out.name(), {"milestone"}, AccessReason(call, AccessBasis(vis))});
        *resp->add_milestones() = std::move(out);
      }
      RETURN_IF_ERROR(AppendAudits(tx, call, std::move(audits)));
      if (more) {
        const OpenMilestoneRow& last = rows.back();
        resp->set_next_page_token(tokens_.Encode({last.due_date, last.case_id, last.milestone_id}, fp));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::MarkMilestoneMet(grpc::ServerContext* ctx,
                                               const v1::MarkMilestoneMetRequest* req,
                                               v1::Milestone* resp) {
  return Run(ctx, METHOD("MarkMilestoneMet"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(MilestoneRef ref, ParseMilestoneName(req->name(), "name"));
    FieldViolations v;
    const absl::Time now = absl::Now();
    absl::Time met_time = now;
    if (req->has_met_time()) {
      if (auto t = CheckedTime(req->met_time(), "met_time", now, v)) met_time = *t;
    }
    if (req->note().size() > kMaxNote) v.Add("note", "must be at most 2000 characters");
    RETURN_IF_ERROR(v.ToStatus());
    const absl::CivilDay today = SwedishToday();
    const absl::CivilDay met_day = SwedishDay(met_time);
    // Marking writes on the case: refused once it is closed (case_scope.h). The case is entered
    // before the replay check, so a replay shows the milestone to a caller who may still see it.
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Milestone>(
                                pool_, keys_, call,
                                {METHOD("MarkMilestoneMet"), ref.case_id, kMilestoneMarkers,
                                 CaseUse::kWrite, /*create_request=*/nullptr, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Milestone> {
      bool marked = false;
      // Only the name is kept as the idempotent response: the note is personal data.
      ASSIGN_OR_RETURN(v1::Milestone stub, s.IdempotentCreate<v1::Milestone>(
                                               req->request_id(), *req,
                                               [&](pqxx::work&) -> absl::StatusOr<v1::Milestone> {
        if (ref.kind == MilestoneKind::kReturnToWorkPlan) {
          // The plan is met by its submission, with the plan on record (case_service.proto).
          return absl::FailedPreconditionError(
              "the return-to-work plan milestone is met by SubmitPlan, not marked");
        }
        ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(s.tx, s.vc.row, today));
        const Milestone* m = nullptr;
        for (const Milestone& x : all.milestones) {
          if (x.kind == ref.kind) m = &x;
        }
        if (!m) return absl::NotFoundError("milestone not found (the periods do not reach it)");
        if (m->state == MilestoneState::kMet) {
          return absl::FailedPreconditionError(
              absl::StrCat("the milestone was already met on ", ToIsoDate(*m->met_on)));
        }
        if (m->state == MilestoneState::kWaived) {
          // SFB 30 kap. 6 §: a plan that is not required cannot be late or met.
          return absl::FailedPreconditionError("the milestone is waived (no plan is required)");
        }
        if (absl::Status st = CheckMetDate(*m, met_day, today); !st.ok()) {
          if (st.code() == absl::StatusCode::kInvalidArgument) {
            return InvalidField("met_time", std::string(st.message()));
          }
          return st;
        }
        MetRow met;
        met.kind = ProtoKind(ref.kind);
        met.met_date = ToIsoDate(met_day);
        met.met_micros = absl::ToUnixMicros(met_time);
        met.met_by = call.principal.subject();
        met.note = req->note();
        // The employer's report belongs to a spell: a report recorded before this spell's
        // window opened was for an earlier spell (domain/milestones.h), and this one replaces it.
        std::optional<std::string> replaces_before;
        if (ref.kind == MilestoneKind::kEmployerReport) replaces_before = ToIsoDate(m->window_start);
        if (!InsertMilestoneMet(s.tx, ref.case_id, met, replaces_before)) {
          return absl::AbortedError("the milestone was marked met concurrently; retry");
        }
        RETURN_IF_ERROR(RefreshMilestones(s.tx, s.vc.row, today));
        std::vector<std::string> fields = {"met_time", "met_by"};
        if (!req->note().empty()) fields.push_back("note");
        RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, req->name(), fields));
        collab::events::v1::MilestoneMet e;
        e.set_case_name(s.CaseName());
        e.set_employer(s.EmployerName());
        e.set_kind(static_cast<v1::MilestoneKind>(ProtoKind(ref.kind)));
        *e.mutable_due_date() = FromCivilDay(m->due_date);
        *e.mutable_met_date() = FromCivilDay(met_day);
        e.set_on_time(met_day <= m->due_date);
        RETURN_IF_ERROR(
            db::AppendEvent(s.tx, "collab.events.v1.MilestoneMet", ref.case_id, e).status());
        marked = true;
        v1::Milestone name_only;
        name_only.set_name(req->name());
        return name_only;
      }));
      // The milestone as it now stands (a replay shows it again: that is a read).
      ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(s.tx, s.vc.row, today));
      v1::Milestone out;
      for (const Milestone& m : all.milestones) {
        if (m.kind == ref.kind) out = MilestoneProto(all, m, s.vc.row);
      }
      if (!marked) RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, stub.name(), {"milestone"}));
      return out;
    }));
    return absl::OkStatus();
  });
}

}  // namespace collab::cases
