// Microbenchmarks of the crypto every case call does (libs/common/crypto): the identity number's
// lookup HMAC, AES-256-GCM of the personal columns both ways, and the audit row's SHA-256.
#include <benchmark/benchmark.h>

#include <string>

#include "libs/common/crypto.h"

namespace collab::crypto {
namespace {

const std::string kKey(32, 'k');
const std::string kIdentity = "198501011234";
const std::string kCaseId = "0b5a7c1e-0000-4000-8000-00000000be7c";

void BM_HmacSha256(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(HmacSha256(kKey, kIdentity));
}
BENCHMARK(BM_HmacSha256);

void BM_Sha256AuditRow(benchmark::State& state) {
  const std::string row(320, 'a');  // previous hash + a serialised audit event
  for (auto _ : state) benchmark::DoNotOptimize(Sha256(row));
}
BENCHMARK(BM_Sha256AuditRow);

void BM_AesGcmEncrypt(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(AesGcmEncrypt(kKey, kIdentity, kCaseId));
}
BENCHMARK(BM_AesGcmEncrypt);

void BM_AesGcmDecrypt(benchmark::State& state) {
  const std::string blob = *AesGcmEncrypt(kKey, kIdentity, kCaseId);
  for (auto _ : state) benchmark::DoNotOptimize(AesGcmDecrypt(kKey, blob, kCaseId));
}
BENCHMARK(BM_AesGcmDecrypt);

}  // namespace
}  // namespace collab::crypto

BENCHMARK_MAIN();
