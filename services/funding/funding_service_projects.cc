// Projects: Get, List, Create, Update, Delete (AIP standard methods). The status methods are in
// funding_service_status.cc.
#include "collab/events/v1/funding_events.pb.h"
#include "libs/common/dates.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/outbox.h"
#include "services/funding/domain/money.h"
#include "services/funding/domain/periods.h"
#include "services/funding/funding_events.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {
namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxDescription = 4000;

// Every field of a project as entered, checked at once; the period last, as the domain names its
// own fields (project.period.start_date / end_date).
absl::StatusOr<Period> ValidateProject(const v1::Project& p) {
  FieldViolations v;
  if (p.display_name().empty() || p.display_name().size() > kMaxName) {
    v.Add("project.display_name", "is required, at most 200 characters");
  }
  if (p.description().size() > kMaxDescription) {
    v.Add("project.description", "must be at most 4000 characters");
  }
  if (!ParseResourceName(p.owner_organisation(), "organisations/{}")) {
    v.Add("project.owner_organisation", "must be an organisation name organisations/{organisation}");
  }
  if (p.project_manager().size() > kMaxName) {
    v.Add("project.project_manager", "must be at most 200 characters");
  }
  if (!p.project_manager_contact().empty() &&
      !ParseResourceName(p.project_manager_contact(), "organisations/{}/contacts/{}")) {
    v.Add("project.project_manager_contact",
          "must be a contact name organisations/{organisation}/contacts/{contact}");
  }
  if (!p.network().empty() && !ParseResourceName(p.network(), "networks/{}")) {
    v.Add("project.network", "must be a network name networks/{network}");
  }
  if (absl::Status s = ValidateCurrencyCode(p.currency_code(), "project.currency_code"); !s.ok()) {
    v.Add("project.currency_code", "must be an ISO 4217 code such as SEK");
  }
  RETURN_IF_ERROR(v.ToStatus());
  return ValidatePeriod(FieldsOf(p.period().start_date()), FieldsOf(p.period().end_date()),
                        "project.period");
}

// The phases must stay inside a changed project period.
absl::Status CheckPhasesWithin(pqxx::work& tx, const std::string& id, const Period& period) {
  std::vector<PhaseInput> inputs;
  for (const v1::Phase& ph : LoadPhases(tx, id, false)) {
    inputs.push_back(PhaseInput{ph.name(), FieldsOf(ph.period().start_date()),
                                FieldsOf(ph.period().end_date())});
  }
  absl::StatusOr<PhasePlan> plan = ValidatePhases(period, inputs);
  if (!plan.ok()) {
    return InvalidField("project.period",
                        "would leave phases outside the project period: " +
                            std::string(plan.status().message()));
  }
  return absl::OkStatus();
}

}  // namespace

void FundingServiceImpl::PrepareStatements(pqxx::connection& conn) {
  PrepareProjectStatements(conn);
  PrepareBudgetStatements(conn);
  PrepareLedgerStatements(conn);
}

