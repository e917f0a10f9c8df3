// Funding commitments (finansieringsåtaganden). The funder must exist in the registry: checked
// through collab-organisations' public GetOrganisation as ROLE_SERVICE "funding" before the
// transaction (libs/rpc/organisation_directory.h). In-kind commitments are hours × rate
// (domain/balance.h), shown beside the entered amount and flagged when they differ.
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

constexpr int kMaxConditions = 20;
constexpr size_t kMaxText = 500;

absl::Status ValidateCommitment(const v1::FundingCommitment& c, const std::string& currency) {
  FieldViolations v;
  if (!ParseResourceName(c.funder(), "organisations/{}")) {
    v.Add("funding_commitment.funder", "must be an organisation name organisations/{organisation}");
  }
  if (c.kind() != v1::FUNDING_KIND_CASH && c.kind() != v1::FUNDING_KIND_IN_KIND) {
    v.Add("funding_commitment.kind", "must be CASH or IN_KIND");
  }
  if (!c.has_amount()) {
    v.Add("funding_commitment.amount", "is required");
  } else if (c.amount().minor_units() < 0) {
    v.Add("funding_commitment.amount", "must not be negative");
  } else if (c.amount().currency_code() != currency) {
    v.Add("funding_commitment.amount.currency_code", "must be the project's currency " + currency);
  }
  if (c.has_in_kind()) {
    if (c.kind() != v1::FUNDING_KIND_IN_KIND) {
      v.Add("funding_commitment.in_kind", "only for IN_KIND commitments");
    }
    if (c.in_kind().hours() < 0) v.Add("funding_commitment.in_kind.hours", "must not be negative");
    if (c.in_kind().hourly_rate().minor_units() < 0) {
      v.Add("funding_commitment.in_kind.hourly_rate", "must not be negative");
    }
    if (c.in_kind().hourly_rate().currency_code() != currency) {
      v.Add("funding_commitment.in_kind.hourly_rate.currency_code",
            "must be the project's currency " + currency);
    }
    if (c.in_kind().description().size() > kMaxText) {
      v.Add("funding_commitment.in_kind.description", "must be at most 500 characters");
    }
  }
  if (c.conditions_size() > kMaxConditions) v.Add("funding_commitment.conditions", "at most 20");
  for (const std::string& s : c.conditions()) {
    if (s.empty() || s.size() > kMaxText) {
      v.Add("funding_commitment.conditions", "each must be 1–500 characters");
      break;
    }
  }
  return v.ToStatus();
}

absl::StatusOr<v1::FundingCommitment> Render(pqxx::work& tx, const std::string& project_id,
                                             const std::string& id) {
  std::optional<v1::FundingCommitment> c = LoadCommitment(tx, project_id, id);
  if (!c) return absl::NotFoundError("funding commitment not found");
  RETURN_IF_ERROR(ApplyCommitmentEvaluation(*c));
  return *c;
}

}  // namespace

