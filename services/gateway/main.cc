// collab-gateway: the one public entry of the suite (architecture.md, Security model).
// Authenticates callers (JWT bearer or client certificate), checks the method policy and the
// rate limit, signs the principal, and forwards each call by name to the owning backend over
// gRPC; the same path serves Connect JSON on its own port.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include "grpc/health/v1/health.pb.h"
#include "libs/auth/jwt.h"
#include "libs/auth/principal.h"
#include "libs/common/config.h"
#include "libs/common/logging.h"
#include "libs/rpc/server.h"
#include "services/gateway/access_log.h"
#include "services/gateway/admission.h"
#include "services/gateway/authenticator.h"
#include "services/gateway/connect_http.h"
#include "services/gateway/grpc_proxy.h"
#include "services/gateway/reflection_service.h"
#include "services/gateway/routes.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7100", "host:port for gRPC callers.");
ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "host:port for Connect JSON callers; empty turns the HTTP endpoint off.");
ABSL_FLAG(std::string, organisations_backend, "",
          "gRPC target of collab-organisations, e.g. dns:///collab-organisations:7101.");
ABSL_FLAG(std::string, cases_backend, "", "gRPC target of collab-cases.");
ABSL_FLAG(std::string, funding_backend, "", "gRPC target of collab-funding.");
ABSL_FLAG(std::string, reporting_backend, "", "gRPC target of collab-reporting.");
ABSL_FLAG(std::string, jwks_file, "", "JWKS file with the keys (by kid) that sign bearer tokens.");
ABSL_FLAG(std::string, jwt_issuer, "", "Required iss of bearer tokens.");
ABSL_FLAG(std::string, jwt_audience, "", "Required aud of bearer tokens.");
ABSL_FLAG(int, jwt_leeway_seconds, 30, "Clock skew tolerated on exp and nbf.");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate; serves gRPC over TLS when set.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle for client certificates (mTLS for agency systems).");
ABSL_FLAG(std::string, tls_client_subjects, "",
          "JSON file mapping client-certificate subjects to organisation ids; such callers get "
          "the AGENCY_SYSTEM role.");
ABSL_FLAG(int, default_deadline_ms, 30000, "Backend deadline when the caller sets none.");
ABSL_FLAG(int, max_deadline_ms, 300000, "Longest backend deadline; longer ones are cut.");
ABSL_FLAG(double, rate_limit_rps, 50, "Calls per second per principal; 0 turns the limit off.");
ABSL_FLAG(double, rate_limit_burst, 100, "Calls a principal may burst above the rate.");
ABSL_FLAG(int, token_cache_size, 10000, "Verified tokens kept until they expire.");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "Comma-separated browser origins allowed to call the JSON endpoint.");
ABSL_FLAG(int, http_threads, 16, "Threads serving the JSON endpoint.");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warn or error.");
ABSL_FLAG(bool, access_log, true, "Write one log line per call.");
ABSL_FLAG(int, shutdown_grace_seconds, 10, "How long running calls may finish on SIGTERM.");

