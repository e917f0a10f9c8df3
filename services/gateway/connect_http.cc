#include "services/gateway/connect_http.h"

#include <httplib.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include <grpcpp/support/byte_buffer.h>
#include "libs/rpc/status.h"
#include "services/gateway/access_log.h"
#include "services/gateway/connect_codec.h"
#include "services/gateway/grpc_proxy.h"

namespace collab::gateway {
namespace {

constexpr char kErrorDomain[] = "gateway.collab";
// Method paths: "/collab.organisations.v1.OrganisationService/GetOrganisation".
constexpr char kMethodPattern[] = R"(/[A-Za-z0-9_.]+/[A-Za-z0-9_]+)";

enum class Codec { kJson, kProto, kUnsupported };

Codec CodecFor(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  absl::AsciiStrToLower(&type);
  type = std::string(absl::StripAsciiWhitespace(type));
  if (type == "application/json") return Codec::kJson;
  if (type == "application/proto") return Codec::kProto;
  return Codec::kUnsupported;
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  buffer.Dump(&slices).IgnoreError();
  std::string out;
  out.reserve(buffer.Length());
  for (const grpc::Slice& s : slices) {
    out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return out;
}

grpc::Status FromAbsl(const absl::Status& s) { return rpc::ToGrpcStatus(s, kErrorDomain); }

// Admits, converts, forwards and converts back; the caller writes errors and the access log.
grpc::Status Serve(const Gatekeeper& gate, const httplib::Request& req, absl::Time start,
                   Admission* admission, httplib::Response& res) {
  const Codec codec = CodecFor(req);
  const std::string authorization = req.get_header_value("Authorization");
  const std::string request_id = req.get_header_value("X-Request-Id");
  absl::Status admitted = gate.Admit(req.path, {authorization, {}, request_id}, start, admission);
  res.set_header("X-Request-Id", admission->request_id);
  if (!admitted.ok()) return FromAbsl(admitted);
  const Route& route = *admission->route;
  if (route.server_streaming) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        "streaming methods are served over gRPC only");
  }
  if (codec == Codec::kUnsupported) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "Content-Type must be application/json or application/proto");
  }

  std::string request_bytes;
  if (codec == Codec::kJson) {
    auto bytes = JsonToBinary(*route.request_prototype, req.body.empty() ? "{}" : req.body);
    if (!bytes.ok()) return FromAbsl(bytes.status());
    request_bytes = *std::move(bytes);
  } else {
    request_bytes = req.body;
  }

  absl::Time caller_deadline = absl::InfiniteFuture();
  if (auto ms = ParseTimeoutMs(req.get_header_value("Connect-Timeout-Ms"))) {
    caller_deadline = start + absl::Milliseconds(*ms);
  }
  grpc::ClientContext context;
  gate.PrepareBackendCall(*admission, caller_deadline, absl::Now(), &context);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  route.upstream->stub().UnaryCall(&context, route.method, grpc::StubOptions(), &request, &response,
                                   [&](grpc::Status s) {
                                     status = std::move(s);
                                     done.Notify();
                                   });
  done.WaitForNotification();
  if (!status.ok()) return CallerStatus(status, route);

  if (codec == Codec::kProto) {
    res.set_content(ToString(response), "application/proto");
    return grpc::Status::OK;
  }
  auto json = BinaryToJson(*route.response_prototype, ToString(response));
  if (!json.ok()) return FromAbsl(json.status());
  res.set_content(*json, "application/json");
  return grpc::Status::OK;
}

void WriteError(const grpc::Status& status, httplib::Response& res) {
  res.status = HttpStatusForCode(status.error_code());
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    res.set_header("WWW-Authenticate", "Bearer");
  }
  if (auto retry = RetryAfterSeconds(status)) res.set_header("Retry-After", absl::StrCat(*retry));
  res.set_content(ConnectErrorBody(status), "application/json");
}

}  // namespace

ConnectServer::ConnectServer(const Gatekeeper& gate, ConnectOptions options)
    : gate_(gate), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  const int threads = std::max(1, options_.threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // Without TCP_NODELAY keep-alive responses stall ~40 ms on Nagle + delayed ACK (toolchain.md).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(1000);
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->Post(kMethodPattern, [this](const httplib::Request& req, httplib::Response& res) {
    HandleCall(req, res);
  });
  server_->Options(kMethodPattern, [this](const httplib::Request& req, httplib::Response& res) {
    HandlePreflight(req, res);
  });
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"SERVING"})", "application/json");
  });
}

ConnectServer::~ConnectServer() { Stop(); }

bool ConnectServer::ApplyCors(const httplib::Request& req, httplib::Response& res) const {
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return true;
  const auto& allowed = options_.cors_origins;
  if (std::find(allowed.begin(), allowed.end(), origin) == allowed.end() &&
      std::find(allowed.begin(), allowed.end(), "*") == allowed.end()) {
    return false;
  }
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Vary", "Origin");
  res.set_header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, WWW-Authenticate");
  return true;
}

void ConnectServer::HandlePreflight(const httplib::Request& req, httplib::Response& res) const {
  res.status = 204;
  if (req.get_header_value("Origin").empty() || !ApplyCors(req, res)) return;
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers",
                 "Content-Type, Authorization, Connect-Protocol-Version, Connect-Timeout-Ms, "
                 "X-Request-Id, X-User-Agent");
  res.set_header("Access-Control-Max-Age", "7200");
}

void ConnectServer::HandleCall(const httplib::Request& req, httplib::Response& res) const {
  const absl::Time start = absl::Now();
  // A foreign origin still gets its answer; without CORS headers the browser withholds it.
  ApplyCors(req, res);
  Admission admission;
  grpc::Status status = Serve(gate_, req, start, &admission, res);
  if (!status.ok()) WriteError(status, res);
  LogCall("http", req.path, admission, status.error_code(), absl::Now() - start);
}

absl::StatusOr<int> ConnectServer::Start(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(absl::StrCat("--http_listen must be host:port, not ", address));
  }
  const std::string host = address.substr(0, colon);
  if (port == 0) {
    port = server_->bind_to_any_port(host);
    if (port <= 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  } else if (!server_->bind_to_port(host, port)) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return port;
}

void ConnectServer::Stop() {
  if (server_ != nullptr) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace collab::gateway
