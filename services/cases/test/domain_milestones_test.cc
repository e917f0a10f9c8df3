#include <gtest/gtest.h>

#include "services/cases/domain/milestones.h"

namespace collab::cases {
namespace {

using D = absl::CivilDay;

RehabChain Chain(const std::vector<SickLeavePeriod>& periods) {
  absl::StatusOr<RehabChain> chain = RehabChain::Build(periods);
  EXPECT_TRUE(chain.ok()) << chain.status();
  return chain.ok() ? *chain : RehabChain();
}

// Sick from Monday 2024-01-01, still sick, expected to last 90 days.
const RehabChain& LongCase() {
  static const RehabChain chain = Chain({{D(2024, 1, 1), std::nullopt, 100}});
  return chain;
}

MilestoneInputs Inputs(D today, std::optional<int> expected = 90) {
  MilestoneInputs in;
  in.today = today;
  in.expected_duration_days = expected;
  return in;
}

std::optional<Milestone> Find(const std::vector<Milestone>& all, MilestoneKind kind) {
  for (const Milestone& m : all) {
    if (m.kind == kind) return m;
  }
  return std::nullopt;
}

Milestone Get(const RehabChain& chain, const MilestoneInputs& in, MilestoneKind kind) {
  std::optional<Milestone> m = Find(ComputeMilestones(chain, in), kind);
  EXPECT_TRUE(m.has_value()) << MilestoneId(kind);
  return m.value_or(Milestone{kind});
}

MilestoneState StateOn(D today, MilestoneKind kind, MilestoneInputs in = Inputs(D(2024, 1, 1))) {
  in.today = today;
  return Get(LongCase(), in, kind).state;
}

TEST(MilestonesTest, WorkedExampleDueDates) {
  std::vector<Milestone> all = ComputeMilestones(LongCase(), Inputs(D(2024, 1, 10)));
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].kind, MilestoneKind::kEmployerReport);
  EXPECT_EQ(all[0].window_start, D(2024, 1, 15));
  EXPECT_EQ(all[0].due_date, D(2024, 1, 21));
  EXPECT_EQ(all[0].due_chain_day, 21);
  EXPECT_EQ(all[1].kind, MilestoneKind::kReturnToWorkPlan);
  EXPECT_EQ(all[1].due_date, D(2024, 1, 30));
  EXPECT_EQ(all[2].due_date, D(2024, 3, 30));
  EXPECT_EQ(all[3].due_date, D(2024, 6, 28));
  EXPECT_EQ(all[4].due_date, D(2024, 12, 30));
  EXPECT_EQ(all[4].due_chain_day, 365);
  for (const Milestone& m : all) {
    EXPECT_TRUE(m.projected) << MilestoneId(m.kind);
    EXPECT_EQ(m.state, MilestoneState::kUpcoming) << MilestoneId(m.kind);
  }
}

TEST(MilestonesTest, EmployerReportWindowBothEdges) {
  const MilestoneKind k = MilestoneKind::kEmployerReport;
  EXPECT_EQ(StateOn(D(2024, 1, 14), k), MilestoneState::kUpcoming);  // day 14: sick pay
  EXPECT_EQ(StateOn(D(2024, 1, 15), k), MilestoneState::kDue);       // day 15: window opens
  EXPECT_EQ(StateOn(D(2024, 1, 21), k), MilestoneState::kDue);       // day 21: last day
  EXPECT_EQ(StateOn(D(2024, 1, 22), k), MilestoneState::kOverdue);   // day 22
}

TEST(MilestonesTest, EmployerReportMetOnTimeAndLate) {
  MilestoneInputs in = Inputs(D(2024, 2, 1));
  in.met_on[MilestoneKind::kEmployerReport] = D(2024, 1, 21);
  Milestone m = Get(LongCase(), in, MilestoneKind::kEmployerReport);
  EXPECT_EQ(m.state, MilestoneState::kMet);
  EXPECT_FALSE(m.met_late);
  in.met_on[MilestoneKind::kEmployerReport] = D(2024, 1, 22);
  m = Get(LongCase(), in, MilestoneKind::kEmployerReport);
  EXPECT_EQ(m.state, MilestoneState::kMet);
  EXPECT_TRUE(m.met_late);
  EXPECT_EQ(m.met_on, D(2024, 1, 22));
}

