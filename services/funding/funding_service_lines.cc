// Budget lines (budgetposter). Rule (domain.md, "Funding"): a line keeps its structured basis
// and the amount the applicant entered; the service computes the basis, shows both and flags a
// difference, and never replaces what was entered (domain/budget_basis.h decides, funding_view.h
// copies the result onto the line).
#include "collab/events/v1/funding_events.pb.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/funding_events.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {
namespace {

using collab::events::v1::CHANGE_KIND_CREATED;
using collab::events::v1::CHANGE_KIND_DELETED;
using collab::events::v1::CHANGE_KIND_UPDATED;

absl::Status CheckCurrency(const ProtoMoney& m, const std::string& currency,
                           const std::string& field) {
  if (m.currency_code() == currency) return absl::OkStatus();
  return InvalidField(field + ".currency_code", "must be the project's currency " + currency);
}

// Field checks of one line against its project; the basis is parsed here and evaluated with the
// rest of the budget by EvaluateAll.
absl::Status ValidateLine(pqxx::work& tx, const v1::BudgetLine& l, const ProjectRow& project) {
  FieldViolations v;
  if (!v1::BudgetCategory_IsValid(l.category()) || l.category() == 0) {
    v.Add("budget_line.category", "is required and must be a known category");
  }
  if (l.description().size() > 1000) v.Add("budget_line.description", "must be at most 1000 characters");
  if (!l.has_entered_amount()) {
    v.Add("budget_line.entered_amount", "is required");
  } else if (l.entered_amount().minor_units() < 0) {
    v.Add("budget_line.entered_amount", "must not be negative");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const std::string& currency = project.project.currency_code();
  RETURN_IF_ERROR(CheckCurrency(l.entered_amount(), currency, "budget_line.entered_amount"));
  if (l.has_quantity_price()) {
    RETURN_IF_ERROR(CheckCurrency(l.quantity_price().unit_price(), currency,
                                  "budget_line.quantity_price.unit_price"));
  }
  if (l.has_parts()) {
    RETURN_IF_ERROR(CheckCurrency(l.parts().unit_price(), currency, "budget_line.parts.unit_price"));
  }
  RETURN_IF_ERROR(BasisFromProto(l, "budget_line.").status());
  if (!l.phase().empty()) {
    auto ids = ParseResourceName(l.phase(), "projects/{}/phases/{}");
    if (!ids || (*ids)[0] != project.id) {
      return InvalidField("budget_line.phase", "must be a phase of this project");
    }
    std::optional<v1::Phase> phase = LoadPhase(tx, project.id, (*ids)[1]);
    if (!phase || phase->has_delete_time()) {
      return InvalidField("budget_line.phase", "no such phase in this project");
    }
  }
  return absl::OkStatus();
}

// Every live line of the project evaluated together (a flat rate needs the others); `changed`
// replaces or adds its line first. Returns the lines with their computed fields.
absl::StatusOr<std::vector<v1::BudgetLine>> EvaluateAll(pqxx::work& tx, const std::string& project_id,
                                                        const v1::BudgetLine* changed) {
  std::vector<v1::BudgetLine> lines = LoadLines(tx, project_id, false);
  if (changed != nullptr) {
    bool replaced = false;
    for (v1::BudgetLine& l : lines) {
      if (l.name() == changed->name()) {
        l = *changed;
        replaced = true;
      }
    }
    if (!replaced && !changed->has_delete_time()) lines.push_back(*changed);
  }
  if (absl::Status s = EvaluateLines(lines); !s.ok()) {
    if (s.code() == absl::StatusCode::kInvalidArgument) {
      return InvalidField("budget_line", std::string(s.message()));
    }
    return s;
  }
  return lines;
}

// The line as shown: its stored fields with the computed basis beside the entered amount.
absl::StatusOr<v1::BudgetLine> RenderLine(pqxx::work& tx, const std::string& project_id,
                                          const std::string& id) {
  std::optional<v1::BudgetLine> stored = LoadLine(tx, project_id, id);
  if (!stored) return absl::NotFoundError("budget line not found");
  std::vector<v1::BudgetLine> lines = LoadLines(tx, project_id, false);
  if (stored->has_delete_time()) lines.push_back(*stored);
  RETURN_IF_ERROR(EvaluateLines(lines));
  for (v1::BudgetLine& l : lines) {
    if (l.name() == stored->name()) return l;
  }
  return absl::NotFoundError("budget line not found");
}

}  // namespace

grpc::Status FundingServiceImpl::GetBudgetLine(grpc::ServerContext* ctx,
                                               const v1::GetBudgetLineRequest* req,
                                               v1::BudgetLine* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetBudgetLine"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/budgetLines/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      ASSIGN_OR_RETURN(*resp, RenderLine(tx, ids[0], ids[1]));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::ListBudgetLines(grpc::ServerContext* ctx,
                                                 const v1::ListBudgetLinesRequest* req,
                                                 v1::ListBudgetLinesResponse* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("ListBudgetLines"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    FieldViolations v;
    std::string categories;
    for (int c : req->categories()) {
      if (!v1::BudgetCategory_IsValid(c) || c == 0) v.Add("categories", "is not a known category");
      absl::StrAppend(&categories, c, ",");
    }
    if (!req->phase().empty()) {
      auto phase = ParseResourceName(req->phase(), "projects/{}/phases/{}");
      if (!phase || (*phase)[0] != ids[0]) v.Add("phase", "must be a phase of this project");
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", categories, "|", req->phase(), "|",
                                        req->flagged_only(), "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      std::vector<v1::BudgetLine> live = LoadLines(tx, ids[0], false);
      RETURN_IF_ERROR(EvaluateLines(live));
      std::vector<v1::BudgetLine> all;
      if (req->show_deleted()) {
        for (v1::BudgetLine& l : LoadLines(tx, ids[0], true)) {
          if (!l.has_delete_time()) continue;
          std::vector<v1::BudgetLine> with = live;
          with.push_back(l);
          RETURN_IF_ERROR(EvaluateLines(with));
          live.push_back(with.back());
        }
        std::sort(live.begin(), live.end(),
                  [](const v1::BudgetLine& a, const v1::BudgetLine& b) { return a.name() < b.name(); });
      }
      for (v1::BudgetLine& l : live) {
        if (!req->categories().empty() &&
            std::find(req->categories().begin(), req->categories().end(), l.category()) ==
                req->categories().end()) {
          continue;
        }
        if (!req->phase().empty() && l.phase() != req->phase()) continue;
        if (req->flagged_only() && l.flags().empty()) continue;
        all.push_back(std::move(l));
      }
      std::string next;
      for (v1::BudgetLine& l : PageAfter(all, after.empty() ? "" : after[0], limit, &next)) {
        *resp->add_budget_lines() = std::move(l);
      }
      if (!next.empty()) resp->set_next_page_token(tokens_.Encode({next}, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::CreateBudgetLine(grpc::ServerContext* ctx,
                                                  const v1::CreateBudgetLineRequest* req,
                                                  v1::BudgetLine* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("CreateBudgetLine"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*resp, db::IdempotentCreate<v1::BudgetLine>(
                                  tx, req->request_id(), FUNDING_METHOD("CreateBudgetLine"), *req,
                                  [&](pqxx::work& t) -> absl::StatusOr<v1::BudgetLine> {
        ASSIGN_OR_RETURN(ProjectRow project,
                         LoadProjectFor(t, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
        RETURN_IF_ERROR(RequireDraft(project));
        v1::BudgetLine line = req->budget_line();
        RETURN_IF_ERROR(ValidateLine(t, line, project));
        const std::string id = NewUuid();
        line.set_name(ProjectName(ids[0]) + "/budgetLines/" + id);
        RETURN_IF_ERROR(EvaluateAll(t, ids[0], &line).status());
        InsertLine(t, ids[0], id, line);
        TouchProject(t, ids[0]);
        ASSIGN_OR_RETURN(v1::BudgetLine out, RenderLine(t, ids[0], id));
        RETURN_IF_ERROR(AppendBudgetLineChanged(t, out, CHANGE_KIND_CREATED));
        return out;
      }));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::UpdateBudgetLine(grpc::ServerContext* ctx,
                                                  const v1::UpdateBudgetLineRequest* req,
                                                  v1::BudgetLine* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("UpdateBudgetLine"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->budget_line().name(), "projects/{}/budgetLines/{}",
                                        "budget_line.name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::BudgetLine> current = LoadLine(tx, ids[0], ids[1]);
      if (!current || current->has_delete_time()) return absl::NotFoundError("budget line not found");
      RETURN_IF_ERROR(CheckEtag(req->budget_line().etag(), current->etag(), "budget line"));
      RETURN_IF_ERROR(RequireDraft(project));
      v1::BudgetLine updated = *current;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                     {"category", "description", "phase", "quantity_price", "parts",
                                      "flat_rate", "entered_amount"},
                                     req->budget_line(), &updated));
      RETURN_IF_ERROR(ValidateLine(tx, updated, project));
      RETURN_IF_ERROR(EvaluateAll(tx, ids[0], &updated).status());
      UpdateLine(tx, ids[1], updated);
      TouchProject(tx, ids[0]);
      ASSIGN_OR_RETURN(*resp, RenderLine(tx, ids[0], ids[1]));
      return AppendBudgetLineChanged(tx, *resp, CHANGE_KIND_UPDATED);
    });
  });
}

grpc::Status FundingServiceImpl::DeleteBudgetLine(grpc::ServerContext* ctx,
                                                  const v1::DeleteBudgetLineRequest* req,
                                                  v1::BudgetLine* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("DeleteBudgetLine"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/budgetLines/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::BudgetLine> current = LoadLine(tx, ids[0], ids[1]);
      if (!current) return absl::NotFoundError("budget line not found");
      const bool was_live = !current->has_delete_time();
      if (was_live) {
        RETURN_IF_ERROR(CheckEtag(req->etag(), current->etag(), "budget line"));
        RETURN_IF_ERROR(RequireDraft(project));
        SoftDeleteLine(tx, ids[1]);
        TouchProject(tx, ids[0]);
      }
      ASSIGN_OR_RETURN(*resp, RenderLine(tx, ids[0], ids[1]));
      if (was_live) return AppendBudgetLineChanged(tx, *resp, CHANGE_KIND_DELETED);
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
