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

}  // namespace collab::cases
