#include <gtest/gtest.h>

#include "services/cases/domain/rehab_chain.h"

namespace collab::cases {
namespace {

using D = absl::CivilDay;

SickLeavePeriod Closed(D from, D to, int degree = 100) { return {from, to, degree}; }
SickLeavePeriod Ongoing(D from, int degree = 100) { return {from, std::nullopt, degree}; }

RehabChain MustBuild(const std::vector<SickLeavePeriod>& periods) {
  absl::StatusOr<RehabChain> chain = RehabChain::Build(periods);
  EXPECT_TRUE(chain.ok()) << chain.status();
  return chain.ok() ? *chain : RehabChain();
}

TEST(RehabChainTest, ContinuousSickLeaveInALeapYear) {
  // First sick day Monday 2024-01-01, still sick: day N is 1 January + N − 1, and February
  // has 29 days.
  RehabChain chain = MustBuild({Ongoing(D(2024, 1, 1))});
  EXPECT_EQ(chain.DateOfChainDay(1), D(2024, 1, 1));
  EXPECT_EQ(chain.DateOfChainDay(14), D(2024, 1, 14));
  EXPECT_EQ(chain.DateOfChainDay(15), D(2024, 1, 15));
  EXPECT_EQ(chain.DateOfChainDay(21), D(2024, 1, 21));
  EXPECT_EQ(chain.DateOfChainDay(30), D(2024, 1, 30));
  EXPECT_EQ(chain.DateOfChainDay(90), D(2024, 3, 30));
  EXPECT_EQ(chain.DateOfChainDay(180), D(2024, 6, 28));
  EXPECT_EQ(chain.DateOfChainDay(365), D(2024, 12, 30));  // 2024 has 366 days
  EXPECT_EQ(chain.ChainDayOn(D(2024, 3, 30)), 90);
  EXPECT_EQ(chain.ChainDayOn(D(2023, 12, 31)), 0);
  EXPECT_EQ(chain.DateOfChainDay(0), std::nullopt);
  EXPECT_TRUE(chain.ongoing());
}

TEST(RehabChainTest, NonLeapYearDay365IsNewYearsEve) {
  RehabChain chain = MustBuild({Ongoing(D(2023, 1, 1))});
  EXPECT_EQ(chain.DateOfChainDay(365), D(2023, 12, 31));
  EXPECT_EQ(chain.DateOfChainDay(90), D(2023, 3, 31));
}

TEST(RehabChainTest, PartTimeDegreesCountFullCalendarDays) {
  // 100 % in January, 50 % from February, 25 % from April: every calendar day counts once.
  RehabChain chain =
      MustBuild({Closed(D(2024, 1, 1), D(2024, 1, 31), 100),
                 Closed(D(2024, 2, 1), D(2024, 3, 31), 50), Ongoing(D(2024, 4, 1), 25)});
  EXPECT_EQ(chain.DateOfChainDay(90), D(2024, 3, 30));
  EXPECT_EQ(chain.DateOfChainDay(180), D(2024, 6, 28));
  EXPECT_EQ(chain.ChainDayOn(D(2024, 2, 15)), 46);
  ASSERT_NE(chain.PeriodOn(D(2024, 2, 15)), nullptr);
  EXPECT_EQ(chain.PeriodOn(D(2024, 2, 15))->period.degree_percent, 50);
  EXPECT_EQ(chain.PeriodOn(D(2024, 5, 1))->period.degree_percent, 25);
  EXPECT_EQ(chain.PeriodOn(D(2023, 12, 31)), nullptr);
  // Adjacent periods continue each other and form one spell.
  EXPECT_TRUE(chain.periods()[1].continues_previous);
  EXPECT_EQ(chain.spells().size(), 1u);
  EXPECT_EQ(chain.periods()[2].chain_days_before, 91);
}

TEST(RehabChainTest, ReIllnessWithinFiveDaysContinuesThePeriod) {
  // Sick 1–10 January; back 15 January: start − previous end = 5 (4 days between) → the same
  // spell and sick-pay period (Sjuklönelagen, återinsjuknande).
  RehabChain chain = MustBuild({Closed(D(2024, 1, 1), D(2024, 1, 10)), Ongoing(D(2024, 1, 15))});
  EXPECT_TRUE(chain.periods()[1].continues_previous);
  EXPECT_EQ(chain.spells().size(), 1u);
  EXPECT_EQ(chain.periods()[1].spell_days_before, 10);
  // The gap days do not count: day 11 is 15 January.
  EXPECT_EQ(chain.DateOfChainDay(11), D(2024, 1, 15));
  EXPECT_EQ(chain.ChainDayOn(D(2024, 1, 12)), 10);  // in the gap
  EXPECT_EQ(chain.DateOfSpellDay(0, 15), D(2024, 1, 19));
}

TEST(RehabChainTest, GapOfFiveDaysEndsTheSpellButDaysStillAddUp) {
  // Back 16 January: 5 days between (11–15 January) → FK statistics end the spell; the new
  // period opens a new spell, yet its days are added to the chain (sammanläggning).
  RehabChain chain = MustBuild({Closed(D(2024, 1, 1), D(2024, 1, 10)), Ongoing(D(2024, 1, 16))});
  EXPECT_FALSE(chain.periods()[1].continues_previous);
  ASSERT_EQ(chain.spells().size(), 2u);
  EXPECT_EQ(chain.spells()[0].last_day, D(2024, 1, 10));
  EXPECT_EQ(chain.spells()[1].first_day, D(2024, 1, 16));
  EXPECT_EQ(chain.spells()[1].days_before_spell, 10);
  EXPECT_EQ(chain.periods()[1].chain_days_before, 10);
  EXPECT_EQ(chain.periods()[1].spell_days_before, 0);
  EXPECT_EQ(chain.DateOfChainDay(11), D(2024, 1, 16));
  EXPECT_EQ(chain.DateOfChainDay(90), D(2024, 4, 4));
  // Spell 1's own day 15 (a new sick-pay period) comes later than chain day 15.
  EXPECT_EQ(chain.DateOfChainDay(15), D(2024, 1, 20));
  EXPECT_EQ(chain.DateOfSpellDay(1, 15), D(2024, 1, 30));
  EXPECT_EQ(chain.DateOfSpellDay(0, 15), std::nullopt);
  EXPECT_EQ(chain.SpellLength(0, D(2024, 6, 1)), 10);
  EXPECT_EQ(chain.SpellLength(1, D(2024, 1, 20)), 5);
}

TEST(RehabChainTest, LongGapStillAddsUpAndCrossesDay365) {
  // 1 March – 31 May 2023 (92 days), healthy all summer, sick again from 1 September 2023.
  // Day 365 arrives 272 days into the second period.
  RehabChain chain =
      MustBuild({Closed(D(2023, 3, 1), D(2023, 5, 31), 100), Ongoing(D(2023, 9, 1), 75)});
  EXPECT_EQ(chain.DateOfChainDay(90), D(2023, 5, 29));
  EXPECT_EQ(chain.DateOfChainDay(93), D(2023, 9, 1));
  EXPECT_EQ(chain.DateOfChainDay(180), D(2023, 11, 27));
  EXPECT_EQ(chain.DateOfChainDay(365), D(2024, 5, 30));
  EXPECT_EQ(chain.ChainDayOn(D(2024, 5, 31)), 366);
  EXPECT_EQ(chain.ChainDayOn(D(2023, 7, 1)), 92);
}

TEST(RehabChainTest, ClosedPeriodsEndTheProjection) {
  RehabChain chain = MustBuild({Closed(D(2024, 1, 1), D(2024, 1, 20))});
  EXPECT_EQ(chain.DateOfChainDay(20), D(2024, 1, 20));
  EXPECT_EQ(chain.DateOfChainDay(21), std::nullopt);
  EXPECT_FALSE(chain.ongoing());
}

TEST(RehabChainTest, InputOrderDoesNotMatter) {
  RehabChain chain = MustBuild({Ongoing(D(2024, 3, 1)), Closed(D(2024, 1, 1), D(2024, 1, 31))});
  EXPECT_EQ(chain.first_sick_day(), D(2024, 1, 1));
  EXPECT_EQ(chain.periods()[0].input_index, 1u);
  EXPECT_EQ(chain.DateOfChainDay(32), D(2024, 3, 1));
}

TEST(RehabChainTest, EmptyChain) {
  RehabChain chain = MustBuild({});
  EXPECT_TRUE(chain.empty());
  EXPECT_EQ(chain.DateOfChainDay(1), std::nullopt);
  EXPECT_EQ(chain.ChainDayOn(D(2024, 1, 1)), 0);
}

TEST(RehabChainValidationTest, Degrees) {
  for (int ok : {25, 50, 75, 100}) EXPECT_TRUE(ValidatePeriod(Ongoing(D(2024, 1, 1), ok)).ok());
  for (int bad : {0, 24, 33, 60, 101}) {
    absl::Status s = ValidatePeriod(Ongoing(D(2024, 1, 1), bad));
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(RehabChainValidationTest, EndNotBeforeStart) {
  EXPECT_TRUE(ValidatePeriod(Closed(D(2024, 1, 1), D(2024, 1, 1))).ok());  // one day
  EXPECT_FALSE(ValidatePeriod(Closed(D(2024, 1, 2), D(2024, 1, 1))).ok());
  EXPECT_FALSE(RehabChain::Build({Closed(D(2024, 1, 2), D(2024, 1, 1))}).ok());
}

TEST(RehabChainValidationTest, Overlaps) {
  // Sharing one day overlaps; adjacent periods do not.
  std::vector<PeriodOverlap> o =
      FindOverlaps({Closed(D(2024, 1, 1), D(2024, 1, 10)), Closed(D(2024, 1, 10), D(2024, 1, 20))});
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].first, 0u);
  EXPECT_EQ(o[0].second, 1u);
  EXPECT_TRUE(
      FindOverlaps({Closed(D(2024, 1, 1), D(2024, 1, 10)), Closed(D(2024, 1, 11), D(2024, 1, 20))})
          .empty());
  // An ongoing period overlaps everything after its start, nothing before.
  EXPECT_EQ(FindOverlaps({Ongoing(D(2024, 1, 1)), Closed(D(2024, 3, 1), D(2024, 3, 10))}).size(),
            1u);
  EXPECT_TRUE(
      FindOverlaps({Ongoing(D(2024, 1, 1)), Closed(D(2023, 12, 1), D(2023, 12, 31))}).empty());
  EXPECT_EQ(FindOverlaps({Ongoing(D(2024, 1, 1)), Ongoing(D(2024, 2, 1))}).size(), 1u);
  // Three periods, two overlapping pairs.
  o = FindOverlaps({Closed(D(2024, 1, 1), D(2024, 1, 31)), Closed(D(2024, 3, 1), D(2024, 3, 31)),
                    Closed(D(2024, 1, 15), D(2024, 3, 5))});
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o[0].second, 2u);
  EXPECT_EQ(o[1].first, 1u);
  absl::Status s = ValidateNoOverlaps({Ongoing(D(2024, 1, 1)), Ongoing(D(2024, 2, 1))});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(s.message()).find("periods[1]"), std::string::npos) << s;
  EXPECT_FALSE(RehabChain::Build({Ongoing(D(2024, 1, 1)), Ongoing(D(2024, 2, 1))}).ok());
}

}  // namespace
}  // namespace collab::cases
