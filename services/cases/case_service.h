#pragma once

#include "collab/cases/v1/case_service.grpc.pb.h"
#include "libs/common/paging.h"
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"
#include "services/cases/employer_directory.h"
#include "services/cases/keys.h"

// gRPC surface of the case service: validate → authorise (domain/visibility.h) → one
// transaction (rows, audit row, outbox event) → proto. Each method runs inside CallHandler.
// Methods not listed here answer UNIMPLEMENTED (the generated base class).
namespace collab::cases {

namespace v1 = collab::cases::v1;

class CaseServiceImpl final : public v1::CaseService::Service {
 public:
  CaseServiceImpl(db::ConnectionPool& pool, rpc::CallHandler& handler, PageTokenCodec tokens,
                  CaseKeys keys, const EmployerDirectory& employers)
      : pool_(pool), handler_(handler), tokens_(std::move(tokens)), keys_(std::move(keys)),
        employers_(employers) {}

  // Prepares every statement of the service; pass as ConnectionPool::Options::on_connect.
  static void PrepareStatements(pqxx::connection& conn);

  // case_service_cases.cc
  grpc::Status CreateCase(grpc::ServerContext*, const v1::CreateCaseRequest*, v1::Case*) override;
  grpc::Status GetCase(grpc::ServerContext*, const v1::GetCaseRequest*, v1::Case*) override;
  grpc::Status ListCases(grpc::ServerContext*, const v1::ListCasesRequest*,
                         v1::ListCasesResponse*) override;
  grpc::Status SearchCases(grpc::ServerContext*, const v1::SearchCasesRequest*,
                           v1::SearchCasesResponse*) override;

  // case_service_update.cc
  grpc::Status UpdateCase(grpc::ServerContext*, const v1::UpdateCaseRequest*, v1::Case*) override;

  // case_service_status.cc
  grpc::Status StartPlanning(grpc::ServerContext*, const v1::StartPlanningRequest*,
                             v1::Case*) override;
  grpc::Status StartInterventions(grpc::ServerContext*, const v1::StartInterventionsRequest*,
                                  v1::Case*) override;
  grpc::Status MarkReturned(grpc::ServerContext*, const v1::MarkReturnedRequest*,
                            v1::Case*) override;
  grpc::Status CloseCase(grpc::ServerContext*, const v1::CloseCaseRequest*, v1::Case*) override;
  grpc::Status ReopenCase(grpc::ServerContext*, const v1::ReopenCaseRequest*, v1::Case*) override;

  // case_service_periods.cc
  grpc::Status CreateSickLeavePeriod(grpc::ServerContext*, const v1::CreateSickLeavePeriodRequest*,
                                     v1::SickLeavePeriod*) override;
  grpc::Status ListSickLeavePeriods(grpc::ServerContext*, const v1::ListSickLeavePeriodsRequest*,
                                    v1::ListSickLeavePeriodsResponse*) override;
  grpc::Status UpdateSickLeavePeriod(grpc::ServerContext*, const v1::UpdateSickLeavePeriodRequest*,
                                     v1::SickLeavePeriod*) override;
  grpc::Status DeleteSickLeavePeriod(grpc::ServerContext*, const v1::DeleteSickLeavePeriodRequest*,
                                     v1::SickLeavePeriod*) override;
  grpc::Status GetSickLeavePeriod(grpc::ServerContext*, const v1::GetSickLeavePeriodRequest*,
                                  v1::SickLeavePeriod*) override;
  grpc::Status GetMilestone(grpc::ServerContext*, const v1::GetMilestoneRequest*,
                            v1::Milestone*) override;
  grpc::Status ListMilestones(grpc::ServerContext*, const v1::ListMilestonesRequest*,
                              v1::ListMilestonesResponse*) override;

  // case_service_milestones.cc
  grpc::Status ListOverdueMilestones(grpc::ServerContext*, const v1::ListOverdueMilestonesRequest*,
                                     v1::ListOverdueMilestonesResponse*) override;
  grpc::Status MarkMilestoneMet(grpc::ServerContext*, const v1::MarkMilestoneMetRequest*,
                                v1::Milestone*) override;

