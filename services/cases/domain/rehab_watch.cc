#include "services/cases/domain/rehab_watch.h"

#include <algorithm>

#include "services/cases/domain/rehab_chain.h"

namespace collab::cases {

absl::CivilDay WindowStart(absl::CivilDay today, int months) {
  const absl::CivilMonth month = absl::CivilMonth(today) - months;
  // Clamp the day to the length of the target month (absl would roll 31 Feb into March).
  const absl::CivilDay first_of_next = absl::CivilDay(month + 1);
  const int last_day = static_cast<int>((first_of_next - 1).day());
  const absl::CivilDay same_day(month.year(), month.month(), std::min(today.day(), last_day));
  return same_day + 1;
}

std::vector<AbsenceSpell> MergeOccasions(std::vector<AbsenceSpell> spells) {
  std::sort(spells.begin(), spells.end(),
            [](const AbsenceSpell& a, const AbsenceSpell& b) { return a.from < b.from; });
  std::vector<AbsenceSpell> out;
  for (const AbsenceSpell& s : spells) {
    // Re-illness rule (Sjuklönelagen (1991:1047)): within 5 days of the previous end → same
    // occasion. Overlaps (from ≤ previous end) fall under it as well.
    if (!out.empty() && s.from - out.back().to <= kReIllnessDays) {
      out.back().to = std::max(out.back().to, s.to);
      out.back().of_finished_watch = out.back().of_finished_watch || s.of_finished_watch;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

RehabWatchSignal CountRehabWatch(const std::vector<AbsenceSpell>& spells, absl::CivilDay today,
                                 const RehabWatchRule& rule) {
  std::vector<AbsenceSpell> past;
  for (const AbsenceSpell& s : spells) {
    if (s.from <= today) past.push_back(s);
  }
  const std::vector<AbsenceSpell> occasions = MergeOccasions(std::move(past));
  const absl::CivilDay start = WindowStart(today, rule.months);
  const int count = static_cast<int>(
      std::count_if(occasions.begin(), occasions.end(), [&](const AbsenceSpell& o) {
        return !o.of_finished_watch && o.from >= start && o.from <= today;
      }));
  return RehabWatchSignal{rule.trigger, count, start, today};
}

std::optional<RehabWatchSignal> EvaluateRehabWatch(const std::vector<AbsenceSpell>& spells,
                                                   absl::CivilDay today,
                                                   const std::vector<RehabWatchRule>& rules) {
  for (const RehabWatchRule& rule : rules) {
    RehabWatchSignal signal = CountRehabWatch(spells, today, rule);
    if (signal.spell_count >= rule.min_spells) return signal;
  }
  return std::nullopt;
}

RehabWatchSignal RecountRehabWatch(const std::vector<AbsenceSpell>& spells, absl::CivilDay today,
                                   std::optional<RehabWatchTrigger> trigger,
                                   const std::vector<RehabWatchRule>& rules) {
  if (std::optional<RehabWatchSignal> signal = EvaluateRehabWatch(spells, today, rules)) {
    return *signal;
  }
  const RehabWatchRule* chosen = nullptr;
  for (const RehabWatchRule& rule : rules) {
    if (trigger && rule.trigger == *trigger) {
      chosen = &rule;
      break;
    }
    if (!chosen || rule.months > chosen->months) chosen = &rule;
  }
  if (!chosen) {
    return RehabWatchSignal{trigger.value_or(RehabWatchTrigger::kSixSpellsIn12Months), 0, today,
                            today};
  }
  return CountRehabWatch(spells, today, *chosen);
}

}  // namespace collab::cases
