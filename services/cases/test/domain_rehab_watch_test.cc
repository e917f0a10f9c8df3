#include <gtest/gtest.h>

#include "services/cases/domain/rehab_watch.h"

namespace collab::cases {
namespace {

using D = absl::CivilDay;

// One-day spells on the given days.
std::vector<AbsenceSpell> OneDaySpells(const std::vector<D>& days) {
  std::vector<AbsenceSpell> out;
  for (D d : days) out.push_back({d, d});
  return out;
}

TEST(RehabWatchTest, WindowStart) {
  EXPECT_EQ(WindowStart(D(2024, 6, 30), 12), D(2023, 7, 1));
  EXPECT_EQ(WindowStart(D(2024, 6, 30), 6), D(2023, 12, 31));  // after 2023-12-30
  EXPECT_EQ(WindowStart(D(2024, 2, 29), 12), D(2023, 3, 1));   // clamps to 28 Feb, + 1
  EXPECT_EQ(WindowStart(D(2024, 8, 31), 6), D(2024, 3, 1));    // 29 Feb 2024, + 1
  EXPECT_EQ(WindowStart(D(2024, 1, 15), 6), D(2023, 7, 16));
}

TEST(RehabWatchTest, ThreeSpellsInSixMonthsBothSides) {
  // Today 2024-06-30: six-month window 2023-12-31 … 2024-06-30.
  const D today(2024, 6, 30);
  auto spells = OneDaySpells({D(2023, 12, 31), D(2024, 3, 1), D(2024, 6, 30)});
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, today);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->trigger, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s->spell_count, 3);
  EXPECT_EQ(s->window_start, D(2023, 12, 31));
  EXPECT_EQ(s->window_end, today);
  // The first spell one day earlier falls outside the window: two spells only.
  spells[0] = {D(2023, 12, 30), D(2023, 12, 30)};
  EXPECT_FALSE(EvaluateRehabWatch(spells, today));
}

TEST(RehabWatchTest, SixSpellsInTwelveMonthsBothSides) {
  // Six spells in the 12 months 2023-07-01 … 2024-06-30, but only two in the last six
  // months (2023-12-31 …), so only the 12-month rule holds.
  const D today(2024, 6, 30);
  auto spells = OneDaySpells({D(2023, 7, 1), D(2023, 9, 15), D(2023, 12, 1), D(2023, 12, 20),
                              D(2024, 2, 15), D(2024, 6, 30)});
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, today);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->trigger, RehabWatchTrigger::kSixSpellsIn12Months);
  EXPECT_EQ(s->spell_count, 6);
  EXPECT_EQ(s->window_start, D(2023, 7, 1));
  // The first spell a day earlier is outside the 12-month window: five, and the six-month
  // window (2023-12-31 …) holds only 02-15 and 06-30.
  spells[0] = {D(2023, 6, 30), D(2023, 6, 30)};
  EXPECT_FALSE(EvaluateRehabWatch(spells, today));
}

TEST(RehabWatchTest, TwoSpellsAreNotASignal) {
  EXPECT_FALSE(EvaluateRehabWatch(OneDaySpells({D(2024, 6, 1), D(2024, 6, 20)}), D(2024, 6, 30)));
  EXPECT_FALSE(EvaluateRehabWatch({}, D(2024, 6, 30)));
}

TEST(RehabWatchTest, ReIllnessWithinFiveDaysIsOneOccasion) {
  // 3 June – 4 June, again 9 June (start − end = 5): one occasion; 20 June is the second.
  std::vector<AbsenceSpell> spells = {{D(2024, 6, 3), D(2024, 6, 4)},
                                      {D(2024, 6, 9), D(2024, 6, 9)},
                                      {D(2024, 6, 20), D(2024, 6, 21)}};
  EXPECT_EQ(MergeOccasions(spells).size(), 2u);
  EXPECT_FALSE(EvaluateRehabWatch(spells, D(2024, 6, 30)));
  // Back on 10 June (start − end = 6, five days between): separate occasions → three.
  spells[1] = {D(2024, 6, 10), D(2024, 6, 10)};
  EXPECT_EQ(MergeOccasions(spells).size(), 3u);
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, D(2024, 6, 30));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->spell_count, 3);
}

TEST(RehabWatchTest, SpellsOfAFinishedWatchDoNotCountAgain) {
  // Three spells answered by a watch since closed or escalated, then two new ones: no signal.
  const D today(2024, 6, 30);
  std::vector<AbsenceSpell> spells = {{D(2024, 1, 10), D(2024, 1, 10), true},
                                      {D(2024, 2, 10), D(2024, 2, 10), true},
                                      {D(2024, 3, 10), D(2024, 3, 10), true},
                                      {D(2024, 5, 1), D(2024, 5, 1)},
                                      {D(2024, 6, 1), D(2024, 6, 1)}};
  EXPECT_FALSE(EvaluateRehabWatch(spells, today));
  // A third new occasion opens one, counting the new occasions only.
  spells.push_back({D(2024, 6, 20), D(2024, 6, 20)});
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, today);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->trigger, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s->spell_count, 3);
}