namespace collab::gateway {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::unique_ptr<auth::JwtVerifier>> MakeJwtVerifier() {
  const std::string jwks = absl::GetFlag(FLAGS_jwks_file);
  if (jwks.empty()) return nullptr;
  if (absl::GetFlag(FLAGS_jwt_issuer).empty() || absl::GetFlag(FLAGS_jwt_audience).empty()) {
    return absl::FailedPreconditionError("--jwks_file needs --jwt_issuer and --jwt_audience");
  }
  auto keys = auth::LoadJwksFile(jwks);
  if (!keys.ok()) return keys.status();
  log::Info("bearer tokens accepted", {{"jwks_file", jwks}, {"keys", keys->size()},
                                       {"issuer", absl::GetFlag(FLAGS_jwt_issuer)}});
  return std::make_unique<auth::JwtVerifier>(
      *std::move(keys),
      auth::JwtVerifierOptions{absl::GetFlag(FLAGS_jwt_issuer), absl::GetFlag(FLAGS_jwt_audience),
                               absl::Seconds(absl::GetFlag(FLAGS_jwt_leeway_seconds))});
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials() {
  if (absl::GetFlag(FLAGS_tls_cert).empty()) return grpc::InsecureServerCredentials();
  auto cert = ReadFile(absl::GetFlag(FLAGS_tls_cert));
  if (!cert.ok()) return cert.status();
  auto key = ReadFile(absl::GetFlag(FLAGS_tls_key));
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!absl::GetFlag(FLAGS_tls_client_ca).empty()) {
    auto ca = ReadFile(absl::GetFlag(FLAGS_tls_client_ca));
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    // Requested, not required: people and front ends come with bearer tokens instead.
    options.client_certificate_request = GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

int Fail(std::string_view what, const absl::Status& status) {
  log::Error(what, {{"error", std::string(status.message())}});
  return 1;
}

int Run() {
  auto key = auth::LoadInternalKey();
  if (!key.ok()) return Fail("no internal key", key.status());
  auto signer = auth::PrincipalSigner::Create(*key);
  if (!signer.ok()) return Fail("bad internal key", signer.status());
  auto jwt = MakeJwtVerifier();
  if (!jwt.ok()) return Fail("cannot load JWT keys", jwt.status());
  ClientSubjectMap subjects;
  if (!absl::GetFlag(FLAGS_tls_client_subjects).empty()) {
    if (absl::GetFlag(FLAGS_tls_client_ca).empty()) {
      return Fail("bad TLS setup", absl::FailedPreconditionError(
                                       "--tls_client_subjects needs --tls_client_ca and --tls_cert"));
    }
    auto loaded = LoadClientSubjects(absl::GetFlag(FLAGS_tls_client_subjects));
    if (!loaded.ok()) return Fail("cannot load client subjects", loaded.status());
    subjects = *std::move(loaded);
  }
  if (*jwt == nullptr && subjects.empty()) {
    return Fail("no way to authenticate callers",
                absl::FailedPreconditionError(
                    "set --jwks_file (with --jwt_issuer, --jwt_audience) or --tls_client_subjects"));
  }
  const bool certificates = !subjects.empty();

  BackendTargets targets{absl::GetFlag(FLAGS_organisations_backend),
                         absl::GetFlag(FLAGS_cases_backend), absl::GetFlag(FLAGS_funding_backend),
                         absl::GetFlag(FLAGS_reporting_backend)};
  auto routes = RouteTable::Build(targets);
  if (!routes.ok()) return Fail("cannot build routes", routes.status());
  for (const auto& up : (*routes)->upstreams()) {
    log::Info("backend", {{"package", up->package()}, {"target", up->target()}});
  }

  RateLimiter limiter({absl::GetFlag(FLAGS_rate_limit_rps), absl::GetFlag(FLAGS_rate_limit_burst)});
  Authenticator authenticator(*std::move(jwt), std::move(subjects), limiter,
                              static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_token_cache_size))));
  Gatekeeper gate(**routes, authenticator, *signer,
                  {absl::Milliseconds(absl::GetFlag(FLAGS_default_deadline_ms)),
                   absl::Milliseconds(absl::GetFlag(FLAGS_max_deadline_ms))});
  SetAccessLogEnabled(absl::GetFlag(FLAGS_access_log));

  auto credentials = ServerCredentials();
  if (!credentials.ok()) return Fail("bad TLS setup", credentials.status());
  // Links the health messages so reflection can describe grpc.health.v1 too.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  std::vector<std::string> services = (*routes)->service_names();
  services.push_back("grpc.health.v1.Health");
  services.push_back("grpc.reflection.v1alpha.ServerReflection");
  ReflectionService reflection(services);
  GrpcProxy proxy(gate, certificates);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), *credentials, &port);
  builder.SetOption(std::make_unique<WithoutStockReflection>());
  builder.RegisterService(&reflection);
  builder.RegisterCallbackGenericService(&proxy);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return Fail("cannot start", absl::UnavailableError(
                                    absl::StrCat("cannot listen on ", absl::GetFlag(FLAGS_listen))));
  }
  server->GetHealthCheckService()->SetServingStatus(true);

  std::unique_ptr<ConnectServer> http;
  int http_port = 0;
  if (!absl::GetFlag(FLAGS_http_listen).empty()) {
    ConnectOptions options;
    options.cors_origins = absl::GetFlag(FLAGS_cors_origins);
    options.threads = absl::GetFlag(FLAGS_http_threads);
    http = std::make_unique<ConnectServer>(gate, options);
    auto bound = http->Start(absl::GetFlag(FLAGS_http_listen));
    if (!bound.ok()) return Fail("cannot start HTTP", bound.status());
    http_port = *bound;
  }
  log::Info("gateway listening", {{"grpc", absl::GetFlag(FLAGS_listen)},
                                  {"grpc_port", port},
                                  {"http", absl::GetFlag(FLAGS_http_listen)},
                                  {"http_port", http_port},
                                  {"tls", !absl::GetFlag(FLAGS_tls_cert).empty()}});

  const int sig = rpc::WaitForTerminationSignal();
  log::Info("stopping", {{"signal", sig}});
  server->GetHealthCheckService()->SetServingStatus(false);
  if (http != nullptr) http->Stop();
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds)));
  server->Wait();
  log::Info("stopped");
  return 0;
}

}  // namespace
}  // namespace collab::gateway

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every absl::Mutex (gRPC 1.51 locks with them too)
  // runs deadlock detection through one global graph: measured at several percent of the
  // gateway's CPU under load, and a global lock on each mutex created or destroyed.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  collab::rpc::BlockTerminationSignals();
  collab::config::Init(argc, argv,
                       "collab-gateway; every flag can also be set as COLLAB_<FLAG> in the environment");
  collab::log::Init("gateway", absl::GetFlag(FLAGS_log_level));
  return collab::gateway::Run();
}
