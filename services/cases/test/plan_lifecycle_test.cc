// Return-to-work plans end to end: draft → update → submit meets the plan milestone and writes
// PlanSubmitted in the submitting transaction; revisions supersede; drafts are discarded; the
// exemption waives the milestone and clearing it brings it back; FK requests the plan.
#include "collab/events/v1/case_events.pb.h"
#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/test/plan_fixture.h"

namespace collab::cases {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PlanLifecycleTest : public PlanFixture {
 protected:
  static google::protobuf::FieldMask Mask(const std::string& paths) {
    google::protobuf::FieldMask m;
    google::protobuf::util::FieldMaskUtil::FromString(paths, &m);
    return m;
  }
};

TEST_F(PlanLifecycleTest, DraftUpdateSubmitMeetsTheMilestone) {
  const v1::Case c = CaseWithPeriod(101);
  // First sick day 2026-09-… and no plan yet: day 30 has passed or is coming, never MET.
  EXPECT_NE(PlanMilestone(c.name()), v1::MILESTONE_STATE_MET);

  v1::ReturnToWorkPlan draft;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &draft).ok());
  EXPECT_EQ(draft.version(), 1);
  EXPECT_EQ(draft.state(), v1::PLAN_STATE_DRAFT);
  EXPECT_EQ(draft.goal(), "Tillbaka i ordinarie arbete på heltid");
  EXPECT_EQ(draft.expected_return_date().year(), 2027);
  EXPECT_TRUE(draft.previous_version().empty());
  // The plan's text is encrypted at rest.
  EXPECT_EQ(Count("SELECT count(*) FROM cases.plans WHERE id = '" + IdOf(draft.name()) +
                  "' AND position(convert_to('ordinarie', 'UTF8') in goal_cipher) = 0"),
            1);

  // One draft at a time.
  v1::ReturnToWorkPlan second;
  grpc::Status s = CreatePlan(Manager(), c.name(), &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // FieldMask + etag.
  v1::UpdatePlanRequest update;
  update.mutable_plan()->set_name(draft.name());
  update.mutable_plan()->set_etag(draft.etag());
  update.mutable_plan()->set_goal("Tillbaka på 75 % i januari");
  update.mutable_plan()->set_employee_view("ignored: not in the mask");
  *update.mutable_update_mask() = Mask("goal");
  v1::ReturnToWorkPlan updated;
  s = stub_->UpdatePlan(Ctx(Hr()).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.goal(), "Tillbaka på 75 % i januari");
  EXPECT_EQ(updated.employee_view(), "Vill börja med förmiddagar");
  EXPECT_NE(updated.etag(), draft.etag());
  s = stub_->UpdatePlan(Ctx(Hr()).get(), update, &second);  // the old etag
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  update.mutable_plan()->clear_etag();
  *update.mutable_update_mask() = Mask("state");
  s = stub_->UpdatePlan(Ctx(Hr()).get(), update, &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("update_mask"));
  update.mutable_plan()->set_expected_remaining_degree(static_cast<v1::SickLeaveDegree>(9));
  *update.mutable_update_mask() = Mask("expected_remaining_degree");
  s = stub_->UpdatePlan(Ctx(Hr()).get(), update, &second);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("plan.expected_remaining_degree"));

  // Not without an action: nothing is written, no event, the milestone stays open.
  v1::ReturnToWorkPlan submitted;
  s = Submit(Hr(), draft.name(), &submitted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("at least one action"));
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE event_type = "
                  "'collab.events.v1.PlanSubmitted' AND aggregate_id = '" + IdOf(c.name()) + "'"),
            0);
  EXPECT_NE(PlanMilestone(c.name()), v1::MILESTONE_STATE_MET);

  v1::PlanAction action;
  ASSERT_TRUE(AddAction(Hr(), draft.name(), &action).ok());
  s = Submit(Hr(), draft.name(), &submitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(submitted.state(), v1::PLAN_STATE_SUBMITTED);
  EXPECT_TRUE(submitted.has_submit_time());
  EXPECT_EQ(submitted.submitted_by(), "hr-a");
  EXPECT_EQ(PlanMilestone(c.name()), v1::MILESTONE_STATE_MET);

  // A submitted version is frozen.
  *update.mutable_update_mask() = Mask("goal");
  s = stub_->UpdatePlan(Ctx(Hr()).get(), update, &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  s = Submit(Hr(), draft.name(), &second);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // PlanSubmitted, pseudonymous, in the outbox.
  auto conn = Superuser();
  pqxx::work tx(*conn);
  pqxx::result events = tx.exec(
      "SELECT payload FROM cases.outbox WHERE event_type = 'collab.events.v1.PlanSubmitted' "
      "AND aggregate_id = '" + IdOf(c.name()) + "'");
  ASSERT_EQ(events.size(), 1u);
  collab::events::v1::PlanSubmitted e;
  ASSERT_TRUE(e.ParseFromString(pqxx::binarystring(events[0][0]).str()));
  EXPECT_EQ(e.case_name(), c.name());
  EXPECT_EQ(e.employer(), "organisations/" + employer_a_);
  EXPECT_EQ(e.plan(), draft.name());
  EXPECT_EQ(e.version(), 1);
  EXPECT_GT(e.chain_day(), 30);
  EXPECT_THAT(e.action_kinds(), ElementsAre(v1::PLAN_ACTION_KIND_ADAPTED_HOURS));
  // The plan row, the milestone, the event and the audit row of the submission were written by
  // one transaction (same xmin).
  const std::string plan_xmin =
      tx.exec1("SELECT xmin::text FROM cases.plans WHERE id = '" + IdOf(draft.name()) + "'")[0].c_str();
  EXPECT_EQ(tx.exec1("SELECT xmin::text FROM cases.outbox WHERE event_type = "
                     "'collab.events.v1.PlanSubmitted' AND aggregate_id = '" + IdOf(c.name()) + "'")[0]
                .c_str(),
            plan_xmin);
  EXPECT_EQ(tx.exec1("SELECT xmin::text FROM cases.milestone_met WHERE kind = 2 AND case_id = '" +
                     IdOf(c.name()) + "'")[0].c_str(),
            plan_xmin);
  EXPECT_EQ(tx.exec1("SELECT xmin::text FROM cases.audit_events WHERE action = " +
                     std::to_string(v1::AUDIT_ACTION_STATE_CHANGE) + " AND resource = '" +
                     draft.name() + "'")[0].c_str(),
            plan_xmin);
}

TEST_F(PlanLifecycleTest, RevisionSupersedesAndKeepsTheMilestoneDate) {
  const v1::Case c = CaseWithPeriod(102);
  v1::ReturnToWorkPlan v1plan, v2plan, out;
  v1::PlanAction action;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &v1plan).ok());
  ASSERT_TRUE(AddAction(Oh(), v1plan.name(), &action).ok());
  ASSERT_TRUE(Submit(Manager(), v1plan.name(), &out).ok());
  const int64_t met = Count("SELECT extract(epoch FROM met_time)::bigint FROM cases.milestone_met "
                            "WHERE kind = 2 AND case_id = '" + IdOf(c.name()) + "'");

  ASSERT_TRUE(CreatePlan(Manager(), c.name(), &v2plan, /*copy_actions=*/true).ok());
  EXPECT_EQ(v2plan.version(), 2);
  EXPECT_EQ(v2plan.previous_version(), v1plan.name());
  v1::ListPlanActionsRequest list_actions;
  list_actions.set_parent(v2plan.name());
  v1::ListPlanActionsResponse copied;
  ASSERT_TRUE(stub_->ListPlanActions(Ctx(Hr()).get(), list_actions, &copied).ok());
  ASSERT_EQ(copied.actions_size(), 1);
  EXPECT_EQ(copied.actions(0).description(), action.description());
  EXPECT_NE(copied.actions(0).name(), action.name());

  ASSERT_TRUE(Submit(Hr(), v2plan.name(), &out).ok());
  v1::ListPlansRequest list;
  list.set_parent(c.name());
  v1::ListPlansResponse plans;
  ASSERT_TRUE(stub_->ListPlans(Ctx(CaseWorker()).get(), list, &plans).ok());
  ASSERT_EQ(plans.plans_size(), 2);
  EXPECT_EQ(plans.plans(0).name(), v2plan.name());  // newest first
  EXPECT_EQ(plans.plans(0).state(), v1::PLAN_STATE_SUBMITTED);
  EXPECT_EQ(plans.plans(1).state(), v1::PLAN_STATE_SUPERSEDED);
  list.add_states(v1::PLAN_STATE_SUPERSEDED);
  ASSERT_TRUE(stub_->ListPlans(Ctx(CaseWorker()).get(), list, &plans).ok());
  ASSERT_EQ(plans.plans_size(), 1);
  EXPECT_EQ(plans.plans(0).name(), v1plan.name());
  // Paging: one per page, bound to the filter.
  list.clear_states();
  list.set_page_size(1);
  ASSERT_TRUE(stub_->ListPlans(Ctx(CaseWorker()).get(), list, &plans).ok());
  ASSERT_EQ(plans.plans_size(), 1);
  ASSERT_FALSE(plans.next_page_token().empty());
  list.set_page_token(plans.next_page_token());
  ASSERT_TRUE(stub_->ListPlans(Ctx(CaseWorker()).get(), list, &plans).ok());
  ASSERT_EQ(plans.plans_size(), 1);
  EXPECT_EQ(plans.plans(0).name(), v1plan.name());
  EXPECT_TRUE(plans.next_page_token().empty());
  list.add_states(v1::PLAN_STATE_DRAFT);
  EXPECT_EQ(stub_->ListPlans(Ctx(CaseWorker()).get(), list, &plans).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // The first submission met the milestone; the revision does not move it.
  EXPECT_EQ(Count("SELECT extract(epoch FROM met_time)::bigint FROM cases.milestone_met "
                  "WHERE kind = 2 AND case_id = '" + IdOf(c.name()) + "'"),
            met);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE event_type = "
                  "'collab.events.v1.PlanSubmitted' AND aggregate_id = '" + IdOf(c.name()) + "'"),
            2);
}

