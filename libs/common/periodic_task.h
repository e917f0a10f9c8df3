#pragma once

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

// A background job run at once and then every `interval` on its own thread (the case service's
// sweeps), until the task is destroyed. The destructor waits for a run under way; a long run
// polls `stopping` to end early.
namespace collab {

class PeriodicTask {
 public:
  using StopQuery = std::function<bool()>;
  using Body = std::function<void(const StopQuery& stopping)>;

  // interval <= 0: never runs.
  PeriodicTask(absl::Duration interval, Body body);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  bool running() const { return thread_.joinable(); }

 private:
  void Loop();
  bool Stopping();

  const absl::Duration interval_;
  const Body body_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: started once everything above is set
};

}  // namespace collab
