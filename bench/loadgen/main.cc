// loadgen: a closed-loop load generator for any unary method of the suite (issue 3,
// Performance). N callers each keep exactly one call in flight: a caller sends its next call
// when the previous answers, so throughput and latency are those the server sustains.
//
//   loadgen --target 127.0.0.1:7100 --callers 8 --duration 10s --token "$TOKEN"
//       --method /collab.organisations.v1.OrganisationService/GetOrganisation
//       --request '{"name":"organisations/…"}'                (one command line)
//
// Straight to a backend, sign a principal with the internal key instead of a token:
//   --principal_key_file .local/internal.key --principal_role ADMIN
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/ascii.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include "libs/auth/principal.h"
#include "libs/common/config.h"
#include "services/gateway/connect_codec.h"
#include "services/gateway/routes.h"

ABSL_FLAG(std::string, target, "127.0.0.1:7100", "gRPC target.");
ABSL_FLAG(std::string, method, "", "Full method name, /package.Service/Method.");
ABSL_FLAG(std::string, request, "{}", "Request message as proto3 JSON.");
ABSL_FLAG(std::string, requests_file, "",
          "Requests as proto3 JSON, one per line, instead of --request: caller i sends line i, "
          "then every following line in turn (so callers do not all hit one row).");
ABSL_FLAG(std::string, token, "", "Bearer token sent as authorization metadata.");
ABSL_FLAG(std::string, principal_key_file, "",
          "Internal key file: sign a principal (for calls straight to a backend).");
