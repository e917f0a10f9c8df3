// Sick-leave periods (Create, Get, List, Update, Delete) and the milestones computed from them
// (GetMilestone, ListMilestones). Every period write refreshes the case's open milestones in
// its transaction (milestone_refresh.h). The chain rules are domain/rehab_chain.h and
// domain/milestones.h.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/domain/milestones.h"
#include "services/cases/domain/rehab_chain.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/milestone_view.h"
#include "services/cases/period_store.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name
using google::protobuf::util::TimeUtil;

db::TxOptions Tx(absl::Time deadline) {
  db::TxOptions o;
  o.deadline = deadline;
  return o;
}

std::string PeriodName(const PeriodRow& p) {
  return absl::StrCat("cases/", p.case_id, "/sickLeavePeriods/", p.id);
}

// Live periods with the chain's annotations (continues_previous, chain_days_before).
absl::StatusOr<std::vector<v1::SickLeavePeriod>> Annotated(const std::vector<PeriodRow>& rows) {
  std::vector<SickLeavePeriod> live;
  std::vector<size_t> live_index;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].delete_micros) continue;
    live.push_back(ToDomain(rows[i]));
    live_index.push_back(i);
  }
  ASSIGN_OR_RETURN(RehabChain chain, RehabChain::Build(live));
  std::vector<v1::SickLeavePeriod> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const PeriodRow& r = rows[i];
    v1::SickLeavePeriod& p = out[i];
    p.set_name(PeriodName(r));
    *p.mutable_period()->mutable_start_date() = FromCivilDay(*ParseIsoDate(r.start_date));
    if (!r.end_date.empty()) *p.mutable_period()->mutable_end_date() = FromCivilDay(*ParseIsoDate(r.end_date));
    p.set_degree(static_cast<v1::SickLeaveDegree>(r.degree));
    p.set_basis(static_cast<v1::SickLeaveBasis>(r.basis));
    *p.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r.create_micros);
    *p.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(r.update_micros);
    if (r.delete_micros) *p.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(*r.delete_micros);
    p.set_etag(std::to_string(r.version));
  }
  for (const ChainPeriod& cp : chain.periods()) {
    v1::SickLeavePeriod& p = out[live_index[cp.input_index]];
    p.set_continues_previous(cp.continues_previous);
    p.set_chain_days_before(cp.chain_days_before);
  }
  return out;
}

absl::Status ValidatePeriodInput(const v1::SickLeavePeriod& in, PeriodRow& row) {
  FieldViolations v;
  auto start = ToCivilDay(in.period().start_date());
  if (!in.period().has_start_date()) v.Add("sick_leave_period.period.start_date", "is required");
  else if (!start) v.Add("sick_leave_period.period.start_date", "is not a valid date");
  if (in.period().has_end_date()) {
    auto end = ToCivilDay(in.period().end_date());
    if (!end) v.Add("sick_leave_period.period.end_date", "is not a valid date");
    else if (start && *end < *start) v.Add("sick_leave_period.period.end_date", "must not be before start_date");
    else row.end_date = ToIsoDate(*end);
  }
  if (in.degree() < 1 || in.degree() > 4) {
    v.Add("sick_leave_period.degree", "must be 25, 50, 75 or 100 percent");
  }
  if (!v1::SickLeaveBasis_IsValid(in.basis())) v.Add("sick_leave_period.basis", "is not a known value");
  RETURN_IF_ERROR(v.ToStatus());
  row.start_date = ToIsoDate(*start);
  row.degree = in.degree();
  row.basis = in.basis();
  return absl::OkStatus();
}

// Who may write periods: every role that sees the case, once the method policy
// (libs/auth/method_policy.cc, kCaseWriters) admitted the call.
const WriterRoles kPeriodWriters = {};