TEST_F(PlanLifecycleTest, DiscardsDraftsOnly) {
  const v1::Case c = CaseWithPeriod(103);
  v1::ReturnToWorkPlan draft, out;
  v1::PlanAction action;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &draft).ok());
  ASSERT_TRUE(AddAction(Hr(), draft.name(), &action).ok());
  v1::DeletePlanRequest del;
  del.set_name(draft.name());
  del.set_etag("999");
  google::protobuf::Empty empty;
  EXPECT_EQ(stub_->DeletePlan(Ctx(Hr()).get(), del, &empty).error_code(), grpc::StatusCode::ABORTED);
  del.clear_etag();
  ASSERT_TRUE(stub_->DeletePlan(Ctx(Hr()).get(), del, &empty).ok());
  v1::GetPlanRequest get;
  get.set_name(draft.name());
  EXPECT_EQ(stub_->GetPlan(Ctx(Hr()).get(), get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.plan_actions WHERE id = '" + IdOf(action.name()) + "'"), 0);
  EXPECT_EQ(AuditRows(c.name(), draft.name(), v1::AUDIT_ACTION_DELETE), 1);

  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &draft).ok());
  EXPECT_EQ(draft.version(), 1);  // a discarded draft leaves no version behind
  ASSERT_TRUE(AddAction(Hr(), draft.name(), &action).ok());
  ASSERT_TRUE(Submit(Hr(), draft.name(), &out).ok());
  del.set_name(draft.name());
  EXPECT_EQ(stub_->DeletePlan(Ctx(Hr()).get(), del, &empty).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PlanLifecycleTest, ExemptionWaivesTheMilestoneAndClearingBringsItBack) {
  const v1::Case c = CaseWithPeriod(104);
  const v1::MilestoneState open = PlanMilestone(c.name());
  ASSERT_NE(open, v1::MILESTONE_STATE_WAIVED);
  ASSERT_NE(open, v1::MILESTONE_STATE_MET);

  v1::RecordPlanExemptionRequest record;
  record.set_name(c.name());
  v1::Case out;
  grpc::Status s = stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("reason"));

  record.set_reason(v1::PLAN_EXEMPTION_REASON_EXPECTED_FULL_RETURN_WITHIN_60_DAYS);
  record.set_note("Åter på heltid inom sex veckor enligt läkarintyg");
  record.set_etag("999");
  EXPECT_EQ(stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out).error_code(),
            grpc::StatusCode::ABORTED);
  record.clear_etag();
  record.set_request_id("6f1c2d3e-0000-4000-8000-000000000104");
  s = stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.plan_exemption().reason(), v1::PLAN_EXEMPTION_REASON_EXPECTED_FULL_RETURN_WITHIN_60_DAYS);
  EXPECT_EQ(out.plan_exemption().recorded_by(), "hr-a");
  EXPECT_FALSE(out.plan_required());
  EXPECT_EQ(PlanMilestone(c.name()), v1::MILESTONE_STATE_WAIVED);
  // The overdue filter and the sweep read open_milestones: a waived plan is not open.
  const std::string open_plan_rows =
      "SELECT count(*) FROM cases.open_milestones WHERE kind = 2 AND case_id = '" + IdOf(c.name()) + "'";
  EXPECT_EQ(Count(open_plan_rows), 0);
  // A retry with the same request id writes nothing more.
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE event_type = "
                  "'collab.events.v1.PlanExemptionChanged' AND aggregate_id = '" + IdOf(c.name()) + "'"),
            1);

  v1::ClearPlanExemptionRequest clear;
  clear.set_name(c.name());
  ASSERT_TRUE(stub_->ClearPlanExemption(Ctx(CaseWorker()).get(), clear, &out).ok());
  EXPECT_FALSE(out.has_plan_exemption());
  EXPECT_TRUE(out.plan_required());
  // SFB 30 kap. 6 §: the need for a plan became known today, after day 30 (the first sick day is
  // in September 2026), so the plan is due at once: today, not its day-30 date.
  const absl::CivilDay today = SwedishToday();
  const absl::CivilDay day30 = *ToCivilDay(c.first_sick_day()) + 29;
  const v1::Milestone plan = PlanMilestoneOf(c.name());
  EXPECT_EQ(*ToCivilDay(plan.due_date()), std::max(today, day30));
  EXPECT_EQ(*ToCivilDay(plan.window().start_date()), std::max(today, day30));
  EXPECT_EQ(plan.due_chain_day(), 30);
  if (today > day30) {
    EXPECT_EQ(plan.state(), v1::MILESTONE_STATE_DUE);  // no longer OVERDUE
  }
  EXPECT_EQ(Count(open_plan_rows), 1);
  EXPECT_EQ(
      Count(open_plan_rows + " AND due_date = '" + ToIsoDate(std::max(today, day30)) + "'"), 1);
  EXPECT_EQ(stub_->ClearPlanExemption(Ctx(CaseWorker()).get(), clear, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE event_type = "
                  "'collab.events.v1.PlanExemptionChanged' AND aggregate_id = '" + IdOf(c.name()) + "'"),
            2);
}

