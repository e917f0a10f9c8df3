#include "services/cases/milestone_sweeper.h"

#include <string>

#include "absl/flags/flag.h"
#include "libs/common/logging.h"
#include "services/cases/case_validation.h"
#include "services/cases/milestone_refresh.h"

ABSL_FLAG(absl::Duration, milestone_sweep_interval, absl::Minutes(10),
          "How often collab-cases looks for milestones that passed their due date unmet and "
          "emits MilestoneMissed; 0 disables the sweep.");

namespace collab::cases {

MilestoneSweeper::MilestoneSweeper(db::ConnectionPool& pool, absl::Duration interval)
    : pool_(pool), task_(interval, [this](const PeriodicTask::StopQuery&) { SweepOnce(); }) {}

absl::Duration MilestoneSweeper::IntervalFromFlags() {
  return absl::GetFlag(FLAGS_milestone_sweep_interval);
}

void MilestoneSweeper::SweepOnce() {
  absl::StatusOr<int> backfilled = BackfillOpenMilestones(pool_, SwedishToday());
  if (!backfilled.ok()) {
    log::Error("milestone backfill failed", {{"error", std::string(backfilled.status().message())}});
  } else if (*backfilled > 0) {
    log::Info("milestone backfill", {{"cases", std::to_string(*backfilled)}});
  }
  absl::StatusOr<int> emitted = SweepMissedMilestones(pool_, SwedishToday());
  if (!emitted.ok()) {
    log::Error("milestone sweep failed", {{"error", std::string(emitted.status().message())}});
  } else if (*emitted > 0) {
    log::Info("milestone sweep", {{"missed_emitted", std::to_string(*emitted)}});
  }
}

}  // namespace collab::cases
