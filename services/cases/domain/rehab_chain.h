#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

// The rehabilitation chain (rehabiliteringskedjan): which day of the chain a date is, and on
// which date chain day N is reached. Rules: domain.md, "Sick-leave timeline" and "Rules for the
// computation".
//
// How the summing rule and the 5-day rule interact (the choice made here):
//  * Counting (sammanläggning). The chain day of a date is the number of sick calendar days
//    (sjukdagar) of all periods of the case up to and including that date, whatever the degree
//    (Prevent, LO checklists: "sick days from different periods are added together"). Days
//    between periods never count, whether the gap is 1 day or 200, so an assessment can come
//    early in a new period. A case is the unit: a new case starts a new chain.
//  * Continuation (återinsjuknande). A period starting at most kReIllnessDays after the end of
//    the previous one (start − previous end ≤ 5, i.e. at most 4 days between them) continues it:
//    same spell (sjukfall), same sick-pay period (sjuklöneperiod), no new qualifying deduction
//    (Sjuklönelagen (1991:1047), återinsjuknanderegeln). It does not change the count above.
//  * End of a spell (FK statistics). With kSpellEndingGapDays or more days between two periods
//    (start − previous end ≥ 6) the spell has ended; the next period opens a new spell and the
//    employer a new sick-pay period of 14 days. The two rules meet exactly: 4 days between →
//    continuation, 5 days between → the spell ended.
//  * Deliberately not encoded: the rule in FK practice that periods more than 89 days apart are
//    not added together; domain.md does not state it and its source was not verified here.
//
// An ongoing period (no end date) is extrapolated: every day from its start is a sick day, so
// the date of a future chain day can be projected.
namespace collab::cases {

// Re-illness rule: a new period beginning within 5 days of the end of the previous one is a
// continuation (Sjuklönelagen (1991:1047); domain.md, "Rules for the computation").
inline constexpr int kReIllnessDays = 5;
// FK statistics end a spell (sjukfall) only after a gap of at least 5 days (domain.md).
inline constexpr int kSpellEndingGapDays = 5;
// The employer pays sick pay for days 1–14, the sick-pay period (sjuklöneperiod; Sjuklönelagen
// (1991:1047); domain.md).
inline constexpr int kSickPayPeriodDays = 14;

// The four degrees of sick leave (sjukskrivningsgrad), SFB 27 kap. 45 §.
inline constexpr int kDegrees[] = {25, 50, 75, 100};
bool IsValidDegree(int percent);

struct SickLeavePeriod {
  absl::CivilDay from;
  std::optional<absl::CivilDay> to;  // inclusive; nullopt = ongoing
  int degree_percent = 100;          // 25, 50, 75 or 100
};

// Checks one period: degree is one of the four, and to ≥ from. INVALID_ARGUMENT naming `field`.
absl::Status ValidatePeriod(const SickLeavePeriod& period, std::string_view field = "period");

// Two periods (indices into the input) that share at least one day. An ongoing period runs to
// infinity, so it overlaps every period starting on or after its start.
struct PeriodOverlap {
  size_t first;
  size_t second;
};
std::vector<PeriodOverlap> FindOverlaps(const std::vector<SickLeavePeriod>& periods);
// OK, or INVALID_ARGUMENT with one field violation "periods[i]" per overlapping pair.
absl::Status ValidateNoOverlaps(const std::vector<SickLeavePeriod>& periods);

// A period placed in the chain, in date order.
struct ChainPeriod {
  SickLeavePeriod period;
  size_t input_index = 0;           // position in the vector given to Build
  bool continues_previous = false;  // re-illness rule
  int chain_days_before = 0;        // sick days counted before this period
  int spell = 0;                    // 0-based spell (sjukfall) number
  int spell_days_before = 0;        // sick days of the same spell before this period
};

// A spell: consecutive periods joined by the re-illness rule.
struct Spell {
  absl::CivilDay first_day;
  std::optional<absl::CivilDay> last_day;  // nullopt while ongoing
  int days_before_spell = 0;               // chain days before its first day
};

class RehabChain {
 public:
  // Periods must validate (ValidatePeriod, ValidateNoOverlaps); else INVALID_ARGUMENT.
  static absl::StatusOr<RehabChain> Build(const std::vector<SickLeavePeriod>& periods);

  const std::vector<ChainPeriod>& periods() const { return periods_; }
  const std::vector<Spell>& spells() const { return spells_; }
  bool empty() const { return periods_.empty(); }
  // Day 1 of the chain (första sjukdag). Requires !empty().
  absl::CivilDay first_sick_day() const { return periods_.front().period.from; }
  bool ongoing() const { return !periods_.empty() && !periods_.back().period.to.has_value(); }

  // Sick days of the chain on or before `day` (0 before the first period). On a sick day this
  // is that day's chain day number.
  int ChainDayOn(absl::CivilDay day) const;
  // The period covering `day`, if any (its degree is the degree on that day).
  const ChainPeriod* PeriodOn(absl::CivilDay day) const;
  // The date chain day `n` (≥ 1) falls on; nullopt when the periods end before it.
  std::optional<absl::CivilDay> DateOfChainDay(int n) const;
  // The date day `n` of spell `spell` falls on (sick-pay day n when n ≤ 14); nullopt when the
  // spell ends before it.
  std::optional<absl::CivilDay> DateOfSpellDay(int spell, int n) const;
  // Total days of a spell so far; an ongoing spell counted up to and including `today`.
  int SpellLength(int spell, absl::CivilDay today) const;

 private:
  std::vector<ChainPeriod> periods_;
  std::vector<Spell> spells_;
};

// Days counted in [from, to] inclusive.
inline int InclusiveDays(absl::CivilDay from, absl::CivilDay to) {
  return static_cast<int>(to - from) + 1;
}

}  // namespace collab::cases
