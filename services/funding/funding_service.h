#pragma once

#include "collab/funding/v1/funding_service.grpc.pb.h"
#include "libs/common/paging.h"
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/organisation_directory.h"

// gRPC surface of the project side of collab-funding: validate → authorise (funding_access.h)
// → one transaction (rows, idempotency record, outbox event) → proto. The rules are in domain/;
// the SQL in funding_store.h. Each method runs inside CallHandler.
namespace collab::funding {

namespace v1 = collab::funding::v1;

class FundingServiceImpl final : public v1::FundingService::Service {
 public:
  FundingServiceImpl(db::ConnectionPool& pool, rpc::CallHandler& handler, PageTokenCodec tokens,
                     const rpc::OrganisationDirectory& organisations)
      : pool_(pool), handler_(handler), tokens_(std::move(tokens)), organisations_(organisations) {}

  // Prepares every statement of this service; pass as ConnectionPool::Options::on_connect.
  static void PrepareStatements(pqxx::connection& conn);

  // funding_service_projects.cc
  grpc::Status GetProject(grpc::ServerContext*, const v1::GetProjectRequest*, v1::Project*) override;
  grpc::Status ListProjects(grpc::ServerContext*, const v1::ListProjectsRequest*,
                            v1::ListProjectsResponse*) override;
  grpc::Status CreateProject(grpc::ServerContext*, const v1::CreateProjectRequest*,
                             v1::Project*) override;
  grpc::Status UpdateProject(grpc::ServerContext*, const v1::UpdateProjectRequest*,
                             v1::Project*) override;
  grpc::Status DeleteProject(grpc::ServerContext*, const v1::DeleteProjectRequest*,
                             v1::Project*) override;

  // funding_service_status.cc
  grpc::Status SubmitProject(grpc::ServerContext*, const v1::SubmitProjectRequest*,
                             v1::Project*) override;
  grpc::Status ApproveProject(grpc::ServerContext*, const v1::ApproveProjectRequest*,
                              v1::Project*) override;
  grpc::Status ReturnProject(grpc::ServerContext*, const v1::ReturnProjectRequest*,
                             v1::Project*) override;
  grpc::Status ActivateProject(grpc::ServerContext*, const v1::ActivateProjectRequest*,
                               v1::Project*) override;
  grpc::Status CloseProject(grpc::ServerContext*, const v1::CloseProjectRequest*,
                            v1::Project*) override;

  // funding_service_phases.cc
  grpc::Status GetPhase(grpc::ServerContext*, const v1::GetPhaseRequest*, v1::Phase*) override;
  grpc::Status ListPhases(grpc::ServerContext*, const v1::ListPhasesRequest*,
                          v1::ListPhasesResponse*) override;
  grpc::Status CreatePhase(grpc::ServerContext*, const v1::CreatePhaseRequest*, v1::Phase*) override;
  grpc::Status UpdatePhase(grpc::ServerContext*, const v1::UpdatePhaseRequest*, v1::Phase*) override;
  grpc::Status DeletePhase(grpc::ServerContext*, const v1::DeletePhaseRequest*, v1::Phase*) override;

  // funding_service_lines.cc
  grpc::Status GetBudgetLine(grpc::ServerContext*, const v1::GetBudgetLineRequest*,
                             v1::BudgetLine*) override;
  grpc::Status ListBudgetLines(grpc::ServerContext*, const v1::ListBudgetLinesRequest*,
                               v1::ListBudgetLinesResponse*) override;
  grpc::Status CreateBudgetLine(grpc::ServerContext*, const v1::CreateBudgetLineRequest*,
                                v1::BudgetLine*) override;
  grpc::Status UpdateBudgetLine(grpc::ServerContext*, const v1::UpdateBudgetLineRequest*,
                                v1::BudgetLine*) override;
  grpc::Status DeleteBudgetLine(grpc::ServerContext*, const v1::DeleteBudgetLineRequest*,
                                v1::BudgetLine*) override;

  // funding_service_commitments.cc
  grpc::Status GetFundingCommitment(grpc::ServerContext*, const v1::GetFundingCommitmentRequest*,
                                    v1::FundingCommitment*) override;
  grpc::Status ListFundingCommitments(grpc::ServerContext*,
                                      const v1::ListFundingCommitmentsRequest*,
                                      v1::ListFundingCommitmentsResponse*) override;
  grpc::Status CreateFundingCommitment(grpc::ServerContext*,
                                       const v1::CreateFundingCommitmentRequest*,
                                       v1::FundingCommitment*) override;
  grpc::Status UpdateFundingCommitment(grpc::ServerContext*,
                                       const v1::UpdateFundingCommitmentRequest*,
                                       v1::FundingCommitment*) override;
  grpc::Status DeleteFundingCommitment(grpc::ServerContext*,
                                       const v1::DeleteFundingCommitmentRequest*,
                                       v1::FundingCommitment*) override;

  // funding_service_ledger.cc
  grpc::Status GetLedgerEntry(grpc::ServerContext*, const v1::GetLedgerEntryRequest*,
                              v1::LedgerEntry*) override;
  grpc::Status ListLedgerEntries(grpc::ServerContext*, const v1::ListLedgerEntriesRequest*,
                                 v1::ListLedgerEntriesResponse*) override;
  grpc::Status CreateLedgerEntry(grpc::ServerContext*, const v1::CreateLedgerEntryRequest*,
                                 v1::LedgerEntry*) override;

  // funding_service_budget_status.cc
  grpc::Status GetBudgetStatus(grpc::ServerContext*, const v1::GetBudgetStatusRequest*,
                               v1::BudgetStatus*) override;

 private:
  struct Transition;
  grpc::Status RunTransition(grpc::ServerContext* ctx, const char* method,
                             const google::protobuf::Message& request, const Transition& t,
                             v1::Project* resp);

  db::ConnectionPool& pool_;
  rpc::CallHandler& handler_;
  PageTokenCodec tokens_;
  const rpc::OrganisationDirectory& organisations_;
};

}  // namespace collab::funding
