// The gallring rule (domain/retention.h; RA-FS 2020:1): both sides of the anniversary, 29
// February, the close day as anchor, and statuses that are never due.
#include <gtest/gtest.h>

#include "services/cases/domain/retention.h"

namespace collab::cases {
namespace {

using D = absl::CivilDay;

RetentionFacts Closed(D close_day, std::vector<SickLeavePeriod> periods = {}) {
  RetentionFacts f;
  f.closed = true;
  f.close_day = close_day;
  f.periods = std::move(periods);
  return f;
}
SickLeavePeriod Period(D from, std::optional<D> to) { return {from, to, 100}; }

TEST(RetentionTest, DueOnTheAnniversaryOfTheLastPeriodsEndNotTheDayBefore) {
  // Closed before the last period's recorded end: that end governs.
  const RetentionFacts f = Closed(D(2024, 3, 1), {Period(D(2024, 1, 2), D(2024, 2, 1)),
                                                  Period(D(2024, 2, 10), D(2024, 3, 10))});
  EXPECT_EQ(RetentionDueOn(f, 2), D(2026, 3, 10));
  EXPECT_FALSE(IsDueForGallring(f, 2, D(2026, 3, 9)));
  EXPECT_TRUE(IsDueForGallring(f, 2, D(2026, 3, 10)));
  EXPECT_TRUE(IsDueForGallring(f, 2, D(2031, 1, 1)));
  // Another retention: 10 years (records kept outside attendance records).
  EXPECT_FALSE(IsDueForGallring(f, 10, D(2034, 3, 9)));
  EXPECT_TRUE(IsDueForGallring(f, 10, D(2034, 3, 10)));
}

TEST(RetentionTest, TheCloseDayGovernsWhenLaterOrWithoutPeriods) {
  const RetentionFacts later = Closed(D(2024, 6, 15), {Period(D(2024, 1, 2), D(2024, 3, 10))});
  EXPECT_FALSE(IsDueForGallring(later, 2, D(2026, 6, 14)));
  EXPECT_TRUE(IsDueForGallring(later, 2, D(2026, 6, 15)));
  const RetentionFacts none = Closed(D(2024, 6, 15));
  EXPECT_EQ(RetentionDueOn(none, 2), D(2026, 6, 15));
  EXPECT_FALSE(IsDueForGallring(none, 2, D(2026, 6, 14)));
  EXPECT_TRUE(IsDueForGallring(none, 2, D(2026, 6, 15)));
}

TEST(RetentionTest, AnOngoingPeriodEndsWithTheCase) {
  const RetentionFacts f = Closed(D(2024, 6, 15), {Period(D(2024, 1, 2), std::nullopt)});
  EXPECT_EQ(RetentionDueOn(f, 2), D(2026, 6, 15));
}

TEST(RetentionTest, TwentyNinthOfFebruary) {
  EXPECT_EQ(AddYears(D(2024, 2, 29), 2), D(2026, 2, 28));
  EXPECT_EQ(AddYears(D(2024, 2, 29), 4), D(2028, 2, 29));
  EXPECT_EQ(AddYears(D(2024, 2, 28), 2), D(2026, 2, 28));
  EXPECT_EQ(AddYears(D(2024, 3, 1), 2), D(2026, 3, 1));
  EXPECT_EQ(AddYears(D(2023, 12, 31), 2), D(2025, 12, 31));
  // A period ending on 29 February 2024 is due on 28 February 2026 (no 29th), not before…
  const RetentionFacts f = Closed(D(2024, 2, 29), {Period(D(2024, 1, 2), D(2024, 2, 29))});
  EXPECT_FALSE(IsDueForGallring(f, 2, D(2026, 2, 27)));
  EXPECT_TRUE(IsDueForGallring(f, 2, D(2026, 2, 28)));
  // …and on 29 February itself when the anniversary falls in a leap year.
  EXPECT_FALSE(IsDueForGallring(f, 4, D(2028, 2, 28)));
  EXPECT_TRUE(IsDueForGallring(f, 4, D(2028, 2, 29)));
  // A period ending on 28 February in a leap year is due on 28 February too.
  const RetentionFacts g = Closed(D(2024, 2, 28), {Period(D(2024, 1, 2), D(2024, 2, 28))});
  EXPECT_TRUE(IsDueForGallring(g, 2, D(2026, 2, 28)));
  EXPECT_FALSE(IsDueForGallring(g, 4, D(2028, 2, 27)));
  EXPECT_TRUE(IsDueForGallring(g, 4, D(2028, 2, 28)));
}

TEST(RetentionTest, OnlyClosedCasesNotYetErased) {
  RetentionFacts open = Closed(D(2010, 1, 1), {Period(D(2009, 1, 1), D(2009, 6, 1))});
  open.closed = false;
  EXPECT_FALSE(IsDueForGallring(open, 2, D(2030, 1, 1)));
  EXPECT_EQ(RetentionDueOn(open, 2), std::nullopt);
  RetentionFacts erased = Closed(D(2010, 1, 1));
  erased.erased = true;
  EXPECT_FALSE(IsDueForGallring(erased, 2, D(2030, 1, 1)));
  // Nonsense retention never erases.
  EXPECT_FALSE(IsDueForGallring(Closed(D(2010, 1, 1)), 0, D(2030, 1, 1)));
}

TEST(RetentionTest, FirstCloseDayNotDue) {
  EXPECT_EQ(FirstCloseDayNotDue(D(2026, 3, 10), 2), D(2024, 3, 11));
  // 28 February 2026 is the anniversary of both 28 and 29 February 2024.
  EXPECT_EQ(FirstCloseDayNotDue(D(2026, 2, 28), 2), D(2024, 3, 1));
  EXPECT_EQ(FirstCloseDayNotDue(D(2026, 2, 27), 2), D(2024, 2, 28));
  // 29 February 2028: cases closed up to 28 February 2026 are due, from 1 March 2026 not.
  EXPECT_EQ(FirstCloseDayNotDue(D(2028, 2, 29), 2), D(2026, 3, 1));
  EXPECT_EQ(FirstCloseDayNotDue(D(2028, 2, 29), 4), D(2024, 3, 1));
  // Agrees with the rule for every close day around those dates.
  for (D today = D(2026, 2, 20); today <= D(2026, 3, 5); ++today) {
    const D first = FirstCloseDayNotDue(today, 2);
    EXPECT_TRUE(IsDueForGallring(Closed(first - 1), 2, today)) << today;
    EXPECT_FALSE(IsDueForGallring(Closed(first), 2, today)) << today;
  }
}

// Early signals: absence spells and rehab watches (domain/retention.h, second half).

SpellRetentionFacts SpellEnding(D end, std::optional<WatchStanding> watch = std::nullopt,
                                std::optional<D> watch_close_day = std::nullopt) {
  SpellRetentionFacts f;
  f.end_day = end;
  f.watch = watch;
  f.watch_close_day = watch_close_day;
  return f;
}
WatchRetentionFacts WatchClosedOn(D close_day, std::vector<D> spell_ends = {}) {
  WatchRetentionFacts f;
  f.standing = WatchStanding::kClosed;
  f.close_day = close_day;
  f.spell_end_days = std::move(spell_ends);
  return f;
}

TEST(RetentionTest, ASpellWithoutAWatchIsDueOnTheAnniversaryOfItsEnd) {
  const SpellRetentionFacts f = SpellEnding(D(2024, 3, 10));
  EXPECT_EQ(SpellRetentionDueOn(f, 2), D(2026, 3, 10));
  EXPECT_FALSE(IsSpellDueForGallring(f, 2, D(2026, 3, 9)));
  EXPECT_TRUE(IsSpellDueForGallring(f, 2, D(2026, 3, 10)));
  EXPECT_FALSE(IsSpellDueForGallring(f, 10, D(2034, 3, 9)));
  EXPECT_TRUE(IsSpellDueForGallring(f, 10, D(2034, 3, 10)));
  SpellRetentionFacts erased = f;
  erased.erased = true;
  EXPECT_FALSE(IsSpellDueForGallring(erased, 2, D(2030, 1, 1)));
  EXPECT_FALSE(IsSpellDueForGallring(f, 0, D(2030, 1, 1)));
}

TEST(RetentionTest, ASpellEndingOn29FebruaryIsDueOn28February) {
  const SpellRetentionFacts f = SpellEnding(D(2024, 2, 29));
  EXPECT_EQ(SpellRetentionDueOn(f, 1), D(2025, 2, 28));
  EXPECT_FALSE(IsSpellDueForGallring(f, 1, D(2025, 2, 27)));
  EXPECT_TRUE(IsSpellDueForGallring(f, 1, D(2025, 2, 28)));
  EXPECT_EQ(SpellRetentionDueOn(f, 4), D(2028, 2, 29));
}

TEST(RetentionTest, ASpellOfAClosedWatchGoesNoEarlierThanTheWatchClosed) {
  const SpellRetentionFacts f = SpellEnding(D(2024, 3, 10), WatchStanding::kClosed, D(2024, 5, 2));
  EXPECT_EQ(SpellRetentionDueOn(f, 2), D(2026, 5, 2));
  EXPECT_FALSE(IsSpellDueForGallring(f, 2, D(2026, 5, 1)));
  EXPECT_TRUE(IsSpellDueForGallring(f, 2, D(2026, 5, 2)));
  // Its own end governs when later (a watch closed before the spell ended).
  const SpellRetentionFacts later = SpellEnding(D(2024, 6, 1), WatchStanding::kClosed, D(2024, 5, 2));
  EXPECT_EQ(SpellRetentionDueOn(later, 2), D(2026, 6, 1));
}

TEST(RetentionTest, ASpellOfAWatchInForceOrEscalatedIsNeverDueOnItsOwn) {
  for (WatchStanding s : {WatchStanding::kInForce, WatchStanding::kEscalated}) {
    const SpellRetentionFacts f = SpellEnding(D(2010, 1, 1), s, D(2010, 2, 1));
    EXPECT_EQ(SpellRetentionDueOn(f, 2), std::nullopt);
    EXPECT_FALSE(IsSpellDueForGallring(f, 2, D(2040, 1, 1)));
  }
}

TEST(RetentionTest, AClosedWatchIsDueAfterTheLaterOfItsCloseAndItsLastSpell) {
  const WatchRetentionFacts f = WatchClosedOn(D(2024, 5, 2), {D(2024, 1, 3), D(2024, 4, 20)});
  EXPECT_EQ(WatchRetentionDueOn(f, 2), D(2026, 5, 2));
  EXPECT_FALSE(IsWatchDueForGallring(f, 2, D(2026, 5, 1)));
  EXPECT_TRUE(IsWatchDueForGallring(f, 2, D(2026, 5, 2)));
  const WatchRetentionFacts spell_later = WatchClosedOn(D(2024, 5, 2), {D(2024, 5, 20)});
  EXPECT_EQ(WatchRetentionDueOn(spell_later, 2), D(2026, 5, 20));
  EXPECT_FALSE(IsWatchDueForGallring(spell_later, 2, D(2026, 5, 19)));
  EXPECT_TRUE(IsWatchDueForGallring(spell_later, 2, D(2026, 5, 20)));
  const WatchRetentionFacts leap = WatchClosedOn(D(2024, 2, 29));
  EXPECT_EQ(WatchRetentionDueOn(leap, 2), D(2026, 2, 28));
  WatchRetentionFacts erased = f;
  erased.erased = true;
  EXPECT_FALSE(IsWatchDueForGallring(erased, 2, D(2040, 1, 1)));
}

TEST(RetentionTest, AWatchInForceIsNeverDueAnEscalatedOneOnlyWithItsCase) {
  WatchRetentionFacts in_force = WatchClosedOn(D(2010, 1, 1));
  in_force.standing = WatchStanding::kInForce;
  EXPECT_EQ(WatchRetentionDueOn(in_force, 2), std::nullopt);
  EXPECT_FALSE(IsWatchDueForGallring(in_force, 2, D(2040, 1, 1)));
  in_force.case_erased = true;  // meaningless while in force
  EXPECT_FALSE(IsWatchDueForGallring(in_force, 2, D(2040, 1, 1)));

  WatchRetentionFacts escalated = WatchClosedOn(D(2010, 1, 1));
  escalated.standing = WatchStanding::kEscalated;
  EXPECT_EQ(WatchRetentionDueOn(escalated, 2), std::nullopt);
  EXPECT_FALSE(IsWatchDueForGallring(escalated, 2, D(2040, 1, 1)));
  escalated.case_erased = true;  // its case was erased before: it follows at once
  EXPECT_TRUE(IsWatchDueForGallring(escalated, 2, D(2011, 1, 1)));
  escalated.erased = true;
  EXPECT_FALSE(IsWatchDueForGallring(escalated, 2, D(2011, 1, 1)));
}

TEST(RetentionTest, NoSpellOrWatchBeforeTheSweepBoundIsMissed) {
  // The sweep reads spells ending (watches closing) before FirstCloseDayNotDue: every due one is.
  for (D today = D(2027, 2, 20); today <= D(2027, 3, 5); ++today) {
    const D bound = FirstCloseDayNotDue(today, 3);
    EXPECT_FALSE(IsSpellDueForGallring(SpellEnding(bound), 3, today));
    EXPECT_TRUE(IsSpellDueForGallring(SpellEnding(bound - 1), 3, today));
    EXPECT_FALSE(IsWatchDueForGallring(WatchClosedOn(bound), 3, today));
    EXPECT_TRUE(IsWatchDueForGallring(WatchClosedOn(bound - 1), 3, today));
  }
}

}  // namespace
}  // namespace collab::cases
