// Microbenchmarks of the gateway's per-call work outside gRPC: admission with a cached token
// (hash, cache, rate bucket, policy, principal signing) and the access-log line. The issue asks
// that authentication, policy and signing be nearly free; this says how nearly.
#include <benchmark/benchmark.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/auth/jwt.h"
#include "libs/common/logging.h"
#include "services/gateway/access_log.h"
#include "services/gateway/admission.h"

namespace collab::gateway {
namespace {

constexpr char kMethod[] = "/collab.organisations.v1.OrganisationService/GetOrganisation";

struct Fixture {
  Fixture() {
    key = auth::GenerateEcP256Key();
    auto keys = auth::ParseJwks(nlohmann::json({{"keys", {*auth::PublicJwk(key.get(), "k")}}}).dump());
    authenticator = std::make_unique<Authenticator>(
        std::make_unique<auth::JwtVerifier>(*std::move(keys), auth::JwtVerifierOptions{"i", "a"}),
        ClientSubjectMap{}, limiter, 1000);
    routes = *RouteTable::Build({"127.0.0.1:1", "", "", ""});
    gate = std::make_unique<Gatekeeper>(*routes, *authenticator, signer, DeadlinePolicy{});
    nlohmann::json claims = {{"iss", "i"}, {"aud", "a"}, {"sub", "bench"},
                             {"org", "0b5a7c1e-0000-4000-8000-000000000001"}, {"roles", {"ANALYST"}},
                             {"exp", absl::ToUnixSeconds(absl::Now() + absl::Hours(1))}};
    bearer = "Bearer " + *auth::SignJwt(claims, key.get(), "k");
  }
  auth::PrivateKey key;
  RateLimiter limiter{{1e9, 1e9}};
  auth::PrincipalSigner signer = *auth::PrincipalSigner::Create(std::string(48, 'k'));
  std::unique_ptr<Authenticator> authenticator;
  std::unique_ptr<RouteTable> routes;
  std::unique_ptr<Gatekeeper> gate;
  std::string bearer;
};

Fixture& F() {
  static Fixture* f = new Fixture();
  return *f;
}

void BM_AdmitCachedToken(benchmark::State& state) {
  Fixture& f = F();
  for (auto _ : state) {
    Admission a;
    benchmark::DoNotOptimize(f.gate->Admit(kMethod, {f.bearer, {}, "req-1"}, absl::Now(), &a));
  }
}
BENCHMARK(BM_AdmitCachedToken);

void BM_AdmitCachedTokenNewRequestId(benchmark::State& state) {
  Fixture& f = F();
  for (auto _ : state) {
    Admission a;
    benchmark::DoNotOptimize(f.gate->Admit(kMethod, {f.bearer, {}, ""}, absl::Now(), &a));
  }
}
BENCHMARK(BM_AdmitCachedTokenNewRequestId);

void BM_VerifyTokenUncached(benchmark::State& state) {
  Fixture& f = F();
  auth::JwtVerifier verifier(*auth::ParseJwks(
      nlohmann::json({{"keys", {*auth::PublicJwk(f.key.get(), "k")}}}).dump()), {"i", "a"});
  const std::string token = f.bearer.substr(7);
  for (auto _ : state) benchmark::DoNotOptimize(verifier.Verify(token, absl::Now()));
}
BENCHMARK(BM_VerifyTokenUncached);

void BM_SignPrincipal(benchmark::State& state) {
  Fixture& f = F();
  auth::Principal p;
  p.set_subject("bench");
  p.set_organisation_id("0b5a7c1e-0000-4000-8000-000000000001");
  p.add_roles(collab::common::v1::ROLE_ANALYST);
  p.set_request_id("0b5a7c1e-0000-4000-8000-000000000002");
  for (auto _ : state) benchmark::DoNotOptimize(f.signer.Sign(p));
}
BENCHMARK(BM_SignPrincipal);

void BM_AccessLogLine(benchmark::State& state) {
  Fixture& f = F();
  Admission a;
  (void)f.gate->Admit(kMethod, {f.bearer, {}, "req-1"}, absl::Now(), &a);
  for (auto _ : state) {
    LogCall("grpc", kMethod, a, grpc::StatusCode::OK, absl::Microseconds(350));
  }
}
BENCHMARK(BM_AccessLogLine);

}  // namespace
}  // namespace collab::gateway

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);  // as the gateway does
  collab::log::Init("bench", "info");
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
