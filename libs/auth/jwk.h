#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

// JSON Web Keys (RFC 7517) for the two algorithms the gateway accepts: RSA keys for RS256 and
// EC P-256 keys for ES256. OpenSSL 3 EVP APIs only (no deprecated RSA_/EC_KEY calls).
namespace collab::auth {

enum class JwtAlg { kRs256, kEs256 };

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
// Shared because one verification key serves every call that names its kid.
using PublicKey = std::shared_ptr<EVP_PKEY>;
using PrivateKey = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

struct Jwk {
  std::string kid;
  JwtAlg alg;
  PublicKey key;
};

// Parses {"keys": [...]}. Every key must have a kid and be RSA (n, e; at least 2048 bits) or
// EC P-256 (x, y); keys marked "use": "enc" are skipped. A key naming an "alg" other than the
// one its type implies is refused, so a key cannot be used with a weaker algorithm.
absl::StatusOr<std::vector<Jwk>> ParseJwks(std::string_view json_text);
absl::StatusOr<std::vector<Jwk>> LoadJwksFile(const std::string& path);

// The public half of `key` as a JWK with `kid` and the matching "alg".
absl::StatusOr<nlohmann::json> PublicJwk(EVP_PKEY* key, std::string_view kid);

// The algorithm a key signs with; INVALID_ARGUMENT for other key types or curves.
absl::StatusOr<JwtAlg> AlgForKey(EVP_PKEY* key);
std::string_view AlgName(JwtAlg alg);

PrivateKey GenerateEcP256Key();
PrivateKey GenerateRsaKey(int bits);
// PKCS#8 PEM.
std::string PrivateKeyToPem(EVP_PKEY* key);
absl::StatusOr<PrivateKey> PrivateKeyFromPem(std::string_view pem);

}  // namespace collab::auth