grpc::Status FundingServiceImpl::GetProject(grpc::ServerContext* ctx,
                                            const v1::GetProjectRequest* req, v1::Project* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetProject"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      // A soft-deleted project stays readable by name (AIP-164).
      const Caller caller = CallerOf(call.principal);
      std::optional<ProjectRow> row = LoadProject(tx, ids[0], caller, Lock::kNone);
      if (!row) return absl::NotFoundError("project not found");
      RETURN_IF_ERROR(CheckProjectAccess(caller, row->relation, ProjectAccess::kRead));
      *resp = row->project;
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::ListProjects(grpc::ServerContext* ctx,
                                              const v1::ListProjectsRequest* req,
                                              v1::ListProjectsResponse* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("ListProjects"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    ProjectFilter f;
    auto org = [&](const std::string& name, const char* field, std::string* out) {
      if (name.empty()) return;
      auto ids = ParseResourceName(name, "organisations/{}");
      if (!ids) v.Add(field, "must be an organisation name organisations/{organisation}");
      else *out = (*ids)[0];
    };
    org(req->owner_organisation(), "owner_organisation", &f.owner_organisation_id);
    org(req->funder(), "funder", &f.funder_id);
    for (int s : req->statuses()) {
      if (!v1::ProjectStatus_IsValid(s) || s == 0) v.Add("statuses", "is not a known status");
      f.statuses.push_back(s);
    }
    if (!req->network().empty()) {
      auto ids = ParseResourceName(req->network(), "networks/{}");
      if (!ids) v.Add("network", "must be a network name networks/{network}");
      else f.network_id = (*ids)[0];
    }
    f.project_manager = req->project_manager();
    f.display_name_prefix = req->display_name_prefix();
    if (f.display_name_prefix.size() > kMaxName) v.Add("display_name_prefix", "must be at most 200 characters");
    if (req->has_period()) {
      ValidateDateRange(req->period(), "period", v);
      auto start = ToCivilDay(req->period().start_date());
      auto end = ToCivilDay(req->period().end_date());
      if (!start || !end) v.Add("period", "needs both start_date and end_date");
      else f.period = Period{*start, *end};
    }
    f.show_deleted = req->show_deleted();
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    std::string statuses;
    for (int s : f.statuses) absl::StrAppend(&statuses, s, ",");
    const std::string fp = absl::StrCat(
        f.owner_organisation_id, "|", f.funder_id, "|", statuses, "|", f.network_id, "|",
        f.project_manager, "|", f.display_name_prefix, "|",
        f.period ? ToIsoDate(f.period->start) + ToIsoDate(f.period->end) : "", "|", f.show_deleted);
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    if (!after.empty() && (after.size() != 2 || !IsUuid(after[1]))) {
      return InvalidField("page_token", "is not a token of this list");
    }
    const Caller caller = CallerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      ProjectPage page = funding::ListProjects(tx, f, caller, after, limit);
      resp->clear_projects();
      for (v1::Project& p : page.projects) *resp->add_projects() = std::move(p);
      resp->set_next_page_token(page.next_key.empty() ? "" : tokens_.Encode(page.next_key, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::CreateProject(grpc::ServerContext* ctx,
                                               const v1::CreateProjectRequest* req,
                                               v1::Project* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("CreateProject"), [&](const rpc::CallContext& call) -> absl::Status {
    v1::Project in = req->project();
    RETURN_IF_ERROR(ValidateProject(in).status());
    const Caller caller = CallerOf(call.principal);
    const std::string owner_id = IdOf(in.owner_organisation());
    // A project manager applies on behalf of its own organisation; administrators for any.
    if (!caller.admin && owner_id != caller.organisation_id) {
      return absl::PermissionDeniedError(
          "a project manager creates projects owned by its own organisation");
    }
    if (in.project_manager().empty() && caller.manager) in.set_project_manager(caller.subject);
    RETURN_IF_ERROR(organisations_.CheckOrganisation(call, owner_id, "project.owner_organisation"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(
          *resp, db::IdempotentCreate<v1::Project>(
                     tx, req->request_id(), FUNDING_METHOD("CreateProject"), *req,
                     [&](pqxx::work& t) -> absl::StatusOr<v1::Project> {
                       const std::string id = NewUuid();
                       InsertProject(t, id, in);
                       ASSIGN_OR_RETURN(ProjectRow row, LoadProjectFor(t, id, call,
                                                                       ProjectAccess::kRead,
                                                                       Lock::kNone));
                       RETURN_IF_ERROR(AppendProjectStatusChanged(
                           t, row.project, v1::PROJECT_STATUS_UNSPECIFIED));
                       return row.project;
                     }));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::UpdateProject(grpc::ServerContext* ctx,
                                               const v1::UpdateProjectRequest* req,
                                               v1::Project* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("UpdateProject"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->project().name(), "projects/{}", "project.name"));
    bool draft_only = false;
    for (const std::string& path : req->update_mask().paths()) {
      draft_only = draft_only || path == "period" || path == "esf_cofunded";
    }
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow row,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      RETURN_IF_ERROR(CheckEtag(req->project().etag(), row.project.etag(), "project"));
      if (draft_only) RETURN_IF_ERROR(RequireDraft(row));
      v1::Project updated = row.project;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                     {"display_name", "description", "project_manager",
                                      "project_manager_contact", "period", "network",
                                      "esf_cofunded"},
                                     req->project(), &updated));
      ASSIGN_OR_RETURN(Period period, ValidateProject(updated));
      if (draft_only) RETURN_IF_ERROR(CheckPhasesWithin(tx, ids[0], period));
      UpdateProjectFields(tx, ids[0], updated);
      ASSIGN_OR_RETURN(ProjectRow after,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone));
      *resp = after.project;
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::DeleteProject(grpc::ServerContext* ctx,
                                               const v1::DeleteProjectRequest* req,
                                               v1::Project* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("DeleteProject"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      const Caller caller = CallerOf(call.principal);
      std::optional<ProjectRow> row = LoadProject(tx, ids[0], caller, Lock::kUpdate);
      if (!row) return absl::NotFoundError("project not found");
      RETURN_IF_ERROR(CheckProjectAccess(caller, row->relation, ProjectAccess::kWrite));
      if (row->project.has_delete_time()) {  // a retried delete
        *resp = row->project;
        return absl::OkStatus();
      }
      RETURN_IF_ERROR(CheckEtag(req->etag(), row->project.etag(), "project"));
      RETURN_IF_ERROR(RequireDraft(*row));
      SoftDeleteProject(tx, ids[0]);
      std::optional<ProjectRow> after = LoadProject(tx, ids[0], caller, Lock::kNone);
      *resp = after->project;
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
