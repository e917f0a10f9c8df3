#include "libs/common/periodic_task.h"

#include <utility>

namespace collab {

PeriodicTask::PeriodicTask(absl::Duration interval, Body body)
    : interval_(interval), body_(std::move(body)) {
  if (interval_ > absl::ZeroDuration()) thread_ = std::thread([this] { Loop(); });
}

PeriodicTask::~PeriodicTask() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool PeriodicTask::Stopping() {
  absl::MutexLock lock(&mu_);
  return stop_;
}

void PeriodicTask::Loop() {
  const StopQuery stopping = [this] { return Stopping(); };
  for (;;) {
    body_(stopping);
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stop_), interval_)) return;
  }
}

}  // namespace collab
