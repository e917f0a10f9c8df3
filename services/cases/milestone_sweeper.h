#pragma once

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/db/pool.h"

// Runs BackfillOpenMilestones then SweepMissedMilestones (milestone_refresh.h) every
// --milestone_sweep_interval on a background thread, so a milestone that passes its due date
// while nobody writes to its case is still reported as missed. Safe with several replicas: the
// backfill skips locked cases and the sweep emits once per milestone.
namespace collab::cases {

class MilestoneSweeper {
 public:
  // interval <= 0: does not start.
  MilestoneSweeper(db::ConnectionPool& pool, absl::Duration interval);
  // Stops the thread and waits for a sweep under way.
  ~MilestoneSweeper();
  MilestoneSweeper(const MilestoneSweeper&) = delete;
  MilestoneSweeper& operator=(const MilestoneSweeper&) = delete;

  // --milestone_sweep_interval (default 10 minutes; 0 disables).
  static absl::Duration IntervalFromFlags();

 private:
  void Loop();

  db::ConnectionPool& pool_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace collab::cases
