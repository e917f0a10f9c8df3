#pragma once

#include <pqxx/transaction>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/db/pool.h"
#include "services/cases/case_store.h"
#include "services/cases/milestone_view.h"

// Keeps open_milestones (migrations/0003_milestones.sql) exact and emits MilestoneMissed.
//
// When a milestone is "missed" (the choice made here): on the first observation, after its due
// date, that it is still neither met nor waived. Two observers, both writing in the same
// transaction as the event (outbox):
//  * every write that changes what milestones depend on (RefreshMilestones), so a period
//    registered late, whose milestones are already past due, reports them at once;
//  * the periodic sweep (SweepMissedMilestones, run by MilestoneSweeper), for milestones that
//    pass their due date while nobody writes to the case.
// Exactly once per milestone: the event is appended only by the transaction whose INSERT into
// milestone_missed created (or took over) the row of (case, kind); a concurrent observer waits
// on that row and then writes nothing. The employer's report is owed again for each new
// sick-pay period (a new spell after a gap, domain/milestones.h), so a row whose due date lies
// before the current report window opened belongs to an earlier spell: the new report's miss
// takes the row over and is emitted too. Every other kind is emitted once per case, wherever
// edits to the periods later move its due date. A milestone met late after being missed keeps
// its MilestoneMissed and gets a MilestoneMet with on_time = false.
namespace collab::cases {

// Replaces the case's open_milestones rows with the milestones of `all` neither met nor waived
// and emits MilestoneMissed for those overdue and not yet reported. Call with the case row
// locked, in the transaction of the write, with the row as it stands after the write (periods,
// met dates, expected duration, plan exemption) and `all` computed from it on today's date
// (milestone_view.h LoadCaseMilestones). Taking `all` lets a write that also answers the case's
// progress (ProgressOf) load the milestone rows once for both.
absl::Status RefreshMilestones(pqxx::work& tx, const CaseRow& row, const CaseMilestones& all);
// As above, loading the milestones from the stored rows as of `today` first.
absl::Status RefreshMilestones(pqxx::work& tx, const CaseRow& row, absl::CivilDay today);

// Refreshes cases registered before open_milestones existed (migrations/0005), `batch` per
// transaction until none is left. Returns how many were refreshed. Run before the sweep.
absl::StatusOr<int> BackfillOpenMilestones(db::ConnectionPool& pool, absl::CivilDay today,
                                           int batch = 100);

// One pass of the sweep: up to `batch` unreported overdue milestones per transaction until none
// is left. Returns how many MilestoneMissed events this pass emitted. Reads only the derived
// milestone rows and the case's employer (no personal data, nothing shown to anyone), so it
// appends no audit row; the events are pseudonymous (case_events.proto).
absl::StatusOr<int> SweepMissedMilestones(db::ConnectionPool& pool, absl::CivilDay today,
                                          int batch = 200);

}  // namespace collab::cases
