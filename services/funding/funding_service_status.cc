// The status methods (AIP-136 custom methods): SubmitProject, ApproveProject, ReturnProject,
// ActivateProject, CloseProject. The state machine is domain/project_status.h and the balance
// rule domain/balance.h; this file locks the project, checks the etag, applies the transition
// and writes the project and its event in one transaction, idempotent by request_id.
#include <set>

#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/error_reasons.h"
#include "services/funding/domain/periods.h"
#include "services/funding/domain/project_status.h"
#include "services/funding/funding_events.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {

struct FundingServiceImpl::Transition {
  std::string name;
  std::string etag;
  std::string request_id;
  ProjectTransition transition;
  std::string note;                // ReturnProject
  std::string decision_reference;  // ApproveProject
};

namespace {

constexpr size_t kMaxNote = 2000;

// Financing must equal cost exactly (domain.md, "Funding"), with at least one line and one
// commitment: checked by SubmitProject and again by ApproveProject.
absl::Status CheckBudgetComplete(pqxx::work& tx, const ProjectRow& row) {
  const std::vector<v1::BudgetLine> lines = LoadLines(tx, row.id, false);
  const std::vector<v1::FundingCommitment> commitments = LoadCommitments(tx, row.id, false);
  if (lines.empty()) {
    return absl::FailedPreconditionError("the project has no budget lines");
  }
  if (commitments.empty()) {
    return absl::FailedPreconditionError("the project has no funding commitments");
  }
  std::vector<Money> amounts;
  for (const v1::BudgetLine& l : lines) amounts.push_back(FromProto(l.entered_amount()));
  std::vector<Commitment> financing;
  for (const v1::FundingCommitment& c : commitments) financing.push_back(CommitmentOf(c));
  ASSIGN_OR_RETURN(BudgetBalance balance,
                   ComputeBalance(amounts, financing, row.project.currency_code()));
  return CheckBalanced(balance);
}

std::string StampOf(ProjectStatus to) {
  switch (to) {
    case ProjectStatus::kSubmitted:
      return "submit_time";
    case ProjectStatus::kApproved:
      return "approve_time";
    case ProjectStatus::kActive:
      return "activate_time";
    case ProjectStatus::kClosed:
      return "close_time";
    case ProjectStatus::kDraft:
      break;
  }
  return "";
}

}  // namespace