ABSL_FLAG(std::string, principal_role, "ADMIN", "Role of the signed principal.");
ABSL_FLAG(int, callers, 1, "Concurrent callers, each with one call in flight.");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "How long to measure (when --count is 0).");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1), "Calls before measuring starts (discarded).");
ABSL_FLAG(int64_t, count, 0, "Total measured calls instead of a duration.");
ABSL_FLAG(int, channels, 1, "Channels (HTTP/2 connections) the callers share round robin.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(5), "Deadline of each call.");
ABSL_FLAG(std::string, label, "", "Printed first on the result line.");

namespace {

struct Shared {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  std::string method;
  std::vector<grpc::ByteBuffer> requests;
  std::vector<std::pair<std::string, std::string>> metadata;
  absl::Duration timeout;
  absl::Time measure_from;
  absl::Time stop_at;
  int64_t count_limit = 0;
  std::atomic<int64_t> measured{0};
  std::atomic<int> running{0};
  absl::Notification all_done;
};

// One caller: a chain of calls, each started from the previous one's callback.
class Caller {
 public:
  Caller(Shared& shared, grpc::GenericStub& stub, size_t first_request)
      : shared_(shared), stub_(stub), next_request_(first_request % shared.requests.size()) {}

  void Start() { Next(); }
  const std::vector<double>& latencies_us() const { return latencies_us_; }
  int64_t errors() const { return errors_; }
  const std::string& last_error() const { return last_error_; }

 private:
  void Next() {
    const absl::Time now = absl::Now();
    const bool by_count = shared_.count_limit > 0;
    if ((!by_count && now >= shared_.stop_at) ||
        (by_count && shared_.measured.load(std::memory_order_relaxed) >= shared_.count_limit)) {
      if (shared_.running.fetch_sub(1) == 1) shared_.all_done.Notify();
      return;
    }
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(absl::ToChronoTime(now + shared_.timeout));
    for (const auto& [k, v] : shared_.metadata) context_->AddMetadata(k, v);
    start_ = now;
    grpc::ByteBuffer* request = &shared_.requests[next_request_];
    next_request_ = (next_request_ + 1) % shared_.requests.size();
    stub_.UnaryCall(context_.get(), shared_.method, grpc::StubOptions(), request,
                    &response_, [this](grpc::Status s) { Done(s); });
  }

  void Done(const grpc::Status& status) {
    const absl::Time end = absl::Now();
    if (start_ >= shared_.measure_from) {
      if (status.ok()) {
        latencies_us_.push_back(absl::ToDoubleMicroseconds(end - start_));
        shared_.measured.fetch_add(1, std::memory_order_relaxed);
      } else {
        ++errors_;
        last_error_ = std::to_string(status.error_code()) + " " + status.error_message();
      }
    }
    Next();
  }

  Shared& shared_;
  grpc::GenericStub& stub_;
  size_t next_request_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer response_;
  absl::Time start_;
  std::vector<double> latencies_us_;
  int64_t errors_ = 0;
  std::string last_error_;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * (sorted.size() - 1) + 0.5));
  return sorted[i];
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "loadgen: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // As in the gateway: no Abseil deadlock detection (Debian's Abseil is built without NDEBUG).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  collab::config::Init(argc, argv, "loadgen --target HOST:PORT --method /pkg.Service/Method ...");
  const std::string method = absl::GetFlag(FLAGS_method);
  auto routes = collab::gateway::RouteTable::Build({});
  if (!routes.ok()) return Fail(std::string(routes.status().message()));
  const collab::gateway::Route* route = (*routes)->Find(method);
  if (route == nullptr) return Fail("unknown method " + method);
  if (route->server_streaming || route->client_streaming) return Fail("only unary methods");
  std::vector<std::string> json_requests;
  if (absl::GetFlag(FLAGS_requests_file).empty()) {
    json_requests.push_back(absl::GetFlag(FLAGS_request));
  } else {
    std::ifstream in(absl::GetFlag(FLAGS_requests_file));
    if (!in) return Fail("cannot read " + absl::GetFlag(FLAGS_requests_file));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) json_requests.push_back(line);
    }
    if (json_requests.empty()) return Fail("no requests in " + absl::GetFlag(FLAGS_requests_file));
  }

  Shared shared;
  shared.method = method;
  for (const std::string& json : json_requests) {
    auto bytes = collab::gateway::JsonToBinary(*route->request_prototype, json);
    if (!bytes.ok()) return Fail(std::string(bytes.status().message()));
    grpc::Slice slice(*bytes);
    shared.requests.emplace_back(&slice, 1);
  }
  shared.timeout = absl::GetFlag(FLAGS_timeout);
  shared.count_limit = absl::GetFlag(FLAGS_count);
  if (!absl::GetFlag(FLAGS_token).empty()) {
    shared.metadata.emplace_back("authorization", "Bearer " + absl::GetFlag(FLAGS_token));
  }
  if (!absl::GetFlag(FLAGS_principal_key_file).empty()) {
    std::ifstream in(absl::GetFlag(FLAGS_principal_key_file), std::ios::binary);
    std::stringstream key;
    key << in.rdbuf();
    auto signer = collab::auth::PrincipalSigner::Create(
        std::string(absl::StripAsciiWhitespace(key.str())));
    if (!signer.ok()) return Fail(std::string(signer.status().message()));
    collab::auth::Principal p;
    p.set_subject("loadgen");
    p.add_roles(collab::auth::RoleFromName(absl::GetFlag(FLAGS_principal_role)));
    p.set_expire_time_unix(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
    auto signed_principal = signer->Sign(p);
    shared.metadata.emplace_back(collab::auth::kPrincipalMetadataKey, signed_principal.bytes);
    shared.metadata.emplace_back(collab::auth::kPrincipalSignatureMetadataKey,
                                 signed_principal.signature);
  }
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    grpc::ChannelArguments args;
    // Separate connections, not one shared subchannel.
    args.SetInt("collab.loadgen.channel", i);
    shared.stubs.push_back(std::make_unique<grpc::GenericStub>(grpc::CreateCustomChannel(
        absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials(), args)));
  }

  const int n = std::max(1, absl::GetFlag(FLAGS_callers));
  std::vector<std::unique_ptr<Caller>> callers;
  for (int i = 0; i < n; ++i) {
    callers.push_back(std::make_unique<Caller>(shared, *shared.stubs[i % shared.stubs.size()], i));
  }
  const absl::Time start = absl::Now();
  shared.measure_from = start + absl::GetFlag(FLAGS_warmup);
  shared.stop_at = shared.measure_from + absl::GetFlag(FLAGS_duration);
  if (shared.count_limit > 0) shared.stop_at = absl::InfiniteFuture();
  shared.running = n;
  for (auto& c : callers) c->Start();
  shared.all_done.WaitForNotification();
  const absl::Duration measured_for =
      (shared.count_limit > 0 ? absl::Now() : shared.stop_at) - shared.measure_from;

  std::vector<double> all;
  int64_t errors = 0;
  std::string last_error;
  for (const auto& c : callers) {
    all.insert(all.end(), c->latencies_us().begin(), c->latencies_us().end());
    errors += c->errors();
    if (!c->last_error().empty()) last_error = c->last_error();
  }
  std::sort(all.begin(), all.end());
  const double rps = all.size() / absl::ToDoubleSeconds(measured_for);
  std::printf("%s callers=%d ok=%zu errors=%lld rps=%.0f p50_us=%.0f p95_us=%.0f p99_us=%.0f\n",
              absl::GetFlag(FLAGS_label).c_str(), n, all.size(), static_cast<long long>(errors), rps,
              Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99));
  if (errors > 0) std::fprintf(stderr, "loadgen: last error: %s\n", last_error.c_str());
  return all.empty() ? 1 : 0;
}
