// Phases (faser) of a project: periods inside the project period, validated dates, overlaps
// shown (domain/periods.h: "overlapping phases are a warning", as KUPO's 1 September), and the
// delivery of each phase's report to the funders (domain.md, "Funding": a project reports to its
// funders after each phase), recorded while the project is ACTIVE.
#include <string_view>

#include "libs/common/dates.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/domain/periods.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {
namespace {

constexpr size_t kMaxResults = 50;
constexpr size_t kMaxText = 1000;
constexpr char kReportDeliveredPath[] = "report_delivered_date";

bool OnlyPath(const google::protobuf::FieldMask& mask, std::string_view path) {
  return mask.paths_size() == 1 && mask.paths(0) == path;
}

absl::Status ValidatePhase(const v1::Phase& p, const Period& project_period) {
  FieldViolations v;
  if (p.display_name().empty() || p.display_name().size() > 200) {
    v.Add("phase.display_name", "is required, at most 200 characters");
  }
  if (p.ordinal() < 0) v.Add("phase.ordinal", "must be positive");
  if (p.expected_results_size() > static_cast<int>(kMaxResults)) {
    v.Add("phase.expected_results", "at most 50");
  }
  for (const std::string& r : p.expected_results()) {
    if (r.empty() || r.size() > kMaxText) {
      v.Add("phase.expected_results", "each must be 1–1000 characters");
      break;
    }
  }
  if (!IsUnset(p.report_due_date()) && !ToCivilDay(p.report_due_date())) {
    v.Add("phase.report_due_date", "is not a real calendar date");
  }
  // Delivery of the phase report (lägesrapport / delrapport): a real day, within the phase or
  // after it, and one that has come.
  if (!IsUnset(p.report_delivered_date())) {
    const std::optional<absl::CivilDay> delivered = ToCivilDay(p.report_delivered_date());
    const std::optional<absl::CivilDay> start = ToCivilDay(p.period().start_date());
    if (!delivered) {
      v.Add("phase.report_delivered_date", "is not a real calendar date");
    } else if (start && *delivered < *start) {
      v.Add("phase.report_delivered_date",
            "must not be before the phase's start " + IsoDate(*start));
    } else if (*delivered > SwedishToday()) {
      v.Add("phase.report_delivered_date", "must not be in the future");
    }
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(Period period, ValidatePeriod(FieldsOf(p.period().start_date()),
                                                 FieldsOf(p.period().end_date()), "phase.period"));
  if (!ValidatePhases(project_period, {PhaseInput{p.name(), FieldsOf(p.period().start_date()),
                                                  FieldsOf(p.period().end_date())}})
           .ok()) {
    return InvalidField("phase.period", IsoDate(period.start) + " – " + IsoDate(period.end) +
                                            " is not within the project period " +
                                            IsoDate(project_period.start) + " – " +
                                            IsoDate(project_period.end));
  }
  return absl::OkStatus();
}

// Fills overlapping_phases of every phase from the domain's overlap warnings.
void MarkOverlaps(const Period& project_period, std::vector<v1::Phase>& phases) {
  std::vector<PhaseInput> inputs;
  for (const v1::Phase& p : phases) {
    if (p.has_delete_time()) continue;
    inputs.push_back(PhaseInput{p.name(), FieldsOf(p.period().start_date()),
                                FieldsOf(p.period().end_date())});
  }
  absl::StatusOr<PhasePlan> plan = ValidatePhases(project_period, inputs);
  for (v1::Phase& p : phases) p.clear_overlapping_phases();
  if (!plan.ok()) return;  // stored phases were valid when written; a changed period is checked
  for (const PhaseOverlap& o : plan->warnings) {
    for (v1::Phase& p : phases) {
      if (p.name() == o.first) p.add_overlapping_phases(o.second);
      if (p.name() == o.second) p.add_overlapping_phases(o.first);
    }
  }
}

absl::StatusOr<v1::Phase> RenderPhase(pqxx::work& tx, const ProjectRow& project,
                                      const std::string& id) {
  std::vector<v1::Phase> all = LoadPhases(tx, project.id, true);
  MarkOverlaps(project.period, all);
  for (v1::Phase& p : all) {
    if (IdOf(p.name()) == id) return p;
  }
  return absl::NotFoundError("phase not found");
}

}  // namespace

grpc::Status FundingServiceImpl::GetPhase(grpc::ServerContext* ctx, const v1::GetPhaseRequest* req,
                                          v1::Phase* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetPhase"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/phases/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone));
      ASSIGN_OR_RETURN(*resp, RenderPhase(tx, project, ids[1]));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::ListPhases(grpc::ServerContext* ctx,
                                            const v1::ListPhasesRequest* req,
                                            v1::ListPhasesResponse* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("ListPhases"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone));
      std::vector<v1::Phase> all = LoadPhases(tx, ids[0], req->show_deleted());
      MarkOverlaps(project.period, all);
      std::string next;
      for (v1::Phase& p : PageAfter(all, after.empty() ? "" : after[0], limit, &next)) {
        *resp->add_phases() = std::move(p);
      }
      if (!next.empty()) resp->set_next_page_token(tokens_.Encode({next}, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::CreatePhase(grpc::ServerContext* ctx,
                                             const v1::CreatePhaseRequest* req, v1::Phase* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("CreatePhase"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*resp, db::IdempotentCreate<v1::Phase>(
                                  tx, req->request_id(), FUNDING_METHOD("CreatePhase"), *req,
                                  [&](pqxx::work& t) -> absl::StatusOr<v1::Phase> {
        ASSIGN_OR_RETURN(ProjectRow project,
                         LoadProjectFor(t, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
        RETURN_IF_ERROR(RequireDraft(project));
        v1::Phase phase = req->phase();
        RETURN_IF_ERROR(ValidatePhase(phase, project.period));
        if (phase.ordinal() == 0) phase.set_ordinal(NextPhaseOrdinal(t, ids[0]));
        const std::string id = NewUuid();
        InsertPhase(t, ids[0], id, phase);
        TouchProject(t, ids[0]);
        return RenderPhase(t, project, id);
      }));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::UpdatePhase(grpc::ServerContext* ctx,
                                             const v1::UpdatePhaseRequest* req, v1::Phase* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("UpdatePhase"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->phase().name(), "projects/{}/phases/{}", "phase.name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::Phase> current = LoadPhase(tx, ids[0], ids[1]);
      if (!current || current->has_delete_time()) return absl::NotFoundError("phase not found");
      RETURN_IF_ERROR(CheckEtag(req->phase().etag(), current->etag(), "phase"));
      // Phases change in DRAFT; while the project runs its phase reports are owed, so then
      // their delivery alone is recorded.
      if (project.project.status() != v1::PROJECT_STATUS_ACTIVE) {
        RETURN_IF_ERROR(RequireDraft(project));
      } else if (!OnlyPath(req->update_mask(), kReportDeliveredPath)) {
        return absl::FailedPreconditionError(
            "the project is ACTIVE: of a phase only report_delivered_date changes, alone in "
            "update_mask");
      }
      v1::Phase updated = *current;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                     {"display_name", "ordinal", "period", "expected_results",
                                      "report_due_date", kReportDeliveredPath},
                                     req->phase(), &updated));
      RETURN_IF_ERROR(ValidatePhase(updated, project.period));
      if (updated.ordinal() == 0) return InvalidField("phase.ordinal", "must be positive");
      funding::UpdatePhase(tx, ids[1], updated);
      TouchProject(tx, ids[0]);
      ASSIGN_OR_RETURN(*resp, RenderPhase(tx, project, ids[1]));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::DeletePhase(grpc::ServerContext* ctx,
                                             const v1::DeletePhaseRequest* req, v1::Phase* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("DeletePhase"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/phases/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::Phase> current = LoadPhase(tx, ids[0], ids[1]);
      if (!current) return absl::NotFoundError("phase not found");
      if (!current->has_delete_time()) {
        RETURN_IF_ERROR(CheckEtag(req->etag(), current->etag(), "phase"));
        RETURN_IF_ERROR(RequireDraft(project));
        if (PhaseInUse(tx, ids[1])) {
          return absl::FailedPreconditionError("budget lines refer to this phase; move or delete them first");
        }
        SoftDeletePhase(tx, ids[1]);
        TouchProject(tx, ids[0]);
      }
      ASSIGN_OR_RETURN(*resp, RenderPhase(tx, project, ids[1]));
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
