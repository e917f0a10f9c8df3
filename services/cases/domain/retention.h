#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/cases/domain/rehab_chain.h"

// Gallring (retention) of a closed case's personal data. Riksarkivet RA-FS 2020:1: sick-leave
// records in state practice are erased 2 years after the period; domain.md ("Who sees what",
// Retention): a closed case's personal data must be erasable on schedule while its pseudonymous
// statistics remain. The erase itself is case_erase.h; the schedule is retention_sweeper.h.
//
// The choices made here:
//  * The anchor is the later of the end of the case's last sick-leave period and the day the
//    case was closed (a case with no period: the close day). "After the period" is read as after
//    the last day of sick leave the case records; a case closed later keeps its data until the
//    same time has passed since the close, so nothing is erased that was still being worked on.
//  * An ongoing period (no end date) on a closed case ended, at the latest, with the case: it
//    counts as ending on its start day, so the close day (never earlier) governs.
//  * Civil days in Swedish time (the close day is the Swedish calendar day of close_time).
//  * Due ON the anniversary: with 2 years, a period ending 2024-03-10 makes the case due on
//    2026-03-10, not on 2026-03-09.
//  * A 29 February anchor has no anniversary in a common year: it falls on 28 February (Lag
//    (1930:173) om beräkning av lagstadgad tid, 2 §: when the corresponding day does not exist
//    in the month, the time ends on the last day of that month). PostgreSQL's
//    date + interval 'N years' clamps the same way.
namespace collab::cases {

// RA-FS 2020:1: sick-leave records are erased 2 years after the period.
inline constexpr int kDefaultRetentionYears = 2;

// `years` calendar years after `day`; 29 February gives 28 February in a common year.
absl::CivilDay AddYears(absl::CivilDay day, int years);

// What the rule reads of a case.
struct RetentionFacts {
  bool closed = false;  // status CLOSED
  bool erased = false;  // personal data already erased (personal_data_erase_time set)
  absl::CivilDay close_day;              // Swedish calendar day of close_time
  std::vector<SickLeavePeriod> periods;  // live (not deleted) periods
};

// The day the anchor (see above) is `years` years behind; nullopt when the case is not closed.
std::optional<absl::CivilDay> RetentionDueOn(const RetentionFacts& facts, int years);

// THE rule: a closed case whose personal data is not yet erased is due for gallring on `today`
// when `years` (≥ 1) have passed since the later of the end of its last sick-leave period and
// its close day, i.e. today ≥ RetentionDueOn. Open, planning, in-progress and returned cases are
// never due, however old.
bool IsDueForGallring(const RetentionFacts& facts, int years, absl::CivilDay today);

// The first close day from which no case can be due on `today` (the anchor is never before the
// close day): the retention sweep reads only cases closed before it (retention_sweeper.h).
absl::CivilDay FirstCloseDayNotDue(absl::CivilDay today, int years);

// ---------------------------------------------------------------------------------------------
// Early signals (domain.md, "Early signals"; rehab_watch.proto): absence spells and rehab
// watches hold the same personal data as a case (identity number, name, notes) and are sick-
// leave records too, so RA-FS 2020:1 applies to them as to a case: erased `years` after the
// absence they record (domain.md, "Who sees what", Retention). Same anniversary semantics as
// IsDueForGallring: due ON the anniversary (AddYears; 29 February → 28 February), civil days in
// Swedish time. The erase is case_erase.h (EraseWatchData, EraseSpellData).
//
// The choices made here:
//  * A watch in force (OPEN or ACTIVE) is still being worked on: neither it nor any spell
//    belonging to it is ever due, however old the spells.
//  * A CLOSED watch (closed without a case) is due `years` after the later of its close day and
//    the end of its last live spell; it is erased together with all its spells.
//  * An ESCALATED watch became part of a return-to-work case (rehab_watches.case_id): it and its
//    spells are erased with that case (EraseCaseData), in the same transaction, never on their
//    own schedule. A watch escalated into a case whose personal data are already erased (erased
//    before this rule existed) is due at once, so nothing outlives its case.
//  * A spell is due `years` after its end date; if it belongs to a closed watch, after the later
//    of that and the watch's close day (so a watch's spells go no earlier than the watch).
//    Deleted spells (registered in error) are due on the same rule: their data are still there.

// How the watch a spell or the rule reads stands (collab.cases.v1.RehabWatchState).
enum class WatchStanding {
  kInForce,    // OPEN or ACTIVE
  kClosed,     // CLOSED
  kEscalated,  // ESCALATED into a case
};

// What the rule reads of a rehab watch.
struct WatchRetentionFacts {
  WatchStanding standing = WatchStanding::kInForce;
  bool erased = false;  // personal_data_erase_time set
  std::optional<absl::CivilDay> close_day;      // Swedish calendar day of close_time
  std::vector<absl::CivilDay> spell_end_days;  // ends of its live (not deleted) spells
  bool case_erased = false;                    // kEscalated: its case's personal data are erased
};

// What the rule reads of an absence spell.
struct SpellRetentionFacts {
  bool erased = false;  // personal_data_erase_time set
  absl::CivilDay end_day;
  // The watch it belongs to (absence_spells.rehab_watch_id), if any: its standing and close day.
  std::optional<WatchStanding> watch;
  std::optional<absl::CivilDay> watch_close_day;
};

// The day a CLOSED watch falls due; nullopt when it is not closed (in force, or escalated: it
// goes with its case).
std::optional<absl::CivilDay> WatchRetentionDueOn(const WatchRetentionFacts& facts, int years);
// A watch not yet erased is due on `today` when it is CLOSED and today ≥ WatchRetentionDueOn,
// or when it is ESCALATED and its case's personal data are erased. Never while in force.
bool IsWatchDueForGallring(const WatchRetentionFacts& facts, int years, absl::CivilDay today);

// The day a spell falls due; nullopt while its watch is in force or when its watch is
// escalated (the spell goes with the case).
std::optional<absl::CivilDay> SpellRetentionDueOn(const SpellRetentionFacts& facts, int years);
// A spell not yet erased is due on `today` when today ≥ SpellRetentionDueOn.
bool IsSpellDueForGallring(const SpellRetentionFacts& facts, int years, absl::CivilDay today);

// The anchors above are never before a spell's end day nor a watch's close day, so, as for
// cases, no spell ending (no watch closing) on or after FirstCloseDayNotDue(today, years) can be
// due on `today`: the sweep reads only rows before it.

}  // namespace collab::cases
