// The status methods: the state machine of domain/case_status.h over the service, etags,
// FAILED_PRECONDITION for illegal transitions, and an event per change; a CLOSED case is
// read-only until reopened.
#include "google/protobuf/util/time_util.h"
#include "services/cases/test/plan_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class StatusTest : public PlanFixture {
 protected:
  // Everything a write on the case could touch, as one digest per table: equal digests before
  // and after a refused call mean nothing was written, not even in part.
  static std::string Footprint(const std::string& case_name) {
    const std::string id = IdOf(case_name);
    std::string sql = "SELECT concat_ws(',', ";
    const std::vector<std::pair<std::string, std::string>> tables = {
        {"cases", "id"},           {"plans", "case_id"},     {"plan_actions", "case_id"},
        {"plan_comments", "case_id"}, {"meetings", "case_id"}, {"sick_leave_periods", "case_id"},
        {"consents", "case_id"},   {"milestone_met", "case_id"}, {"open_milestones", "case_id"},
        {"outbox", "aggregate_id"}};
    for (size_t i = 0; i < tables.size(); ++i) {
      const auto& [table, column] = tables[i];
      sql += (i ? ", " : "") + std::string("(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY "
                                            "t::text), '')) FROM cases.") +
             table + " t WHERE " + column + "::text = '" + id + "')";
    }
    auto conn = Superuser();
    pqxx::work tx(*conn);
    return tx.exec1(sql + ")")[0].as<std::string>();
  }
};