TEST(RehabWatchTest, ASpellContinuingAFinishedWatchsOccasionDoesNotCount) {
  // 10 March belongs to a finished watch; 15 March (start − end = 5) continues its occasion
  // (re-illness rule), so it is no new occasion: with 1 May and 1 June, two only.
  const D today(2024, 6, 30);
  std::vector<AbsenceSpell> spells = {{D(2024, 3, 10), D(2024, 3, 10), true},
                                      {D(2024, 3, 15), D(2024, 3, 16)},
                                      {D(2024, 5, 1), D(2024, 5, 1)},
                                      {D(2024, 6, 1), D(2024, 6, 1)}};
  ASSERT_EQ(MergeOccasions(spells).size(), 3u);
  EXPECT_TRUE(MergeOccasions(spells)[0].of_finished_watch);
  EXPECT_FALSE(EvaluateRehabWatch(spells, today));
  // On 16 March (start − end = 6) it is an occasion of its own: three.
  spells[1] = {D(2024, 3, 16), D(2024, 3, 16)};
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, today);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->spell_count, 3);
}

TEST(RehabWatchTest, FutureSpellsAreIgnored) {
  auto spells = OneDaySpells({D(2024, 5, 1), D(2024, 6, 1), D(2024, 7, 15)});
  EXPECT_FALSE(EvaluateRehabWatch(spells, D(2024, 6, 30)));
  EXPECT_TRUE(EvaluateRehabWatch(spells, D(2024, 7, 15)));
}

TEST(RehabWatchTest, BothRulesHoldReportsTwelveMonths) {
  auto spells = OneDaySpells({D(2024, 1, 10), D(2024, 2, 10), D(2024, 3, 10), D(2024, 4, 10),
                              D(2024, 5, 10), D(2024, 6, 10)});
  std::optional<RehabWatchSignal> s = EvaluateRehabWatch(spells, D(2024, 6, 30));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->trigger, RehabWatchTrigger::kSixSpellsIn12Months);
}

TEST(RehabWatchTest, ConfigurableThresholds) {
  const std::vector<RehabWatchRule> rules = {{2, 3, RehabWatchTrigger::kThreeSpellsIn6Months}};
  auto spells = OneDaySpells({D(2024, 5, 1), D(2024, 6, 1)});
  EXPECT_TRUE(EvaluateRehabWatch(spells, D(2024, 6, 30), rules));
  EXPECT_FALSE(EvaluateRehabWatch(spells, D(2024, 8, 1), rules));  // window from 2024-05-02
}

TEST(RehabWatchTest, CountBelowTheThresholdStillCounts) {
  // Today 2024-06-30: two occasions in the six-month window (2023-12-31 …), one of a finished
  // watch not counted.
  std::vector<AbsenceSpell> spells = OneDaySpells({D(2024, 1, 10), D(2024, 3, 10), D(2024, 5, 10)});
  spells[0].of_finished_watch = true;
  const RehabWatchSignal s = CountRehabWatch(spells, D(2024, 6, 30), DefaultRehabWatchRules()[1]);
  EXPECT_EQ(s.trigger, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s.spell_count, 2);
  EXPECT_EQ(s.window_start, D(2023, 12, 31));
  EXPECT_EQ(s.window_end, D(2024, 6, 30));
}

TEST(RehabWatchTest, RecountTakesTheRuleThatHoldsElseTheWatchsOwn) {
  const D today(2024, 6, 30);
  // 3 in 6 months holds: that signal, whatever the watch's trigger was.
  auto three = OneDaySpells({D(2024, 2, 10), D(2024, 4, 10), D(2024, 6, 10)});
  RehabWatchSignal s = RecountRehabWatch(three, today, RehabWatchTrigger::kSixSpellsIn12Months);
  EXPECT_EQ(s.trigger, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s.spell_count, 3);
  // No rule holds: counted under the watch's own rule, below its threshold.
  auto two = OneDaySpells({D(2023, 8, 10), D(2024, 6, 10)});
  s = RecountRehabWatch(two, today, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s.trigger, RehabWatchTrigger::kThreeSpellsIn6Months);
  EXPECT_EQ(s.spell_count, 1);
  EXPECT_EQ(s.window_start, D(2023, 12, 31));
  // Opened by hand: the longest window, 12 months.
  s = RecountRehabWatch(two, today, std::nullopt);
  EXPECT_EQ(s.spell_count, 2);
  EXPECT_EQ(s.window_start, D(2023, 7, 1));
  EXPECT_EQ(RecountRehabWatch({}, today, std::nullopt).spell_count, 0);
  // No rule at all: nothing counted, a window of today only.
  s = RecountRehabWatch(two, today, std::nullopt, {});
  EXPECT_EQ(s.spell_count, 0);
  EXPECT_EQ(s.window_start, today);
}

}  // namespace
}  // namespace collab::cases
