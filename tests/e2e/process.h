#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include <grpcpp/security/credentials.h>

// Real binaries as subprocesses for end-to-end tests: started with a clean argv, stderr to a
// log file, stopped (SIGTERM, then SIGKILL) when the handle goes away.
namespace collab::e2e {

class Process {
 public:
  // argv[0] is the path of the binary.
  static absl::StatusOr<std::unique_ptr<Process>> Start(std::vector<std::string> argv,
                                                        const std::string& log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // SIGTERM, wait up to `grace`, then SIGKILL. Idempotent.
  void Stop(absl::Duration grace = absl::Seconds(5));
  bool running() const { return pid_ > 0; }
  const std::string& log_path() const { return log_path_; }

 private:
  Process(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_;
  std::string log_path_;
};

// The directory holding the suite's binaries: $COLLAB_BIN_DIR, else the build's bin/.
std::string BinDir();

// A port free on 127.0.0.1 at the time of the call.
int FreePort();

// Polls grpc.health.v1 Check("") at `target` until SERVING.
absl::Status WaitForServing(const std::string& target, absl::Duration timeout,
                            std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// The last lines of a log, for failure messages.
std::string Tail(const std::string& path, int lines = 20);

}  // namespace collab::e2e