  // case_service_consents.cc
  grpc::Status GetConsent(grpc::ServerContext*, const v1::GetConsentRequest*,
                          v1::Consent*) override;
  grpc::Status ListConsents(grpc::ServerContext*, const v1::ListConsentsRequest*,
                            v1::ListConsentsResponse*) override;
  grpc::Status GiveConsent(grpc::ServerContext*, const v1::GiveConsentRequest*,
                           v1::Consent*) override;
  grpc::Status RevokeConsent(grpc::ServerContext*, const v1::RevokeConsentRequest*,
                             v1::Consent*) override;

  // case_service_plans.cc
  grpc::Status GetPlan(grpc::ServerContext*, const v1::GetPlanRequest*,
                       v1::ReturnToWorkPlan*) override;
  grpc::Status ListPlans(grpc::ServerContext*, const v1::ListPlansRequest*,
                         v1::ListPlansResponse*) override;
  grpc::Status CreatePlan(grpc::ServerContext*, const v1::CreatePlanRequest*,
                          v1::ReturnToWorkPlan*) override;
  grpc::Status UpdatePlan(grpc::ServerContext*, const v1::UpdatePlanRequest*,
                          v1::ReturnToWorkPlan*) override;
  grpc::Status DeletePlan(grpc::ServerContext*, const v1::DeletePlanRequest*,
                          google::protobuf::Empty*) override;
  grpc::Status SubmitPlan(grpc::ServerContext*, const v1::SubmitPlanRequest*,
                          v1::ReturnToWorkPlan*) override;
  grpc::Status RecordPlanExemption(grpc::ServerContext*, const v1::RecordPlanExemptionRequest*,
                                   v1::Case*) override;
  grpc::Status ClearPlanExemption(grpc::ServerContext*, const v1::ClearPlanExemptionRequest*,
                                  v1::Case*) override;
  grpc::Status RequestPlan(grpc::ServerContext*, const v1::RequestPlanRequest*,
                           v1::Case*) override;

  // case_service_plan_actions.cc
  grpc::Status GetPlanAction(grpc::ServerContext*, const v1::GetPlanActionRequest*,
                             v1::PlanAction*) override;
  grpc::Status ListPlanActions(grpc::ServerContext*, const v1::ListPlanActionsRequest*,
                               v1::ListPlanActionsResponse*) override;
  grpc::Status CreatePlanAction(grpc::ServerContext*, const v1::CreatePlanActionRequest*,
                                v1::PlanAction*) override;
  grpc::Status UpdatePlanAction(grpc::ServerContext*, const v1::UpdatePlanActionRequest*,
                                v1::PlanAction*) override;
  grpc::Status DeletePlanAction(grpc::ServerContext*, const v1::DeletePlanActionRequest*,
                                v1::PlanAction*) override;
  grpc::Status GetPlanComment(grpc::ServerContext*, const v1::GetPlanCommentRequest*,
                              v1::PlanComment*) override;
  grpc::Status ListPlanComments(grpc::ServerContext*, const v1::ListPlanCommentsRequest*,
                                v1::ListPlanCommentsResponse*) override;
  grpc::Status CreatePlanComment(grpc::ServerContext*, const v1::CreatePlanCommentRequest*,
                                 v1::PlanComment*) override;

  // case_service_meetings.cc
  grpc::Status GetMeeting(grpc::ServerContext*, const v1::GetMeetingRequest*,
                          v1::Meeting*) override;
  grpc::Status ListMeetings(grpc::ServerContext*, const v1::ListMeetingsRequest*,
                            v1::ListMeetingsResponse*) override;
  grpc::Status CreateMeeting(grpc::ServerContext*, const v1::CreateMeetingRequest*,
                             v1::Meeting*) override;
  grpc::Status UpdateMeeting(grpc::ServerContext*, const v1::UpdateMeetingRequest*,
                             v1::Meeting*) override;
  grpc::Status DeleteMeeting(grpc::ServerContext*, const v1::DeleteMeetingRequest*,
                             v1::Meeting*) override;