TEST(MilestonesTest, EmployerReportFollowsTheSickPayPeriodAcrossAReIllnessGap) {
  // Sick 1–14 January, back on the 18th (3 days between: continuation). The sick-pay period
  // ended on the 14th, so the report is due by the 21st (7 days later), though chain day 21 is
  // only the 24th. The window opens when FK's day 15 arrives: 18 January.
  RehabChain chain =
      Chain({{D(2024, 1, 1), D(2024, 1, 14), 100}, {D(2024, 1, 18), std::nullopt, 100}});
  Milestone m = Get(chain, Inputs(D(2024, 1, 17)), MilestoneKind::kEmployerReport);
  EXPECT_EQ(m.window_start, D(2024, 1, 18));
  EXPECT_EQ(m.due_date, D(2024, 1, 21));
  EXPECT_EQ(m.state, MilestoneState::kUpcoming);
  EXPECT_EQ(chain.DateOfChainDay(21), D(2024, 1, 24));
}

TEST(MilestonesTest, EmployerReportOfANewSpellIsNotMetByAnOldReport) {
  // Spell 1: 1 January – 29 February 2024 (reported 16 January). Spell 2 from 1 April: a new
  // sick-pay period, day 15 on 15 April, due 21 April.
  RehabChain chain =
      Chain({{D(2024, 1, 1), D(2024, 2, 29), 100}, {D(2024, 4, 1), std::nullopt, 100}});
  MilestoneInputs in = Inputs(D(2024, 4, 16));
  in.met_on[MilestoneKind::kEmployerReport] = D(2024, 1, 16);
  Milestone m = Get(chain, in, MilestoneKind::kEmployerReport);
  EXPECT_EQ(m.window_start, D(2024, 4, 15));
  EXPECT_EQ(m.due_date, D(2024, 4, 21));
  EXPECT_EQ(m.state, MilestoneState::kDue);
  in.met_on[MilestoneKind::kEmployerReport] = D(2024, 4, 15);
  EXPECT_EQ(Get(chain, in, MilestoneKind::kEmployerReport).state, MilestoneState::kMet);
}

TEST(MilestonesTest, NoEmployerReportForShortSpells) {
  // 14 days of sick pay, then healthy: nothing to report, and no later milestone either.
  RehabChain chain = Chain({{D(2024, 1, 1), D(2024, 1, 14), 100}});
  EXPECT_TRUE(ComputeMilestones(chain, Inputs(D(2024, 2, 1), 10)).empty());
  // 15 days: the report is due (window 15 January – 21 January) though the leave ended.
  chain = Chain({{D(2024, 1, 1), D(2024, 1, 15), 100}});
  Milestone m = Get(chain, Inputs(D(2024, 1, 22), 15), MilestoneKind::kEmployerReport);
  EXPECT_EQ(m.due_date, D(2024, 1, 21));
  EXPECT_EQ(m.state, MilestoneState::kOverdue);
}

TEST(MilestonesTest, PlanDueOnDay30BothEdges) {
  const MilestoneKind k = MilestoneKind::kReturnToWorkPlan;
  EXPECT_EQ(StateOn(D(2024, 1, 29), k), MilestoneState::kUpcoming);
  EXPECT_EQ(StateOn(D(2024, 1, 30), k), MilestoneState::kDue);
  EXPECT_EQ(StateOn(D(2024, 1, 31), k), MilestoneState::kOverdue);
}