TEST_F(StatusTest, WalksTheStateMachineAndRefusesIllegalTransitions) {
  const v1::Case c = Create(SampleCase(40));
  v1::Case out;
  v1::StartPlanningRequest plan;
  plan.set_name(c.name());
  plan.set_etag("999");
  EXPECT_EQ(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).error_code(),
            grpc::StatusCode::ABORTED);
  plan.set_etag(c.etag());
  ASSERT_TRUE(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_PLANNING);
  EXPECT_NE(out.etag(), c.etag());
  // PLANNING → PLANNING is not a transition.
  plan.clear_etag();
  grpc::Status again = stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), ::testing::HasSubstr("PLANNING"));

  v1::StartInterventionsRequest start;
  start.set_name(c.name());
  // Interventions need a submitted plan or an exemption from it.
  grpc::Status early = stub_->StartInterventions(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), start, &out);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), ::testing::HasSubstr("plan"));
  v1::RecordPlanExemptionRequest exempt;
  exempt.set_name(c.name());
  exempt.set_reason(v1::PLAN_EXEMPTION_REASON_EXPECTED_FULL_RETURN_WITHIN_60_DAYS);
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), exempt, &out).ok());
  ASSERT_TRUE(stub_->StartInterventions(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), start, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_IN_PROGRESS);

  v1::MarkReturnedRequest back;
  back.set_name(c.name());
  back.mutable_return_date()->set_year(2026);
  back.mutable_return_date()->set_month(8);
  back.mutable_return_date()->set_day(1);  // before the first sick day
  EXPECT_EQ(stub_->MarkReturned(Ctx(CaseWorker()).get(), back, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  back.mutable_return_date()->set_month(10);
  ASSERT_TRUE(stub_->MarkReturned(Ctx(CaseWorker()).get(), back, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_RETURNED);
  EXPECT_EQ(out.return_date().month(), 10);

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  EXPECT_EQ(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a reason is required
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_TRUE(out.has_close_time());
  EXPECT_EQ(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  ASSERT_TRUE(stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_OPEN);
  EXPECT_FALSE(out.has_close_time());
  EXPECT_EQ(out.close_reason(), v1::CASE_CLOSE_REASON_UNSPECIFIED);

  const std::string id = IdOf(c.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.CaseStatusChanged'"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.CaseClosed'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND action = 6"), 5);
}

// A closed case is kept for reading and gallring only (case_scope.h, CaseUse::kWrite): every
// write on it or its children answers FAILED_PRECONDITION / CASE_CLOSED before writing anything;
// reads, a consent's revocation and ReopenCase stay allowed.
TEST_F(StatusTest, AClosedCaseRefusesWritesAndStillAnswersReads) {
  const v1::Case c = CaseWithPeriod(43);
  // Children on record before the close.
  v1::ReturnToWorkPlan draft;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &draft).ok());
  v1::PlanAction action;
  ASSERT_TRUE(AddAction(Hr(), draft.name(), &action).ok());
  v1::CreatePlanCommentRequest comment;
  comment.set_parent(draft.name());
  comment.set_request_id("3a0d4c5e-0000-4000-8000-000000000043");
  comment.mutable_comment()->set_author_kind(v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER);
  comment.mutable_comment()->set_text("Bra upplägg");
  v1::PlanComment first_comment, replayed_comment;
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &first_comment).ok());
  v1::CreateMeetingRequest meeting;
  meeting.set_parent(c.name());
  meeting.mutable_meeting()->set_kind(v1::MEETING_KIND_RECONCILIATION);
  *meeting.mutable_meeting()->mutable_meeting_date() = D(2026, 11, 20);
  v1::Meeting held;
  ASSERT_TRUE(stub_->CreateMeeting(Ctx(CaseWorker()).get(), meeting, &held).ok());
  v1::GiveConsentRequest give = EmployerDiagnosisConsent(c, "Samtycke 2026-11-01");
  v1::Consent consent;
  ASSERT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &consent).ok());
  v1::ListSickLeavePeriodsRequest list_periods;
  list_periods.set_parent(c.name());
  v1::ListSickLeavePeriodsResponse periods;
  ASSERT_TRUE(stub_->ListSickLeavePeriods(Ctx(CaseWorker()).get(), list_periods, &periods).ok());
  ASSERT_EQ(periods.sick_leave_periods_size(), 1);
  const v1::SickLeavePeriod period = periods.sick_leave_periods(0);

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_EMPLOYMENT_ENDED);
  v1::Case closed;
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed).ok());
  const std::string before = Footprint(c.name());

  auto refused = [&](const char* what, const grpc::Status& s) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << what << ": " << s.error_message();
    EXPECT_EQ(collab::testing::ErrorReason(s), "CASE_CLOSED") << what;
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr("closed")) << what;
  };
  // Plans.
  v1::ReturnToWorkPlan plan_out;
  refused("CreatePlan", CreatePlan(Hr(), c.name(), &plan_out));
  v1::UpdatePlanRequest update_plan;
  update_plan.mutable_plan()->set_name(draft.name());
  update_plan.mutable_plan()->set_goal("Ny");
  update_plan.mutable_update_mask()->add_paths("goal");
  refused("UpdatePlan", stub_->UpdatePlan(Ctx(Hr()).get(), update_plan, &plan_out));
  v1::DeletePlanRequest delete_plan;
  delete_plan.set_name(draft.name());
  google::protobuf::Empty empty;
  refused("DeletePlan", stub_->DeletePlan(Ctx(Hr()).get(), delete_plan, &empty));
  refused("SubmitPlan", Submit(Hr(), draft.name(), &plan_out));
  // Plan actions and comments.
  v1::PlanAction action_out;
  refused("CreatePlanAction", AddAction(Hr(), draft.name(), &action_out));
  v1::UpdatePlanActionRequest update_action;
  update_action.mutable_action()->set_name(action.name());
  update_action.mutable_action()->set_state(v1::PLAN_ACTION_STATE_IN_PROGRESS);
  update_action.mutable_update_mask()->add_paths("state");
  refused("UpdatePlanAction", stub_->UpdatePlanAction(Ctx(Hr()).get(), update_action, &action_out));
  v1::DeletePlanActionRequest delete_action;
  delete_action.set_name(action.name());
  refused("DeletePlanAction", stub_->DeletePlanAction(Ctx(Hr()).get(), delete_action, &action_out));
  v1::PlanComment comment_out;
  comment.clear_request_id();
  refused("CreatePlanComment",
          stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &comment_out));
  // Meetings.
  v1::Meeting meeting_out;
  refused("CreateMeeting", stub_->CreateMeeting(Ctx(CaseWorker()).get(), meeting, &meeting_out));
  v1::UpdateMeetingRequest update_meeting;
  update_meeting.mutable_meeting()->set_name(held.name());
  update_meeting.mutable_meeting()->set_outcome_notes("Ny anteckning");
  update_meeting.mutable_update_mask()->add_paths("outcome_notes");
  refused("UpdateMeeting",
          stub_->UpdateMeeting(Ctx(CaseWorker()).get(), update_meeting, &meeting_out));
  v1::DeleteMeetingRequest delete_meeting;
  delete_meeting.set_name(held.name());
  refused("DeleteMeeting",
          stub_->DeleteMeeting(Ctx(CaseWorker()).get(), delete_meeting, &meeting_out));
  // Sick-leave periods.
  v1::CreateSickLeavePeriodRequest add_period;
  add_period.set_parent(c.name());
  *add_period.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = D(2027, 1, 10);
  add_period.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_50);
  v1::SickLeavePeriod period_out;
  refused("CreateSickLeavePeriod",
          stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), add_period, &period_out));
  v1::UpdateSickLeavePeriodRequest update_period;
  update_period.mutable_sick_leave_period()->set_name(period.name());
  update_period.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_75);
  update_period.mutable_update_mask()->add_paths("degree");
  refused("UpdateSickLeavePeriod",
          stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), update_period, &period_out));
  v1::DeleteSickLeavePeriodRequest delete_period;
  delete_period.set_name(period.name());
  refused("DeleteSickLeavePeriod",
          stub_->DeleteSickLeavePeriod(Ctx(CaseWorker()).get(), delete_period, &period_out));
  // Consents, plan facts, milestones.
  v1::Consent consent_out;
  refused("GiveConsent", stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &consent_out));
  v1::RecordPlanExemptionRequest exempt;
  exempt.set_name(c.name());
  exempt.set_reason(v1::PLAN_EXEMPTION_REASON_RETURN_IMPOSSIBLE);
  v1::Case case_out;
  refused("RecordPlanExemption", stub_->RecordPlanExemption(Ctx(Hr()).get(), exempt, &case_out));
  v1::RequestPlanRequest request_plan;
  request_plan.set_name(c.name());
  refused("RequestPlan", stub_->RequestPlan(Ctx(CaseWorker()).get(), request_plan, &case_out));
  v1::MarkMilestoneMetRequest mark;
  mark.set_name(c.name() + "/milestones/employer-report");
  v1::Milestone milestone_out;
  refused("MarkMilestoneMet", stub_->MarkMilestoneMet(Ctx(Hr()).get(), mark, &milestone_out));
  EXPECT_EQ(Footprint(c.name()), before);

  // A foreign caller still learns nothing: NOT_FOUND before the status is looked at.
  EXPECT_EQ(stub_->CreateMeeting(Ctx(ForeignHr()).get(), meeting, &meeting_out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Reads stay allowed, and so does a replay of a create made before the close.
  v1::ListPlansRequest list_plans;
  list_plans.set_parent(c.name());
  v1::ListPlansResponse plans;
  ASSERT_TRUE(stub_->ListPlans(Ctx(Hr()).get(), list_plans, &plans).ok());
  EXPECT_EQ(plans.plans_size(), 1);
  ASSERT_TRUE(stub_->ListSickLeavePeriods(Ctx(CaseWorker()).get(), list_periods, &periods).ok());
  EXPECT_EQ(periods.sick_leave_periods_size(), 1);
  v1::ListMilestonesRequest list_milestones;
  list_milestones.set_parent(c.name());
  v1::ListMilestonesResponse milestones;
  ASSERT_TRUE(stub_->ListMilestones(Ctx(Hr()).get(), list_milestones, &milestones).ok());
  EXPECT_GT(milestones.milestones_size(), 0);
  comment.set_request_id("3a0d4c5e-0000-4000-8000-000000000043");
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &replayed_comment).ok());
  EXPECT_EQ(replayed_comment.name(), first_comment.name());
  EXPECT_EQ(Footprint(c.name()), before);
  // The employee may withdraw a consent at any time (GDPR art. 7.3).
  v1::RevokeConsentRequest revoke;
  revoke.set_name(consent.name());
  ASSERT_TRUE(stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &consent_out).ok());
  EXPECT_TRUE(consent_out.has_revoke_time());

  // Reopened, the case takes writes again.
  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  ASSERT_TRUE(stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &case_out).ok());
  comment.clear_request_id();
  EXPECT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &comment_out).ok());
}

