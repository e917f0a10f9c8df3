#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/common/periodic_task.h"
#include "libs/db/pool.h"
#include "services/cases/domain/retention.h"

// The retention job (gallring, RA-FS 2020:1; domain.md, Retention): erases the personal data of
// every closed case that domain/retention.h IsDueForGallring says is due, with the erase of
// ErasePersonalData (case_erase.h EraseCaseData), acting as the retention job principal (SERVICE
// "retention"), so each erased case gets the same ERASE audit row the RPC writes for that
// principal (and, like the RPC, no outbox event).
//
// How a pass works: pages of at most `batch` candidates (closed, not erased, closed before the
// first close day that cannot be due; index cases_retention, migrations/0007_retention.sql) are
// read in (close_time, id) order with a keyset, the rule is applied to each with its live
// periods, and each due case is erased in its own transaction, which locks the case row FOR
// UPDATE SKIP LOCKED and applies the rule again under the lock. So with several replicas
// sweeping at once a case is erased exactly once (the other finds it locked and skips it, or
// finds it erased), never half (one transaction), and a case written to meanwhile (reopened,
// a period extended) is judged as it stands. A case that fails is logged (its id and the error,
// never personal data) and the pass goes on; it is tried again on the next pass.
//
// Early signals (domain/retention.h; migrations/0008_early_signal_retention.sql): after the
// cases (whose erase takes the watches escalated into them along, EraseCaseData), the pass does
// the same, with the same batches, locking and re-check, for CLOSED rehab watches due
// (IsWatchDueForGallring; each erased with its spells, EraseWatchData), then for ESCALATED
// watches whose case was erased before they went with it, then for absence spells due on their
// own (IsSpellDueForGallring; EraseSpellData). A watch or spell is erased under the employee's
// early-signal lock (rehab_watch_trigger.h LockEmployeeSignals), taken before its row lock, so no
// new spell is counted with or linked to it meanwhile. `max_batches` bounds each of these.
namespace collab::cases {

struct RetentionSweepOptions {
  int years = kDefaultRetentionYears;  // --retention_years
  int batch = 100;                     // candidates read per page
  int max_batches = 0;                 // pages per pass; 0: until no candidate is left
  // Asked before each case; true ends the pass there (shutdown).
  std::function<bool()> stopping;
};

struct RetentionSweepResult {
  int erased = 0;          // cases whose personal data this pass erased
  int watches_erased = 0;  // rehab watches erased on their own schedule (not with a case)
  int spells_erased = 0;   // absence spells erased on their own schedule (not with a watch)
  int failed = 0;   // due rows (of any kind) whose erase failed (logged)
  int skipped = 0;  // due rows locked by another transaction, or no longer due under the lock
};

// One pass, synchronously, as of `today` (Swedish calendar day). Fails only when a page of
// candidates cannot be read; a failing case is counted in `failed`.
absl::StatusOr<RetentionSweepResult> SweepRetention(db::ConnectionPool& pool, absl::CivilDay today,
                                                    const RetentionSweepOptions& options = {});

// Runs SweepRetention every --retention_sweep_interval on a background thread, as of
// SwedishToday(), with --retention_years (imitating MilestoneSweeper).
class RetentionSweeper {
 public:
  // interval <= 0 (or years < 1): does not start. Destruction stops it; a pass under way ends
  // after the row being erased.
  RetentionSweeper(db::ConnectionPool& pool, absl::Duration interval, int years);

  // --retention_sweep_interval (default 1 hour; 0 disables).
  static absl::Duration IntervalFromFlags();
  // --retention_years (default 2, RA-FS 2020:1).
  static int YearsFromFlags();

 private:
  void SweepOnce(const PeriodicTask::StopQuery& stopping);

  db::ConnectionPool& pool_;
  const int years_;
  PeriodicTask task_;  // last: runs SweepOnce on the members above
};

}  // namespace collab::cases
