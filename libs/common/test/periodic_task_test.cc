#include "libs/common/periodic_task.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace collab {
namespace {

TEST(PeriodicTaskTest, RunsAtOnceAndAgainEachInterval) {
  std::atomic<int> runs{0};
  absl::Notification third;
  {
    PeriodicTask task(absl::Milliseconds(5), [&](const PeriodicTask::StopQuery&) {
      if (++runs == 3) third.Notify();
    });
    EXPECT_TRUE(task.running());
    EXPECT_TRUE(third.WaitForNotificationWithTimeout(absl::Seconds(10)));
  }
  const int after_stop = runs.load();
  absl::SleepFor(absl::Milliseconds(30));
  EXPECT_EQ(runs.load(), after_stop) << "no run after the task is destroyed";
}

TEST(PeriodicTaskTest, ZeroIntervalNeverRuns) {
  std::atomic<int> runs{0};
  {
    PeriodicTask task(absl::ZeroDuration(), [&](const PeriodicTask::StopQuery&) { ++runs; });
    EXPECT_FALSE(task.running());
  }
  EXPECT_EQ(runs.load(), 0);
}

// A long interval does not delay shutdown, and a run under way sees `stopping` and ends early.
TEST(PeriodicTaskTest, DestructionEndsARunUnderWayAndTheWait) {
  absl::Notification started;
  std::atomic<bool> saw_stop{false};
  const absl::Time begin = absl::Now();
  {
    PeriodicTask task(absl::Hours(1), [&](const PeriodicTask::StopQuery& stopping) {
      started.Notify();
      while (!stopping()) absl::SleepFor(absl::Milliseconds(1));
      saw_stop = true;
    });
    ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  }
  EXPECT_TRUE(saw_stop.load());
  EXPECT_LT(absl::Now() - begin, absl::Seconds(10));
}

}  // namespace
}  // namespace collab