// Cleared before day 30, the need for a plan was known in time: the plan stays due on day 30
// ("or day 30 if that is later"); recording an exemption again forgets the clearing day.
TEST_F(PlanLifecycleTest, ExemptionClearedBeforeDay30KeepsTheDay30Date) {
  const absl::CivilDay today = SwedishToday();
  const v1::Case c = CaseWithPeriod(106, today - 5);

  v1::RecordPlanExemptionRequest record;
  record.set_name(c.name());
  record.set_reason(v1::PLAN_EXEMPTION_REASON_HEALTH_PREVENTS_RETURN);
  v1::Case out;
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out).ok());
  v1::ClearPlanExemptionRequest clear;
  clear.set_name(c.name());
  ASSERT_TRUE(stub_->ClearPlanExemption(Ctx(Hr()).get(), clear, &out).ok());
  const v1::Milestone plan = PlanMilestoneOf(c.name());
  EXPECT_EQ(*ToCivilDay(plan.due_date()), today - 5 + 29);
  EXPECT_EQ(plan.state(), v1::MILESTONE_STATE_UPCOMING);
  // The clearing day is kept on the case row; recording an exemption again forgets it.
  const std::string cleared = "SELECT count(*) FROM cases.cases WHERE id = '" + IdOf(c.name()) +
                              "' AND plan_need_known_on = '" + ToIsoDate(today) + "'";
  EXPECT_EQ(Count(cleared), 1);
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(Hr()).get(), record, &out).ok());
  EXPECT_EQ(Count(cleared), 0);
}

