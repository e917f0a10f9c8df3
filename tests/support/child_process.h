#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

// Runs one of our binaries as a real child process for end-to-end tests, with extra environment
// variables, its output in a log file, and SIGTERM + wait on destruction so no test leaves a
// process behind.
namespace collab::testing {

class ChildProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::map<std::string, std::string>& env, const std::string& log_path);
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends a signal and waits up to `timeout_ms` for exit; returns the exit status as from
  // waitpid, or -1 on timeout (the process is then killed).
  int SignalAndWait(int signal, int timeout_ms);
  bool Running();
  std::string Log() const;

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_;
  std::string log_path_;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// $COLLAB_BIN_DIR/<name>, where the build puts binaries.
std::string BinaryPath(const std::string& name);

}  // namespace collab::testing