// Appends SickLeavePeriodSet, which carries the period after the change (case_events.proto).
absl::Status AppendPeriodSet(const CaseScope& s, const v1::SickLeavePeriod& p,
                             collab::events::v1::ChangeKind kind) {
  collab::events::v1::SickLeavePeriodSet e;
  e.set_case_name(s.CaseName());
  e.set_employer(s.EmployerName());
  e.set_sick_leave_period(p.name());
  e.set_change_kind(kind);
  *e.mutable_period() = p.period();
  e.set_degree(p.degree());
  e.set_continues_previous(p.continues_previous());
  e.set_chain_days_before(p.chain_days_before());
  return db::AppendEvent(s.tx, "collab.events.v1.SickLeavePeriodSet", s.vc.row.id, e).status();
}

// The periods of the case, `candidate` included (replacing the live period of the same id):
// FAILED_PRECONDITION when two share a day (domain/rehab_chain.h ValidateNoOverlaps).
absl::Status CheckNoOverlap(pqxx::work& tx, const PeriodRow& candidate) {
  std::vector<SickLeavePeriod> live;
  for (const PeriodRow& p : ListPeriods(tx, candidate.case_id, false)) {
    if (p.id != candidate.id) live.push_back(ToDomain(p));
  }
  live.push_back(ToDomain(candidate));
  if (absl::Status s = ValidateNoOverlaps(live); !s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the period overlaps a sick-leave period of the case: ", s.message()));
  }
  return absl::OkStatus();
}

// The period `id` of the case with the chain's annotations of all live periods.
absl::StatusOr<v1::SickLeavePeriod> AnnotatedPeriod(pqxx::work& tx, const PeriodRow& row) {
  ASSIGN_OR_RETURN(auto annotated, Annotated(ListPeriods(tx, row.case_id, true)));
  for (auto& p : annotated) {
    if (p.name() == PeriodName(row)) return std::move(p);
  }
  return absl::InternalError("written period vanished");
}

}  // namespace

