// Budget against outcome (budget mot utfall) per line, phase, funder and period, and the
// per-funder split of actuals (domain.md, "Funding"; issue 5, "Budget status"), on KUPO.
#include <gtest/gtest.h>

#include <numeric>

#include "services/funding/domain/allocation.h"
#include "services/funding/domain/budget_status.h"

namespace collab::funding {
namespace {

Money Sek(int64_t kronor) { return Major(kronor, "SEK"); }
const Period kKupo{absl::CivilDay(2016, 5, 1), absl::CivilDay(2017, 1, 31)};  // 276 days

const StatusWarning* Find(const BudgetStatusResult& r, StatusWarningCode code) {
  for (const StatusWarning& w : r.warnings) {
    if (w.code == code) return &w;
  }
  return nullptr;
}

TEST(FiguresTest, ForecastAtTheCurrentBurnRate) {
  // 430 000 kr spent by 30 September (153 of 276 days): 430 000 / 153 × 276 = 775 686,2745…
  BudgetFigures f = *ComputeFigures(Sek(860'000), Sek(430'000), kKupo, absl::CivilDay(2016, 9, 30));
  EXPECT_EQ(f.remaining, Sek(430'000));
  EXPECT_EQ(f.percent_used_basis_points, 5000);
  EXPECT_EQ(f.forecast, (Money{77'568'627, "SEK"}));
}

TEST(FiguresTest, ForecastEdges) {
  // Before the period and from its last day on, the forecast is what was spent.
  EXPECT_EQ(ComputeFigures(Sek(860'000), Sek(1'000), kKupo, absl::CivilDay(2016, 4, 30))->forecast,
            Sek(1'000));
  EXPECT_EQ(
      ComputeFigures(Sek(860'000), Sek(800'000), kKupo, absl::CivilDay(2017, 1, 31))->forecast,
      Sek(800'000));
  // First day: 1 000 kr × 276.
  EXPECT_EQ(ComputeFigures(Sek(860'000), Sek(1'000), kKupo, absl::CivilDay(2016, 5, 1))->forecast,
            Sek(276'000));
  // A net correction never forecasts below what was spent.
  EXPECT_EQ(ComputeFigures(Sek(860'000), Sek(-1'000), kKupo, absl::CivilDay(2016, 6, 1))->forecast,
            Sek(-1'000));
  BudgetFigures zero = *ComputeFigures(Sek(0), Sek(5), kKupo, absl::CivilDay(2016, 6, 1));
  EXPECT_EQ(zero.percent_used_basis_points, 0);
  EXPECT_EQ(zero.remaining, Sek(-5));
  EXPECT_FALSE(ComputeFigures(Sek(1), Major(1, "EUR"), kKupo, absl::CivilDay(2016, 6, 1)).ok());
}

TEST(AllocationTest, LargestRemainderSumsExactly) {
  EXPECT_EQ(*AllocateLargestRemainder(100, {1, 1, 1}), (std::vector<int64_t>{34, 33, 33}));
  EXPECT_EQ(*AllocateLargestRemainder(-100, {1, 1, 1}), (std::vector<int64_t>{-34, -33, -33}));
  EXPECT_EQ(*AllocateLargestRemainder(0, {0, 0}), (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(*AllocateLargestRemainder(7, {0, 5, 0}), (std::vector<int64_t>{0, 7, 0}));
  EXPECT_FALSE(AllocateLargestRemainder(1, {0, 0}).ok());
  EXPECT_FALSE(AllocateLargestRemainder(1, {-1, 2}).ok());
}

std::vector<Commitment> KupoCommitments() {
  return {{"arvika-eda", FundingKind::kCash, Sek(190'000), std::nullopt},
          {"fryksdalen", FundingKind::kCash, Sek(120'000), std::nullopt},
          {"klaralvdalen", FundingKind::kCash, Sek(110'000), std::nullopt},
          {"samspelet", FundingKind::kCash, Sek(200'000), std::nullopt},
          {"fk-sf-varmland", FundingKind::kInKind, Sek(100'000), std::nullopt},
          {"samtliga-parter", FundingKind::kInKind, Sek(140'000), std::nullopt}};
}

TEST(AllocationTest, KupoFunderSharesOfActuals) {
  // Half the budget spent: every funder carries exactly half its commitment.
  std::vector<FunderShare> half = *ShareOfActuals(Sek(430'000), KupoCommitments());
  for (const FunderShare& s : half) EXPECT_EQ(s.share.minor_units * 2, s.committed.minor_units);
  // 100 000,01 kr: floors give 9 999 997 öre; the 4 öre left go to the largest remainders
  // (Fryksdalen, Klarälvdalen, FK SF Värmland, Samspelet).
  std::vector<FunderShare> odd = *ShareOfActuals(Money{10'000'001, "SEK"}, KupoCommitments());
  std::vector<int64_t> got;
  for (const FunderShare& s : odd) got.push_back(s.share.minor_units);
  EXPECT_EQ(got, (std::vector<int64_t>{2'209'302, 1'395'349, 1'279'070, 2'325'582, 1'162'791,
                                       1'627'907}));
  EXPECT_EQ(std::accumulate(got.begin(), got.end(), int64_t{0}), 10'000'001);
  EXPECT_FALSE(ShareOfActuals(Major(1, "EUR"), KupoCommitments()).ok());
}

BudgetStatusInput KupoAtEndOfSeptember() {
  BudgetStatusInput in;
  in.currency_code = "SEK";
  in.project_period = kKupo;
  in.as_of = absl::CivilDay(2016, 9, 30);
  in.granularity = Granularity::kQuarter;
  in.phases = {{"phases/1", {absl::CivilDay(2016, 5, 1), absl::CivilDay(2016, 8, 31)}},
               {"phases/2", {absl::CivilDay(2016, 9, 1), absl::CivilDay(2016, 12, 31)}}};
  in.lines = {
      {"projektledning", BudgetCategory::kProjectManagement, "", Sek(400'000), Sek(200'000)},
      {"arbetsgrupp", BudgetCategory::kWorkingGroup, "", Sek(140'000), Sek(70'000)},
      {"konferens", BudgetCategory::kConferenceTraining, "phases/2", Sek(210'000), Sek(0)},
      {"resor", BudgetCategory::kTravel, "", Sek(10'000), Sek(12'000)},
      {"material", BudgetCategory::kMaterialPrintFilm, "phases/1", Sek(100'000), Sek(148'000)},
  };
  in.funders = {{"arvika-eda", FundingKind::kCash, Sek(190'000), Sek(0)},
                {"fryksdalen", FundingKind::kCash, Sek(120'000), Sek(0)},
                {"klaralvdalen", FundingKind::kCash, Sek(110'000), Sek(0)},
                {"samspelet", FundingKind::kCash, Sek(200'000), Sek(0)},
                {"fk-sf-varmland", FundingKind::kInKind, Sek(100'000), Sek(50'000)},
                {"samtliga-parter", FundingKind::kInKind, Sek(140'000), Sek(70'000)}};
  in.unattributed_spent = Sek(310'000);  // cash costs without a funder attribution
  in.spent_by_month = {{absl::CivilMonth(2016, 5), Sek(50'000)},
                       {absl::CivilMonth(2016, 6), Sek(80'000)},
                       {absl::CivilMonth(2016, 7), Sek(100'000)},
                       {absl::CivilMonth(2016, 8), Sek(100'000)},
                       {absl::CivilMonth(2016, 9), Sek(100'000)}};
  return in;
}

TEST(BudgetStatusTest, KupoAtTheEndOfSeptember) {
  BudgetStatusResult r = *ComputeBudgetStatus(KupoAtEndOfSeptember());
  EXPECT_EQ(r.total.budget, Sek(860'000));
  EXPECT_EQ(r.total.spent, Sek(430'000));
  EXPECT_EQ(r.total.percent_used_basis_points, 5000);
  EXPECT_EQ(r.total.forecast, (Money{77'568'627, "SEK"}));
  ASSERT_EQ(r.lines.size(), 5u);
  EXPECT_EQ(r.lines[3].figures.remaining, Sek(-2'000));
  EXPECT_EQ(r.lines[3].figures.percent_used_basis_points, 12000);
  EXPECT_EQ(r.categories.size(), 5u);

  // Over budget: travel and material, each named; the project as a whole is not.
  int over = 0;
  for (const StatusWarning& w : r.warnings) over += w.code == StatusWarningCode::kLineOverBudget;
  EXPECT_EQ(over, 2);
  EXPECT_EQ(Find(r, StatusWarningCode::kLineOverBudget)->message,
            "budget line resor over budget: spent 12 000,00 kr of 10 000,00 kr");
  EXPECT_EQ(Find(r, StatusWarningCode::kProjectOverBudget), nullptr);
  EXPECT_EQ(Find(r, StatusWarningCode::kForecastExceedsBudget), nullptr);

  // Phases: only their own lines.
  ASSERT_EQ(r.phases.size(), 2u);
  EXPECT_EQ(r.phases[0].figures.budget, Sek(100'000));
  EXPECT_EQ(r.phases[0].figures.spent, Sek(148'000));
  EXPECT_EQ(r.phases[1].figures.budget, Sek(210'000));

  // Funders: unattributed cash 310 000 over the cash funders by commitment (620 000) = half each;
  // in-kind time as booked.
  ASSERT_EQ(r.funders.size(), 6u);
  EXPECT_EQ(r.funders[0].figures.spent, Sek(95'000));
  EXPECT_EQ(r.funders[1].figures.spent, Sek(60'000));
  EXPECT_EQ(r.funders[2].figures.spent, Sek(55'000));
  EXPECT_EQ(r.funders[3].figures.spent, Sek(100'000));
  EXPECT_EQ(r.funders[4].figures.spent, Sek(50'000));
  EXPECT_EQ(r.funders[5].figures.spent, Sek(70'000));
  EXPECT_EQ(r.funders[3].figures.percent_used_basis_points, 5000);

  // Quarters clipped to the project: May–Jun, Q3, Q4, January. Budgets add up to the krona.
  ASSERT_EQ(r.periods.size(), 4u);
  EXPECT_EQ(r.periods[0].period, (Period{absl::CivilDay(2016, 5, 1), absl::CivilDay(2016, 6, 30)}));
  EXPECT_EQ(r.periods[3].period, (Period{absl::CivilDay(2017, 1, 1), absl::CivilDay(2017, 1, 31)}));
  int64_t budget_sum = 0;
  for (const PeriodStatus& p : r.periods) budget_sum += p.figures.budget.minor_units;
  EXPECT_EQ(budget_sum, Sek(860'000).minor_units);
  EXPECT_EQ(r.periods[0].figures.spent, Sek(130'000));
  EXPECT_EQ(r.periods[1].figures.spent, Sek(300'000));
  EXPECT_EQ(r.periods[2].figures.spent, Sek(0));
}

TEST(BudgetStatusTest, MonthsAndSpreadByDays) {
  EXPECT_EQ(CalendarPeriods(kKupo, Granularity::kMonth).size(), 9u);
  EXPECT_EQ(CalendarPeriods(kKupo, Granularity::kYear).size(), 2u);
  // 100 000 kr over phase 1 (123 days) into months: 31/30/31/31 days, exact to the öre.
  const Period phase1{absl::CivilDay(2016, 5, 1), absl::CivilDay(2016, 8, 31)};
  std::vector<Money> parts =
      *SpreadByDays(Sek(100'000), phase1, CalendarPeriods(kKupo, Granularity::kMonth));
  int64_t sum = 0;
  for (const Money& m : parts) sum += m.minor_units;
  EXPECT_EQ(sum, 10'000'000);
  // June: 30/123 of 100 000 kr = 24 390,2439 kr; the floors leave one öre, which goes to June's
  // remainder (0.39) ahead of the 31-day months' (0.20).
  EXPECT_EQ(parts[1].minor_units, 2'439'025);
  EXPECT_EQ(parts[4].minor_units, 0);  // September: outside phase 1
}

TEST(BudgetStatusTest, OverBudgetAndForecastWarnings) {
  BudgetStatusInput in = KupoAtEndOfSeptember();
  in.lines[0].spent = Sek(270'000);  // 500 000 spent by day 153 → forecast 901 960,78 kr
  BudgetStatusResult r = *ComputeBudgetStatus(in);
  ASSERT_NE(Find(r, StatusWarningCode::kForecastExceedsBudget), nullptr);
  EXPECT_EQ(Find(r, StatusWarningCode::kProjectOverBudget), nullptr);
  in.lines[0].spent = Sek(670'000);  // 900 000 spent
  r = *ComputeBudgetStatus(in);
  ASSERT_NE(Find(r, StatusWarningCode::kProjectOverBudget), nullptr);
  EXPECT_EQ(Find(r, StatusWarningCode::kProjectOverBudget)->message,
            "project over budget: spent 900 000,00 kr of 860 000,00 kr");
}

TEST(BudgetStatusTest, CommitmentExceeded) {
  BudgetStatusInput in = KupoAtEndOfSeptember();
  in.funders[4].attributed_spent = Sek(120'000);  // FK's in-kind time beyond its 100 000
  const BudgetStatusResult r = *ComputeBudgetStatus(in);
  const StatusWarning* w = Find(r, StatusWarningCode::kCommitmentExceeded);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->resource, "fk-sf-varmland");
}

TEST(BudgetStatusTest, PeriodEndingWithMoneyUnspent) {
  BudgetStatusInput in;
  in.currency_code = "SEK";
  in.project_period = kKupo;
  in.lines = {{"all", BudgetCategory::kOther, "", Sek(860'000), Sek(500'000)}};
  in.unattributed_spent = Sek(0);
  // 25 January: 6 of 276 days left (< 10 %), 41.9 % unspent (> 25 %).
  in.as_of = absl::CivilDay(2017, 1, 25);
  const BudgetStatusResult ending = *ComputeBudgetStatus(in);
  const StatusWarning* w = Find(ending, StatusWarningCode::kPeriodEndingUnspent);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->message, "project period ends 2017-01-31 with 360 000,00 kr unspent");
  // 31 December: 31 days left (11.2 %): not yet.
  in.as_of = absl::CivilDay(2016, 12, 31);
  EXPECT_EQ(Find(*ComputeBudgetStatus(in), StatusWarningCode::kPeriodEndingUnspent), nullptr);
  // 700 000 spent: 18.6 % unspent: fine.
  in.as_of = absl::CivilDay(2017, 1, 25);
  in.lines[0].spent = Sek(700'000);
  EXPECT_EQ(Find(*ComputeBudgetStatus(in), StatusWarningCode::kPeriodEndingUnspent), nullptr);
}

// "A project reports to its funders after each phase" (domain.md, "Funding"): KUPO's phases.
TEST(BudgetStatusTest, PhaseReportIsDueOnceThePhaseHasEnded) {
  const std::vector<PhaseReport> phases = {
      {"phases/1", "Behovsinventering och metodutveckling",
       {absl::CivilDay(2016, 5, 1), absl::CivilDay(2016, 9, 1)}, absl::CivilDay(2016, 9, 30)},
      {"phases/2", "Insatser", {absl::CivilDay(2016, 9, 1), absl::CivilDay(2016, 12, 31)},
       std::nullopt}};
  // The last day of a phase is still the phase.
  EXPECT_TRUE(PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2016, 9, 1)).empty());
  std::vector<StatusWarning> w =
      PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2016, 9, 2));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, StatusWarningCode::kPhaseReportDue);
  EXPECT_EQ(w[0].resource, "phases/1");
  EXPECT_EQ(w[0].message,
            "phase \"Behovsinventering och metodutveckling\" ended 2016-09-01: its report to the "
            "funders is due by 2016-09-30");
  EXPECT_EQ(PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2016, 9, 30))[0].message,
            "phase \"Behovsinventering och metodutveckling\" ended 2016-09-01: its report to the "
            "funders is due by 2016-09-30");
  w = PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2017, 1, 1));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].message,
            "phase \"Behovsinventering och metodutveckling\" ended 2016-09-01: its report to the "
            "funders is overdue (due by 2016-09-30)");
  EXPECT_EQ(w[1].resource, "phases/2");
  EXPECT_EQ(w[1].message, "phase \"Insatser\" ended 2016-12-31: its report to the funders is due");
  // Only while the project runs.
  for (ProjectStatus s : {ProjectStatus::kDraft, ProjectStatus::kSubmitted,
                          ProjectStatus::kApproved, ProjectStatus::kClosed}) {
    EXPECT_TRUE(PhaseReportsDue(s, phases, absl::CivilDay(2017, 1, 1)).empty())
        << ProjectStatusName(s);
  }
  EXPECT_EQ(StatusWarningCodeName(StatusWarningCode::kPhaseReportDue), "PHASE_REPORT_DUE");
}

// A delivered report (lägesrapport / delrapport) is no longer owed from the day of its delivery.
TEST(BudgetStatusTest, DeliveredPhaseReportIsNoLongerDue) {
  std::vector<PhaseReport> phases = {{"phases/1",
                                      "Behovsinventering och metodutveckling",
                                      {absl::CivilDay(2016, 5, 1), absl::CivilDay(2016, 9, 1)},
                                      absl::CivilDay(2016, 9, 30),
                                      absl::CivilDay(2016, 9, 20)},
                                     {"phases/2",
                                      "Insatser",
                                      {absl::CivilDay(2016, 9, 1), absl::CivilDay(2016, 12, 31)},
                                      std::nullopt,
                                      std::nullopt}};
  // Owed until the day before delivery, not from that day on.
  std::vector<StatusWarning> w =
      PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2016, 9, 19));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].resource, "phases/1");
  EXPECT_TRUE(PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2016, 9, 20)).empty());
  w = PhaseReportsDue(ProjectStatus::kActive, phases, absl::CivilDay(2017, 1, 1));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].resource, "phases/2");
}

TEST(BudgetStatusTest, RefusesInconsistentInput) {
  BudgetStatusInput in = KupoAtEndOfSeptember();
  in.lines[2].phase = "phases/9";
  EXPECT_EQ(ComputeBudgetStatus(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = KupoAtEndOfSeptember();
  in.lines[0].spent = Major(1, "EUR");
  EXPECT_EQ(ComputeBudgetStatus(in).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace collab::funding