// A long absence that becomes expected only after day 30 (UpdateCase raises the expected
// duration to 60 days or more): the plan is due at once, today, not on its day-30 date.
TEST_F(PlanLifecycleTest, ExpectedDurationRaisedAfterDay30MakesThePlanDueAtOnce) {
  const absl::CivilDay today = SwedishToday();
  v1::Case sample = SampleCase(108);
  *sample.mutable_first_sick_day() = FromCivilDay(today - 45);
  sample.set_expected_duration_days(20);
  const v1::Case c = Create(sample);
  v1::CreateSickLeavePeriodRequest period;
  period.set_parent(c.name());
  *period.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = c.first_sick_day();
  period.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_100);
  v1::SickLeavePeriod stored;
  ASSERT_TRUE(stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), period, &stored).ok());
  EXPECT_EQ(PlanMilestone(c.name()), v1::MILESTONE_STATE_WAIVED);  // not expected to be long

  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(c.name());
  update.mutable_case_()->set_expected_duration_days(120);
  update.mutable_update_mask()->add_paths("expected_duration_days");
  v1::Case out;
  grpc::Status s = stub_->UpdateCase(Ctx(CaseWorker()).get(), update, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(out.plan_required());
  const v1::Milestone plan = PlanMilestoneOf(c.name());
  EXPECT_EQ(*ToCivilDay(plan.due_date()), today);  // day 30 was 15 days ago
  EXPECT_EQ(plan.state(), v1::MILESTONE_STATE_DUE);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.open_milestones WHERE kind = 2 AND case_id = '" +
                  IdOf(c.name()) + "' AND due_date = '" + ToIsoDate(today) + "'"),
            1);
  // Raising it again changes nothing: the need was already known.
  update.mutable_case_()->set_expected_duration_days(180);
  ASSERT_TRUE(stub_->UpdateCase(Ctx(CaseWorker()).get(), update, &out).ok());
  EXPECT_EQ(*ToCivilDay(PlanMilestoneOf(c.name()).due_date()), today);
}

