#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include <grpcpp/grpcpp.h>

// Server bootstrap shared by every process: listen address, grpc.health.v1 reflecting a
// readiness check (the database), server reflection, bounded threads, graceful stop.
namespace collab::rpc {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:0";
  // Sync handlers block on the database. gRPC refuses calls beyond this many threads, so it is
  // set well above the pool size; the pool's bounded wait is what queues work.
  int max_threads = 64;
  // Threads kept waiting for calls. gRPC's default (at most 2) makes each thread that finishes a
  // call exit and a new one start for the next: under load the process spends more CPU creating
  // and ending threads than serving calls. Keeping as many as there are concurrent callers
  // (about the database pool) removes that churn.
  int max_idle_threads = 8;
  absl::Duration shutdown_grace = absl::Seconds(10);
  // Called every health_interval; the health service answers SERVING only while it is true.
  std::function<bool()> ready_check;
  absl::Duration health_interval = absl::Seconds(2);
};

class Server {
 public:
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       const std::vector<grpc::Service*>& services);
  ~Server();

  int port() const { return port_; }
  // Stops accepting calls, lets running ones finish within shutdown_grace, then cancels them.
  void Shutdown();
  // Blocks until Shutdown has completed.
  void Wait();

 private:
  Server() = default;
  void HealthLoop();

  ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::thread health_thread_;
  absl::Notification stopping_;
  std::atomic<bool> shut_down_{false};
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread started after it; call first
// thing in main, before any thread exists.
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT (blocked beforehand) and returns its number.
int WaitForTerminationSignal();

}  // namespace collab::rpc
