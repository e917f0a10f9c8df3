#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"

// Early signals (tidiga signaler): repeated short-term absence (upprepad korttidsfrånvaro)
// opens a preventive rehab watch (rehabbevakning) before any long case, as employer rehab tools
// such as Adato and Susano do (domain.md, "Early signals"; programme service "Fånga tidiga
// tecken"). Defaults: 6 spells in 12 months or 3 in 6 months; configurable.
//
// Counting (choices made here):
//  * A spell counts in a window when its first day lies in the window. The window of M months
//    ending on `today` is (today − M months, today], e.g. 12 months to 2024-06-30 is
//    2023-07-01 … 2024-06-30 and 6 months 2023-12-31 … 2024-06-30 (a day missing in the
//    earlier month clamps to its end: 2024-02-29 − 12 months = 2023-02-28).
//  * Spells joined by the re-illness rule (the next starts at most 5 days after the previous
//    ends; Sjuklönelagen (1991:1047), kReIllnessDays) are one occasion (sjukfrånvarotillfälle):
//    one sick-pay period, one qualifying deduction. Overlapping spells are merged too.
//  * Spells starting after `today` are ignored.
//  * A spell of a finished watch (CLOSED or ESCALATED) does not count again, nor does an
//    occasion it is part of (a later spell within kReIllnessDays of it continues that occasion).
//    Why: that watch answered the signal those spells made — closed after the dialogue, or
//    turned into a return-to-work case — and the watch is the preventive step "before any long
//    case" (domain.md, "Early signals"), so counting them again would reopen a watch on the very
//    next spell for absence already dealt with. A finished watch also keeps its spells (they are
//    never relinked, rehab_watch_store.h LinkSpellsToWatch) and they are erased with it or with
//    its case (domain.md, Retention; RA-FS 2020:1; domain/retention.h): a new watch counting
//    them would rest on spells it does not list (case_service.proto, ListAbsenceSpellsRequest
//    .rehab_watch: "the spells that count towards this watch") and that vanish on another
//    schedule. Only new absence opens a new watch: e.g. 3 more occasions in 6 months.
namespace collab::cases {

// collab.cases.v1.RehabWatchTrigger.
enum class RehabWatchTrigger { kSixSpellsIn12Months, kThreeSpellsIn6Months };

struct AbsenceSpell {
  absl::CivilDay from;
  absl::CivilDay to;  // inclusive
  // Belongs to a CLOSED or ESCALATED watch: already counted there (see Counting).
  bool of_finished_watch = false;
};

struct RehabWatchRule {
  int min_spells;
  int months;
  RehabWatchTrigger trigger;
};

// domain.md, "Early signals": 6 spells in 12 months, 3 spells in 6 months. In this order, so
// when both hold the 12-month rule is reported.
inline const std::vector<RehabWatchRule>& DefaultRehabWatchRules() {
  static const std::vector<RehabWatchRule> kRules = {
      {6, 12, RehabWatchTrigger::kSixSpellsIn12Months},
      {3, 6, RehabWatchTrigger::kThreeSpellsIn6Months},
  };
  return kRules;
}

struct RehabWatchSignal {
  RehabWatchTrigger trigger;
  int spell_count = 0;  // occasions counted in the window
  absl::CivilDay window_start;
  absl::CivilDay window_end;  // = today
};

// The first rule (in order) the spells meet on `today`, or nullopt. Occasions of a finished
// watch are not counted (see Counting).
std::optional<RehabWatchSignal> EvaluateRehabWatch(
    const std::vector<AbsenceSpell>& spells, absl::CivilDay today,
    const std::vector<RehabWatchRule>& rules = DefaultRehabWatchRules());

// The occasions counted under `rule` on `today` (spells starting after `today` and occasions of
// a finished watch left out, see Counting), whether or not they reach rule.min_spells.
RehabWatchSignal CountRehabWatch(const std::vector<AbsenceSpell>& spells, absl::CivilDay today,
                                 const RehabWatchRule& rule);

// A watch in force counted again: after one of its spells was deleted, or when it is opened by
// hand. The first rule that holds, as EvaluateRehabWatch; when none holds the watch stays
// (case_service.proto, DeleteAbsenceSpell) and is counted under the rule of its `trigger`, or,
// for a watch opened by hand (nullopt) or a trigger no rule has, under the rule with the longest
// window. No rule at all: no occasion, a window of `today` only.
RehabWatchSignal RecountRehabWatch(
    const std::vector<AbsenceSpell>& spells, absl::CivilDay today,
    std::optional<RehabWatchTrigger> trigger,
    const std::vector<RehabWatchRule>& rules = DefaultRehabWatchRules());

// Occasions after merging re-illness continuations and overlaps, in date order; an occasion is
// of_finished_watch when any of its spells is.
std::vector<AbsenceSpell> MergeOccasions(std::vector<AbsenceSpell> spells);

// First day of the window of `months` months ending on `today` (see above).
absl::CivilDay WindowStart(absl::CivilDay today, int months);

}  // namespace collab::cases
