#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include <grpcpp/security/credentials.h>

// Runs one of our binaries as a real child process for binary and end-to-end tests, with extra
// environment variables, its output in a log file, and SIGTERM + wait on destruction so no test
// leaves a process behind (nor does a test process that dies: the child gets SIGTERM then too).
namespace collab::testing {

class ChildProcess {
 public:
  // Runs `binary` with `args` (argv[0] is the binary) and the test's environment plus `env`;
  // stdout and stderr go to `log_path`.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::map<std::string, std::string>& env, const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Sends a signal and waits up to `timeout_ms` for exit; returns the exit status as from
  // waitpid, or -1 on timeout (the process is then killed). Once reaped, returns 0 at once.
  int SignalAndWait(int signal, int timeout_ms);
  bool Running();
  const std::string& log_path() const { return log_path_; }
  std::string Log() const;

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_;
  std::string log_path_;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// $COLLAB_BIN_DIR/<name> (when set and not empty), else the build's bin/<name>.
std::string BinaryPath(const std::string& name);

// Polls grpc.health.v1 Check("") at `target` until SERVING.
absl::Status WaitForServing(const std::string& target, absl::Duration timeout,
                            std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// The last lines of a log, for failure messages.
std::string Tail(const std::string& path, int lines = 20);

}  // namespace collab::testing