TEST(MilestonesTest, PlanRequiredFrom60ExpectedDays) {
  EXPECT_FALSE(PlanRequired(59, std::nullopt));
  EXPECT_TRUE(PlanRequired(60, std::nullopt));
  EXPECT_FALSE(PlanRequired(std::nullopt, std::nullopt));
  EXPECT_FALSE(PlanRequired(120, PlanExemptionReason::kHealthPreventsReturn));
  const MilestoneKind k = MilestoneKind::kReturnToWorkPlan;
  Milestone m = Get(LongCase(), Inputs(D(2024, 2, 1), 59), k);
  EXPECT_EQ(m.state, MilestoneState::kWaived);
  EXPECT_EQ(m.exemption, std::nullopt);
  EXPECT_EQ(Get(LongCase(), Inputs(D(2024, 2, 1), 60), k).state, MilestoneState::kOverdue);
}

TEST(MilestonesTest, PlanExemptionWaivesIt) {
  for (PlanExemptionReason r :
       {PlanExemptionReason::kExpectedFullReturnWithin60Days,
        PlanExemptionReason::kHealthPreventsReturn, PlanExemptionReason::kReturnImpossible}) {
    MilestoneInputs in = Inputs(D(2024, 2, 1), 120);
    in.plan_exemption = r;
    Milestone m = Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan);
    EXPECT_EQ(m.state, MilestoneState::kWaived);
    EXPECT_EQ(m.exemption, r);
  }
}

TEST(MilestonesTest, PlanDueAtOnceWhenLongDurationBecomesClearLater) {
  // Known on 10 February (day 41): due that very day.
  MilestoneInputs in = Inputs(D(2024, 2, 10), 90);
  in.plan_need_known_on = D(2024, 2, 10);
  Milestone m = Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan);
  EXPECT_EQ(m.due_date, D(2024, 2, 10));
  EXPECT_EQ(m.window_start, D(2024, 2, 10));
  EXPECT_EQ(m.state, MilestoneState::kDue);
  in.today = D(2024, 2, 11);
  EXPECT_EQ(Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan).state, MilestoneState::kOverdue);
  // Known before day 30: day 30 still applies.
  in.plan_need_known_on = D(2024, 1, 20);
  EXPECT_EQ(Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan).due_date, D(2024, 1, 30));
  // Known on day 30 itself.
  in.plan_need_known_on = D(2024, 1, 30);
  EXPECT_EQ(Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan).due_date, D(2024, 1, 30));
  in.plan_need_known_on = D(2024, 1, 31);
  EXPECT_EQ(Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan).due_date, D(2024, 1, 31));
}

TEST(MilestonesTest, PlanMetBySubmission) {
  MilestoneInputs in = Inputs(D(2024, 3, 1), 90);
  in.met_on[MilestoneKind::kReturnToWorkPlan] = D(2024, 1, 28);
  Milestone m = Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan);
  EXPECT_EQ(m.state, MilestoneState::kMet);
  EXPECT_FALSE(m.met_late);
  // A plan submitted although not required still counts as met.
  in.expected_duration_days = 20;
  EXPECT_EQ(Get(LongCase(), in, MilestoneKind::kReturnToWorkPlan).state, MilestoneState::kMet);
}

TEST(MilestonesTest, PlanFallsBackToCalendarDay30WhenPeriodsStopEarlier) {
  // Certificate for 20 days so far, 90 days expected: the plan is still due 30 January.
  RehabChain chain = Chain({{D(2024, 1, 1), D(2024, 1, 20), 100}});
  Milestone m = Get(chain, Inputs(D(2024, 1, 25), 90), MilestoneKind::kReturnToWorkPlan);
  EXPECT_EQ(m.due_date, D(2024, 1, 30));
  EXPECT_EQ(m.state, MilestoneState::kUpcoming);
  // Not expected long and day 30 never reached: no plan milestone.
  EXPECT_FALSE(
      Find(ComputeMilestones(chain, Inputs(D(2024, 1, 25), 20)), MilestoneKind::kReturnToWorkPlan));
}

