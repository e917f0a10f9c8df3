#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "services/gateway/admission.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

// The JSON front door for web front ends (issue 3): the Connect protocol's unary calls,
// `POST /<package>.<Service>/<Method>` with application/json (or application/proto), on its
// own port. Same gatekeeper, same backend stubs and same backend-call preparation as gRPC; the
// only extra work is converting JSON to and from the binary message.
namespace collab::gateway {

struct ConnectOptions {
  // Origins allowed to call from a browser ("*" allows any, for development only).
  std::vector<std::string> cors_origins;
  int threads = 16;
  size_t max_body_bytes = 4 << 20;
};

class ConnectServer {
 public:
  ConnectServer(const Gatekeeper& gate, ConnectOptions options);
  ~ConnectServer();

  // Binds "host:port" (port 0 picks a free one) and serves on a thread; returns the port.
  absl::StatusOr<int> Start(const std::string& address);
  void Stop();

 private:
  void HandleCall(const httplib::Request& req, httplib::Response& res) const;
  void HandlePreflight(const httplib::Request& req, httplib::Response& res) const;
  // Adds CORS headers when the request's Origin is allowed; false for a foreign origin.
  bool ApplyCors(const httplib::Request& req, httplib::Response& res) const;

  const Gatekeeper& gate_;
  const ConnectOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace collab::gateway