TEST_F(PlanLifecycleTest, CaseWorkerRequestsThePlan) {
  const v1::Case c = CaseWithPeriod(105);
  EXPECT_FALSE(c.has_plan_request_time());
  v1::RequestPlanRequest req;
  req.set_name(c.name());
  v1::Case out;
  EXPECT_EQ(stub_->RequestPlan(Ctx(Hr()).get(), req, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->RequestPlan(Ctx(CaseWorker()).get(), req, &out).ok());
  EXPECT_TRUE(out.has_plan_request_time());
  EXPECT_EQ(AuditRows(c.name(), c.name(), v1::AUDIT_ACTION_UPDATE), 1);
}

TEST_F(PlanLifecycleTest, SubmittedPlanLeavesNoOpenMilestoneAndErasureBlanksItsText) {
  const v1::Case c = CaseWithPeriod(105);
  // Only a submitted plan meets its milestone: marking it by hand is refused.
  v1::MarkMilestoneMetRequest mark;
  mark.set_name(c.name() + "/milestones/return-to-work-plan");
  v1::Milestone milestone;
  grpc::Status marked = stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), mark, &milestone);
  EXPECT_EQ(marked.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(marked.error_message(), ::testing::HasSubstr("SubmitPlan"));
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  v1::PlanAction action;
  ASSERT_TRUE(AddAction(Hr(), plan.name(), &action).ok());
  ASSERT_TRUE(Submit(Hr(), plan.name(), &plan).ok());
  const std::string id = IdOf(c.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.open_milestones WHERE kind = 2 AND case_id = '" + id + "'"), 0);

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  v1::Case closed;
  grpc::Status s = stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  s = stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &closed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // The plan's goal and the employee's view, and the action's description, are gone; the plan,
  // its dates and its action kinds stay for follow-up.
  EXPECT_EQ(Count("SELECT count(*) FROM cases.plans WHERE case_id = '" + id +
                  "' AND goal_cipher IS NULL AND employee_view_cipher IS NULL AND submit_time IS NOT NULL"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.plan_actions WHERE case_id = '" + id +
                  "' AND description = '' AND kind > 0"), 1);
  v1::GetPlanRequest get;
  get.set_name(plan.name());
  v1::ReturnToWorkPlan after;
  s = stub_->GetPlan(Ctx(CaseWorker()).get(), get, &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(after.goal().empty());
  EXPECT_TRUE(after.employee_view().empty());
}

}  // namespace
}  // namespace collab::cases
