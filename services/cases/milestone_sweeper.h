#pragma once

#include "absl/time/time.h"
#include "libs/common/periodic_task.h"
#include "libs/db/pool.h"

// Runs BackfillOpenMilestones then SweepMissedMilestones (milestone_refresh.h) every
// --milestone_sweep_interval on a background thread, so a milestone that passes its due date
// while nobody writes to its case is still reported as missed. Safe with several replicas: the
// backfill skips locked cases and the sweep emits once per milestone.
namespace collab::cases {

class MilestoneSweeper {
 public:
  // interval <= 0: does not start. Destruction waits for a sweep under way.
  MilestoneSweeper(db::ConnectionPool& pool, absl::Duration interval);

  // --milestone_sweep_interval (default 10 minutes; 0 disables).
  static absl::Duration IntervalFromFlags();

 private:
  void SweepOnce();

  db::ConnectionPool& pool_;
  PeriodicTask task_;  // last: runs SweepOnce on pool_
};

}  // namespace collab::cases