// RETURNED keeps the case open for follow-up (case.proto): its children still take writes.
// A retry of a write accepted before the close replays its answer (AIP-155) and writes nothing;
// the same write under a new request id is refused.
TEST_F(StatusTest, ARetryOfAWriteMadeBeforeTheCloseReplays) {
  const v1::Case c = CaseWithPeriod(44);
  v1::RecordPlanExemptionRequest record;
  record.set_name(c.name());
  record.set_reason(v1::PLAN_EXEMPTION_REASON_HEALTH_PREVENTS_RETURN);
  record.set_request_id("3a0d4c5e-0000-4000-8000-000000000044");
  v1::Case out;
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out).ok());

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_EMPLOYMENT_ENDED);
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).ok());
  const std::string before = Footprint(c.name());

  grpc::Status replay = stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out);
  ASSERT_TRUE(replay.ok()) << replay.error_message();
  EXPECT_EQ(out.status(), v1::CASE_STATUS_CLOSED);  // the case as it now stands
  EXPECT_EQ(out.plan_exemption().reason(), v1::PLAN_EXEMPTION_REASON_HEALTH_PREVENTS_RETURN);
  EXPECT_EQ(Footprint(c.name()), before);

  record.set_request_id("3a0d4c5e-0000-4000-8000-000000000045");
  grpc::Status fresh = stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out);
  EXPECT_EQ(fresh.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(collab::testing::ErrorReason(fresh), "CASE_CLOSED");
  EXPECT_EQ(Footprint(c.name()), before);
}