  // case_service_erase.cc
  grpc::Status ErasePersonalData(grpc::ServerContext*, const v1::ErasePersonalDataRequest*,
                                 v1::Case*) override;

  // case_service_watches.cc
  grpc::Status GetAbsenceSpell(grpc::ServerContext*, const v1::GetAbsenceSpellRequest*,
                               v1::AbsenceSpell*) override;
  grpc::Status ListAbsenceSpells(grpc::ServerContext*, const v1::ListAbsenceSpellsRequest*,
                                 v1::ListAbsenceSpellsResponse*) override;
  grpc::Status CreateAbsenceSpell(grpc::ServerContext*, const v1::CreateAbsenceSpellRequest*,
                                  v1::AbsenceSpell*) override;
  grpc::Status DeleteAbsenceSpell(grpc::ServerContext*, const v1::DeleteAbsenceSpellRequest*,
                                  v1::AbsenceSpell*) override;
  grpc::Status GetRehabWatch(grpc::ServerContext*, const v1::GetRehabWatchRequest*,
                             v1::RehabWatch*) override;
  grpc::Status ListRehabWatches(grpc::ServerContext*, const v1::ListRehabWatchesRequest*,
                                v1::ListRehabWatchesResponse*) override;
  grpc::Status CreateRehabWatch(grpc::ServerContext*, const v1::CreateRehabWatchRequest*,
                                v1::RehabWatch*) override;
  grpc::Status UpdateRehabWatch(grpc::ServerContext*, const v1::UpdateRehabWatchRequest*,
                                v1::RehabWatch*) override;
  grpc::Status ActivateRehabWatch(grpc::ServerContext*, const v1::ActivateRehabWatchRequest*,
                                  v1::RehabWatch*) override;
  grpc::Status CloseRehabWatch(grpc::ServerContext*, const v1::CloseRehabWatchRequest*,
                               v1::RehabWatch*) override;
  grpc::Status EscalateRehabWatch(grpc::ServerContext*, const v1::EscalateRehabWatchRequest*,
                                  v1::RehabWatch*) override;

  // case_service_audit.cc
  grpc::Status ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest*,
                               v1::ListAuditEventsResponse*) override;
  grpc::Status VerifyAuditChain(grpc::ServerContext*, const v1::VerifyAuditChainRequest*,
                                v1::VerifyAuditChainResponse*) override;

 public:
  // Run, bound to a service, for helpers outside the class that run a handler.
  class Runner {
   public:
    explicit Runner(CaseServiceImpl* service) : service_(service) {}
    grpc::Status operator()(grpc::ServerContext* ctx, std::string_view method,
                            absl::FunctionRef<absl::Status(const rpc::CallContext&)> fn) const {
      return service_->Run(ctx, method, fn);
    }

   private:
    CaseServiceImpl* service_;
  };

 private:
  // handler_.Run plus the DENIED audit row of a refused existing case (case_refusal.h). Every
  // method that loads a case runs through it, so the refusal mark never reaches the caller.
  grpc::Status Run(grpc::ServerContext* ctx, std::string_view method,
                   absl::FunctionRef<absl::Status(const rpc::CallContext&)> fn);

  struct TransitionInput;
  struct WatchTransitionInput;
  grpc::Status TransitionWatch(grpc::ServerContext* ctx, const char* method,
                               const google::protobuf::Message& request,
                               const WatchTransitionInput& in, v1::RehabWatch* resp);
  grpc::Status Transition(grpc::ServerContext* ctx, const char* method,
                          const google::protobuf::Message& request, const TransitionInput& in,
                          v1::Case* resp);

  db::ConnectionPool& pool_;
  rpc::CallHandler& handler_;
  PageTokenCodec tokens_;
  CaseKeys keys_;
  const EmployerDirectory& employers_;
};

}  // namespace collab::cases