grpc::Status FundingServiceImpl::RunTransition(grpc::ServerContext* ctx, const char* method,
                                               const google::protobuf::Message& request,
                                               const Transition& in, v1::Project* resp) {
  return handler_.Run(ctx, method, [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(in.name, "projects/{}", "name"));
    const std::string id = ids[0];
    if (in.note.size() > kMaxNote) return InvalidField("note", "must be at most 2000 characters");
    if (in.transition == ProjectTransition::kReturn && in.note.empty()) {
      return InvalidField("note", "is required: what must change (återremiss)");
    }
    if (in.decision_reference.size() > 200) {
      return InvalidField("decision_reference", "must be at most 200 characters");
    }
    const Caller caller = CallerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*resp, db::IdempotentCreate<v1::Project>(
                                  tx, in.request_id, method, request,
                                  [&](pqxx::work& t) -> absl::StatusOr<v1::Project> {
        ASSIGN_OR_RETURN(ProjectRow row,
                         LoadProjectFor(t, id, call, ProjectAccess::kRead, Lock::kUpdate));
        // Approval is the funders' decision; return (återremiss) the funders' or the manager's.
        switch (in.transition) {
          case ProjectTransition::kApprove:
            RETURN_IF_ERROR(CheckProjectAccess(caller, row.relation, ProjectAccess::kFunderDecision));
            break;
          case ProjectTransition::kReturn:
            if (!CheckProjectAccess(caller, row.relation, ProjectAccess::kFunderDecision).ok()) {
              RETURN_IF_ERROR(CheckProjectAccess(caller, row.relation, ProjectAccess::kWrite));
            }
            break;
          default:
            RETURN_IF_ERROR(CheckProjectAccess(caller, row.relation, ProjectAccess::kWrite));
        }
        RETURN_IF_ERROR(CheckEtag(in.etag, row.project.etag(), "project"));
        const v1::ProjectStatus previous = row.project.status();
        const ProjectStatus from = DomainStatus(previous);
        StatusChange change;
        if (in.transition == ProjectTransition::kApprove) {
          std::set<std::string> committed, approved;
          for (const v1::FundingCommitment& c : LoadCommitments(t, id, false)) {
            committed.insert(IdOf(c.funder()));
          }
          for (const v1::ProjectApproval& a : row.project.approvals()) {
            approved.insert(IdOf(a.funder()));
          }
          if (approved.count(caller.organisation_id) > 0) {
            return absl::FailedPreconditionError("this funder has already approved the project");
          }
          ASSIGN_OR_RETURN(ProjectStatus to, StatusAfterApproval(from, committed, approved,
                                                                 caller.organisation_id));
          RETURN_IF_ERROR(CheckBudgetComplete(t, row));
          InsertApproval(t, id, caller.organisation_id, caller.subject, in.decision_reference);
          change.status = ProtoStatus(to);
          if (to != from) change.stamp = StampOf(to);
        } else {
          ASSIGN_OR_RETURN(ProjectStatus to, ApplyProjectTransition(from, in.transition));
          if (in.transition == ProjectTransition::kSubmit) RETURN_IF_ERROR(CheckBudgetComplete(t, row));
          if (in.transition == ProjectTransition::kReturn) {
            ClearApprovals(t, id);
            change.return_note = in.note;
          }
          change.status = ProtoStatus(to);
          change.stamp = StampOf(to);
        }
        SetProjectStatus(t, id, change);
        ASSIGN_OR_RETURN(ProjectRow after, LoadProjectFor(t, id, call, ProjectAccess::kRead, Lock::kNone));
        if (after.project.status() != previous) {
          RETURN_IF_ERROR(AppendProjectStatusChanged(t, after.project, previous));
        }
        return after.project;
      }));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::SubmitProject(grpc::ServerContext* ctx,
                                               const v1::SubmitProjectRequest* req,
                                               v1::Project* resp) {
  return RunTransition(ctx, FUNDING_METHOD("SubmitProject"), *req,
                       {req->name(), req->etag(), req->request_id(), ProjectTransition::kSubmit, "", ""},
                       resp);
}

grpc::Status FundingServiceImpl::ApproveProject(grpc::ServerContext* ctx,
                                                const v1::ApproveProjectRequest* req,
                                                v1::Project* resp) {
  return RunTransition(ctx, FUNDING_METHOD("ApproveProject"), *req,
                       {req->name(), req->etag(), req->request_id(), ProjectTransition::kApprove, "",
                        req->decision_reference()},
                       resp);
}

grpc::Status FundingServiceImpl::ReturnProject(grpc::ServerContext* ctx,
                                               const v1::ReturnProjectRequest* req,
                                               v1::Project* resp) {
  return RunTransition(ctx, FUNDING_METHOD("ReturnProject"), *req,
                       {req->name(), req->etag(), req->request_id(), ProjectTransition::kReturn,
                        req->note(), ""},
                       resp);
}

grpc::Status FundingServiceImpl::ActivateProject(grpc::ServerContext* ctx,
                                                 const v1::ActivateProjectRequest* req,
                                                 v1::Project* resp) {
  return RunTransition(ctx, FUNDING_METHOD("ActivateProject"), *req,
                       {req->name(), req->etag(), req->request_id(), ProjectTransition::kActivate, "", ""},
                       resp);
}

grpc::Status FundingServiceImpl::CloseProject(grpc::ServerContext* ctx,
                                              const v1::CloseProjectRequest* req,
                                              v1::Project* resp) {
  return RunTransition(ctx, FUNDING_METHOD("CloseProject"), *req,
                       {req->name(), req->etag(), req->request_id(), ProjectTransition::kClose, "", ""},
                       resp);
}

}  // namespace collab::funding