// A status change answers the case as it now stands, its computed fields included (as GetCase
// shows them); retried with its request_id it writes nothing and answers the case as it stands
// at the retry.
TEST_F(StatusTest, ATransitionRetriedWithItsRequestIdReplaysTheCaseAsItNowStands) {
  const v1::Case c = CaseWithPeriod(45);
  const auto get = [&] {
    v1::GetCaseRequest req;
    req.set_name(c.name());
    v1::Case out;
    grpc::Status s = stub_->GetCase(Ctx(CaseWorker()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  const auto expect_as_stored = [&](const v1::Case& answer) {
    const v1::Case stored = get();
    EXPECT_EQ(answer.status(), stored.status());
    EXPECT_EQ(answer.etag(), stored.etag());
    EXPECT_EQ(answer.chain_day(), stored.chain_day());
    EXPECT_EQ(answer.current_degree(), stored.current_degree());
    EXPECT_EQ(answer.has_overdue_milestone(), stored.has_overdue_milestone());
    EXPECT_EQ(answer.next_milestone_kind(), stored.next_milestone_kind());
    EXPECT_EQ(answer.next_milestone_due_date().SerializeAsString(),
              stored.next_milestone_due_date().SerializeAsString());
  };
  const std::string open_rows =
      "SELECT count(*) FROM cases.open_milestones WHERE case_id = '" + IdOf(c.name()) + "'";

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  close.set_request_id("3a0d4c5e-0000-4000-8000-000000000046");
  v1::Case closed;
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed).ok());
  EXPECT_EQ(closed.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_GT(closed.chain_day(), 0);  // a closed case still shows its chain's count
  EXPECT_EQ(closed.next_milestone_kind(), v1::MILESTONE_KIND_UNSPECIFIED);
  expect_as_stored(closed);
  EXPECT_EQ(Count(open_rows), 0);

  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  reopen.set_request_id("3a0d4c5e-0000-4000-8000-000000000047");
  v1::Case reopened;
  ASSERT_TRUE(stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &reopened).ok());
  EXPECT_EQ(reopened.status(), v1::CASE_STATUS_OPEN);
  EXPECT_NE(reopened.next_milestone_kind(), v1::MILESTONE_KIND_UNSPECIFIED);
  expect_as_stored(reopened);
  EXPECT_GT(Count(open_rows), 0);  // the reopening brought its milestones back

  const std::string before = Footprint(c.name());
  v1::Case again;
  grpc::Status replay = stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &again);
  ASSERT_TRUE(replay.ok()) << replay.error_message();
  EXPECT_EQ(again.etag(), reopened.etag());
  expect_as_stored(again);
  EXPECT_EQ(Footprint(c.name()), before);

  // The case moves on; the retry of the reopening shows it as it now stands.
  close.set_request_id("3a0d4c5e-0000-4000-8000-000000000048");
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed).ok());
  const std::string after_close = Footprint(c.name());
  replay = stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &again);
  ASSERT_TRUE(replay.ok()) << replay.error_message();
  EXPECT_EQ(again.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(again.next_milestone_kind(), v1::MILESTONE_KIND_UNSPECIFIED);
  expect_as_stored(again);
  EXPECT_EQ(Footprint(c.name()), after_close);
}

TEST_F(StatusTest, AReturnedCaseStillTakesWrites) {
  const v1::Case c = CaseWithPeriod(44);
  v1::MarkReturnedRequest back;
  back.set_name(c.name());
  v1::Case out;
  ASSERT_TRUE(stub_->MarkReturned(Ctx(CaseWorker()).get(), back, &out).ok());
  ASSERT_EQ(out.status(), v1::CASE_STATUS_RETURNED);
  v1::ReturnToWorkPlan draft;
  grpc::Status s = CreatePlan(Hr(), c.name(), &draft);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(StatusTest, AForeignCaseIsNotFound) {
  const v1::Case c = Create(SampleCase(41));
  v1::StartPlanningRequest plan;
  plan.set_name(c.name());
  v1::Case out;
  EXPECT_EQ(stub_->StartPlanning(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), plan, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  plan.set_name("cases/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::cases