grpc::Status CaseServiceImpl::CreateSickLeavePeriod(grpc::ServerContext* ctx,
                                                    const v1::CreateSickLeavePeriodRequest* req,
                                                    v1::SickLeavePeriod* resp) {
  return Run(ctx, METHOD("CreateSickLeavePeriod"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    PeriodRow row;
    row.case_id = (*ids)[0];
    row.id = NewUuid();
    RETURN_IF_ERROR(ValidatePeriodInput(req->sick_leave_period(), row));
    // The case row lock (CaseUse::kWrite) serialises the period writers of one case.
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::SickLeavePeriod>(
                                pool_, keys_, call,
                                {METHOD("CreateSickLeavePeriod"), row.case_id, kPeriodWriters,
                                 CaseUse::kWrite, req, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::SickLeavePeriod> {
      RETURN_IF_ERROR(CheckNoOverlap(s.tx, row));
      InsertPeriod(s.tx, row);
      RETURN_IF_ERROR(RefreshMilestones(s.tx, s.vc.row, SwedishToday()));
      ASSIGN_OR_RETURN(v1::SickLeavePeriod created, AnnotatedPeriod(s.tx, row));
      RETURN_IF_ERROR(
          s.Audit(v1::AUDIT_ACTION_CREATE, created.name(), {"period", "degree", "basis"}));
      RETURN_IF_ERROR(AppendPeriodSet(s, created, collab::events::v1::CHANGE_KIND_CREATED));
      return created;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListSickLeavePeriods(grpc::ServerContext* ctx,
                                                   const v1::ListSickLeavePeriodsRequest* req,
                                                   v1::ListSickLeavePeriodsResponse* resp) {
  return Run(ctx, METHOD("ListSickLeavePeriods"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat((*ids)[0], "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    size_t offset = 0;
    if (after.size() == 1) offset = std::stoul(after[0]);
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, (*ids)[0], false));
      ASSIGN_OR_RETURN(auto all, Annotated(ListPeriods(tx, (*ids)[0], req->show_deleted())));
      for (size_t i = offset; i < all.size() && i < offset + limit; ++i) {
        *resp->add_sick_leave_periods() = all[i];
      }
      if (offset + limit < all.size()) {
        resp->set_next_page_token(tokens_.Encode({std::to_string(offset + limit)}, fp));
      }
      return AppendAudit(tx, call,
                         {(*ids)[0], v1::AUDIT_ACTION_LIST, METHOD("ListSickLeavePeriods"),
                          req->parent(), {"sick_leave_periods"},
                          AccessReason(call, AccessBasis(vc.visibility))});
    });
  });
}

grpc::Status CaseServiceImpl::UpdateSickLeavePeriod(grpc::ServerContext* ctx,
                                                    const v1::UpdateSickLeavePeriodRequest* req,
                                                    v1::SickLeavePeriod* resp) {
  return Run(ctx, METHOD("UpdateSickLeavePeriod"), [&](const rpc::CallContext& call) -> absl::Status {
    const v1::SickLeavePeriod& in = req->sick_leave_period();
    auto ids = ParseResourceName(in.name(), "cases/{}/sickLeavePeriods/{}");
    if (!ids) {
      return InvalidField("sick_leave_period.name",
                          "must be cases/{case}/sickLeavePeriods/{sick_leave_period}");
    }
    // The case row lock (CaseUse::kWrite) serialises the period writers of one case (overlaps).
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::SickLeavePeriod>(
                                pool_, keys_, call,
                                {METHOD("UpdateSickLeavePeriod"), (*ids)[0], kPeriodWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::SickLeavePeriod> {
      std::optional<PeriodRow> stored = LoadPeriod(s.tx, (*ids)[0], (*ids)[1]);
      if (!stored) return absl::NotFoundError("sick-leave period not found");
      if (stored->delete_micros) return absl::FailedPreconditionError("the period is deleted");
      if (!in.etag().empty() && in.etag() != std::to_string(stored->version)) {
        return absl::AbortedError(absl::StrCat("etag \"", in.etag(), "\" is stale; the period is now at \"",
                                               stored->version, "\""));
      }
      ASSIGN_OR_RETURN(v1::SickLeavePeriod next, AnnotatedPeriod(s.tx, *stored));
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), {"period", "degree", "basis"}, in, &next));
      PeriodRow row;
      row.id = stored->id;
      row.case_id = stored->case_id;
      RETURN_IF_ERROR(ValidatePeriodInput(next, row));
      RETURN_IF_ERROR(CheckNoOverlap(s.tx, row));
      UpdatePeriod(s.tx, row);
      RETURN_IF_ERROR(RefreshMilestones(s.tx, s.vc.row, SwedishToday()));
      ASSIGN_OR_RETURN(v1::SickLeavePeriod updated, AnnotatedPeriod(s.tx, row));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, in.name(),
                              {req->update_mask().paths().begin(), req->update_mask().paths().end()}));
      RETURN_IF_ERROR(AppendPeriodSet(s, updated, collab::events::v1::CHANGE_KIND_UPDATED));
      return updated;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::DeleteSickLeavePeriod(grpc::ServerContext* ctx,
                                                    const v1::DeleteSickLeavePeriodRequest* req,
                                                    v1::SickLeavePeriod* resp) {
  return Run(ctx, METHOD("DeleteSickLeavePeriod"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/sickLeavePeriods/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/sickLeavePeriods/{sick_leave_period}");
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::SickLeavePeriod>(
                                pool_, keys_, call,
                                {METHOD("DeleteSickLeavePeriod"), (*ids)[0], kPeriodWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::SickLeavePeriod> {
      std::optional<PeriodRow> p = LoadPeriod(s.tx, (*ids)[0], (*ids)[1]);
      if (!p) return absl::NotFoundError("sick-leave period not found");
      if (!req->etag().empty() && req->etag() != std::to_string(p->version)) {
        return absl::AbortedError(absl::StrCat("etag \"", req->etag(), "\" is stale"));
      }
      const bool was_live = !p->delete_micros;
      if (was_live) {
        SoftDeletePeriod(s.tx, (*ids)[0], (*ids)[1]);
        RETURN_IF_ERROR(RefreshMilestones(s.tx, s.vc.row, SwedishToday()));
      }
      p = LoadPeriod(s.tx, (*ids)[0], (*ids)[1]);
      ASSIGN_OR_RETURN(auto annotated, Annotated({*p}));
      if (!was_live) return annotated[0];  // a retried delete
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_DELETE, req->name(), {"sick_leave_period"}));
      RETURN_IF_ERROR(AppendPeriodSet(s, annotated[0], collab::events::v1::CHANGE_KIND_DELETED));
      return annotated[0];
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::GetSickLeavePeriod(grpc::ServerContext* ctx,
                                                 const v1::GetSickLeavePeriodRequest* req,
                                                 v1::SickLeavePeriod* resp) {
  return Run(ctx, METHOD("GetSickLeavePeriod"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/sickLeavePeriods/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/sickLeavePeriods/{sick_leave_period}");
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, (*ids)[0], false));
      ASSIGN_OR_RETURN(auto all, Annotated(ListPeriods(tx, (*ids)[0], true)));
      bool found = false;
      for (const auto& p : all) {
        if (p.name() == req->name()) {
          *resp = p;
          found = true;
        }
      }
      if (!found) return absl::NotFoundError("sick-leave period not found");
      return AppendAudit(tx, call,
                         {(*ids)[0], v1::AUDIT_ACTION_READ, METHOD("GetSickLeavePeriod"), req->name(),
                          {"period", "degree", "basis"}, AccessReason(call, AccessBasis(vc.visibility))});
    });
  });
}

grpc::Status CaseServiceImpl::GetMilestone(grpc::ServerContext* ctx, const v1::GetMilestoneRequest* req,
                                           v1::Milestone* resp) {
  return Run(ctx, METHOD("GetMilestone"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(MilestoneRef ref, ParseMilestoneName(req->name(), "name"));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, ref.case_id, false));
      ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(tx, vc.row, SwedishToday()));
      bool found = false;
      for (const Milestone& m : all.milestones) {
        if (MilestoneName(vc.row.id, m.kind) == req->name()) {
          *resp = MilestoneProto(all, m, vc.row);
          found = true;
        }
      }
      if (!found) return absl::NotFoundError("milestone not found (no sick-leave period yet)");
      return AppendAudit(tx, call,
                         {ref.case_id, v1::AUDIT_ACTION_READ, METHOD("GetMilestone"), req->name(),
                          {"milestone"}, AccessReason(call, AccessBasis(vc.visibility))});
    });
  });
}

grpc::Status CaseServiceImpl::ListMilestones(grpc::ServerContext* ctx,
                                             const v1::ListMilestonesRequest* req,
                                             v1::ListMilestonesResponse* resp) {
  return Run(ctx, METHOD("ListMilestones"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), (*ids)[0]));
    const Viewer viewer = ViewerOf(call.principal);
    const absl::CivilDay today = SwedishToday();
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, (*ids)[0], false));
      ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(tx, vc.row, today));
      ASSIGN_OR_RETURN(MilestonePage page, PageOfMilestones(all.milestones, after, limit));
      for (const Milestone* m : page.milestones) {
        *resp->add_milestones() = MilestoneProto(all, *m, vc.row);
      }
      if (!page.next_key.empty()) {
        resp->set_next_page_token(tokens_.Encode(page.next_key, (*ids)[0]));
      }
      return AppendAudit(tx, call,
                         {(*ids)[0], v1::AUDIT_ACTION_LIST, METHOD("ListMilestones"), req->parent(),
                          {"milestones"}, AccessReason(call, AccessBasis(vc.visibility))});
    });
  });
}

}  // namespace collab::cases