grpc::Status FundingServiceImpl::GetFundingCommitment(grpc::ServerContext* ctx,
                                                      const v1::GetFundingCommitmentRequest* req,
                                                      v1::FundingCommitment* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetFundingCommitment"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/fundingCommitments/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      ASSIGN_OR_RETURN(*resp, Render(tx, ids[0], ids[1]));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::ListFundingCommitments(
    grpc::ServerContext* ctx, const v1::ListFundingCommitmentsRequest* req,
    v1::ListFundingCommitmentsResponse* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("ListFundingCommitments"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    FieldViolations v;
    if (!req->funder().empty() && !ParseResourceName(req->funder(), "organisations/{}")) {
      v.Add("funder", "must be an organisation name organisations/{organisation}");
    }
    if (!v1::FundingKind_IsValid(req->kind())) v.Add("kind", "is not a known value");
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", req->funder(), "|", req->kind(), "|",
                                        req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      std::vector<v1::FundingCommitment> all;
      for (v1::FundingCommitment& c : LoadCommitments(tx, ids[0], req->show_deleted())) {
        if (!req->funder().empty() && c.funder() != req->funder()) continue;
        if (req->kind() != 0 && c.kind() != req->kind()) continue;
        RETURN_IF_ERROR(ApplyCommitmentEvaluation(c));
        all.push_back(std::move(c));
      }
      std::string next;
      for (v1::FundingCommitment& c : PageAfter(all, after.empty() ? "" : after[0], limit, &next)) {
        *resp->add_funding_commitments() = std::move(c);
      }
      if (!next.empty()) resp->set_next_page_token(tokens_.Encode({next}, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::CreateFundingCommitment(
    grpc::ServerContext* ctx, const v1::CreateFundingCommitmentRequest* req,
    v1::FundingCommitment* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("CreateFundingCommitment"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    const v1::FundingCommitment& in = req->funding_commitment();
    // Shape first (the currency is checked against the project below), then the registry.
    if (!ParseResourceName(in.funder(), "organisations/{}")) {
      return InvalidField("funding_commitment.funder",
                          "must be an organisation name organisations/{organisation}");
    }
    RETURN_IF_ERROR(organisations_.CheckOrganisation(call, IdOf(in.funder()),
                                                     "funding_commitment.funder"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*resp, db::IdempotentCreate<v1::FundingCommitment>(
                                  tx, req->request_id(), FUNDING_METHOD("CreateFundingCommitment"),
                                  *req, [&](pqxx::work& t) -> absl::StatusOr<v1::FundingCommitment> {
        ASSIGN_OR_RETURN(ProjectRow project,
                         LoadProjectFor(t, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
        RETURN_IF_ERROR(RequireDraft(project));
        RETURN_IF_ERROR(ValidateCommitment(in, project.project.currency_code()));
        RETURN_IF_ERROR(EvaluateCommitment(CommitmentOf(in)).status());
        const std::string id = NewUuid();
        InsertCommitment(t, ids[0], id, in);
        TouchProject(t, ids[0]);
        ASSIGN_OR_RETURN(v1::FundingCommitment out, Render(t, ids[0], id));
        RETURN_IF_ERROR(AppendCommitmentRecorded(t, out, CHANGE_KIND_CREATED));
        return out;
      }));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::UpdateFundingCommitment(
    grpc::ServerContext* ctx, const v1::UpdateFundingCommitmentRequest* req,
    v1::FundingCommitment* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("UpdateFundingCommitment"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->funding_commitment().name(),
                                        "projects/{}/fundingCommitments/{}",
                                        "funding_commitment.name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::FundingCommitment> current = LoadCommitment(tx, ids[0], ids[1]);
      if (!current || current->has_delete_time()) {
        return absl::NotFoundError("funding commitment not found");
      }
      RETURN_IF_ERROR(CheckEtag(req->funding_commitment().etag(), current->etag(), "commitment"));
      RETURN_IF_ERROR(RequireDraft(project));
      v1::FundingCommitment updated = *current;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), {"kind", "amount", "in_kind", "conditions"},
                                     req->funding_commitment(), &updated));
      RETURN_IF_ERROR(ValidateCommitment(updated, project.project.currency_code()));
      UpdateCommitment(tx, ids[1], updated);
      TouchProject(tx, ids[0]);
      ASSIGN_OR_RETURN(*resp, Render(tx, ids[0], ids[1]));
      return AppendCommitmentRecorded(tx, *resp, CHANGE_KIND_UPDATED);
    });
  });
}

grpc::Status FundingServiceImpl::DeleteFundingCommitment(
    grpc::ServerContext* ctx, const v1::DeleteFundingCommitmentRequest* req,
    v1::FundingCommitment* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("DeleteFundingCommitment"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/fundingCommitments/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kWrite, Lock::kUpdate));
      std::optional<v1::FundingCommitment> current = LoadCommitment(tx, ids[0], ids[1]);
      if (!current) return absl::NotFoundError("funding commitment not found");
      const bool was_live = !current->has_delete_time();
      if (was_live) {
        RETURN_IF_ERROR(CheckEtag(req->etag(), current->etag(), "commitment"));
        RETURN_IF_ERROR(RequireDraft(project));
        SoftDeleteCommitment(tx, ids[1]);
        TouchProject(tx, ids[0]);
      }
      ASSIGN_OR_RETURN(*resp, Render(tx, ids[0], ids[1]));
      if (was_live) return AppendCommitmentRecorded(tx, *resp, CHANGE_KIND_DELETED);
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
