#include "services/cases/domain/retention.h"

#include <algorithm>

namespace collab::cases {

absl::CivilDay AddYears(absl::CivilDay day, int years) {
  const absl::civil_year_t year = day.year() + years;
  const absl::CivilDay same(year, day.month(), day.day());
  // CivilDay normalises 29 February of a common year to 1 March; the time ends in February.
  if (same.month() != day.month()) return absl::CivilDay(year, day.month() + 1, 1) - 1;
  return same;
}

std::optional<absl::CivilDay> RetentionDueOn(const RetentionFacts& f, int years) {
  if (!f.closed) return std::nullopt;
  absl::CivilDay anchor = f.close_day;
  for (const SickLeavePeriod& p : f.periods) anchor = std::max(anchor, p.to.value_or(p.from));
  return AddYears(anchor, years);
}

bool IsDueForGallring(const RetentionFacts& f, int years, absl::CivilDay today) {
  if (!f.closed || f.erased || years < 1) return false;
  return today >= *RetentionDueOn(f, years);
}

absl::CivilDay FirstCloseDayNotDue(absl::CivilDay today, int years) {
  // AddYears never decreases: step from the naive day to the first whose anniversary is later.
  absl::CivilDay d(today.year() - years, today.month(), today.day());
  while (AddYears(d, years) <= today) ++d;
  while (AddYears(d - 1, years) > today) --d;
  return d;
}

std::optional<absl::CivilDay> WatchRetentionDueOn(const WatchRetentionFacts& f, int years) {
  if (f.standing != WatchStanding::kClosed) return std::nullopt;
  std::optional<absl::CivilDay> anchor = f.close_day;
  for (absl::CivilDay end : f.spell_end_days) anchor = anchor ? std::max(*anchor, end) : end;
  // A CLOSED watch always has a close day (SetWatchState); without one there is nothing to
  // count from, and the watch is kept.
  if (!anchor) return std::nullopt;
  return AddYears(*anchor, years);
}

bool IsWatchDueForGallring(const WatchRetentionFacts& f, int years, absl::CivilDay today) {
  if (f.erased || years < 1) return false;
  if (f.standing == WatchStanding::kEscalated) return f.case_erased;
  std::optional<absl::CivilDay> due = WatchRetentionDueOn(f, years);
  return due && today >= *due;
}

std::optional<absl::CivilDay> SpellRetentionDueOn(const SpellRetentionFacts& f, int years) {
  absl::CivilDay anchor = f.end_day;
  if (f.watch) {
    if (*f.watch != WatchStanding::kClosed) return std::nullopt;
    if (f.watch_close_day) anchor = std::max(anchor, *f.watch_close_day);
  }
  return AddYears(anchor, years);
}

bool IsSpellDueForGallring(const SpellRetentionFacts& f, int years, absl::CivilDay today) {
  if (f.erased || years < 1) return false;
  std::optional<absl::CivilDay> due = SpellRetentionDueOn(f, years);
  return due && today >= *due;
}

}  // namespace collab::cases