TEST(MilestonesTest, AssessmentDaysBothEdges) {
  EXPECT_EQ(StateOn(D(2024, 3, 29), MilestoneKind::kAssessmentDay90), MilestoneState::kUpcoming);
  EXPECT_EQ(StateOn(D(2024, 3, 30), MilestoneKind::kAssessmentDay90), MilestoneState::kDue);
  EXPECT_EQ(StateOn(D(2024, 3, 31), MilestoneKind::kAssessmentDay90), MilestoneState::kOverdue);
  EXPECT_EQ(StateOn(D(2024, 6, 28), MilestoneKind::kDay180), MilestoneState::kDue);
  EXPECT_EQ(StateOn(D(2024, 6, 29), MilestoneKind::kDay180), MilestoneState::kOverdue);
  EXPECT_EQ(StateOn(D(2024, 12, 29), MilestoneKind::kDay365), MilestoneState::kUpcoming);
  EXPECT_EQ(StateOn(D(2024, 12, 31), MilestoneKind::kDay365), MilestoneState::kOverdue);
  MilestoneInputs in = Inputs(D(2024, 4, 15));
  in.met_on[MilestoneKind::kAssessmentDay90] = D(2024, 3, 25);
  Milestone m = Get(LongCase(), in, MilestoneKind::kAssessmentDay90);
  EXPECT_EQ(m.state, MilestoneState::kMet);
  EXPECT_FALSE(m.projected);
}

TEST(MilestonesTest, MilestonesBeyondTheLastPeriodAreNotProduced) {
  // 100 days of sick leave, then back at work: day 90 exists, day 180 and 365 never come.
  RehabChain chain = Chain({{D(2024, 1, 1), D(2024, 4, 9), 100}});
  EXPECT_EQ(chain.DateOfChainDay(100), D(2024, 4, 9));
  std::vector<Milestone> all = ComputeMilestones(chain, Inputs(D(2024, 5, 1)));
  EXPECT_TRUE(Find(all, MilestoneKind::kAssessmentDay90));
  EXPECT_FALSE(Find(all, MilestoneKind::kDay180));
  EXPECT_FALSE(Find(all, MilestoneKind::kDay365));
  // A new period within the case brings them back, earlier than a fresh chain would.
  chain = Chain({{D(2024, 1, 1), D(2024, 4, 9), 100}, {D(2024, 9, 1), std::nullopt, 50}});
  all = ComputeMilestones(chain, Inputs(D(2024, 9, 2)));
  ASSERT_TRUE(Find(all, MilestoneKind::kDay180));
  EXPECT_EQ(Find(all, MilestoneKind::kDay180)->due_date, D(2024, 11, 19));  // 1 Sep + 79
}

TEST(MilestonesTest, EmptyChainHasNoMilestones) {
  EXPECT_TRUE(ComputeMilestones(RehabChain(), Inputs(D(2024, 1, 1))).empty());
}

TEST(MilestonesTest, CheckMetDate) {
  Milestone report = Get(LongCase(), Inputs(D(2024, 1, 20)), MilestoneKind::kEmployerReport);
  EXPECT_EQ(CheckMetDate(report, D(2024, 1, 14), D(2024, 1, 20)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckMetDate(report, D(2024, 1, 15), D(2024, 1, 20)).ok());
  EXPECT_TRUE(CheckMetDate(report, D(2024, 1, 20), D(2024, 1, 20)).ok());
  EXPECT_EQ(CheckMetDate(report, D(2024, 1, 21), D(2024, 1, 20)).code(),
            absl::StatusCode::kInvalidArgument);
  // Assessments may be made before their day.
  Milestone day90 = Get(LongCase(), Inputs(D(2024, 3, 1)), MilestoneKind::kAssessmentDay90);
  EXPECT_TRUE(CheckMetDate(day90, D(2024, 3, 1), D(2024, 3, 1)).ok());
}

TEST(MilestonesTest, Ids) {
  for (MilestoneKind k :
       {MilestoneKind::kEmployerReport, MilestoneKind::kReturnToWorkPlan,
        MilestoneKind::kAssessmentDay90, MilestoneKind::kDay180, MilestoneKind::kDay365}) {
    EXPECT_EQ(MilestoneKindFromId(MilestoneId(k)), k);
  }
  EXPECT_EQ(MilestoneId(MilestoneKind::kAssessmentDay90), "assessment-day-90");
  EXPECT_EQ(MilestoneKindFromId("day-90"), std::nullopt);
}

}  // namespace
}  // namespace collab::cases
