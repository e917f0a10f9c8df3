#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/jwk.h"
#include "libs/auth/principal.h"
#include "nlohmann/json.hpp"

// JWT bearer tokens (RFC 7519) signed with RS256 or ES256 (architecture.md, Security model).
// Claims: iss, aud, exp (required), nbf (optional), sub, org (bare organisation id), roles
// (array of role names such as "CASE_WORKER"), optional unit and office.
namespace collab::auth {

struct JwtVerifierOptions {
  std::string issuer;
  std::string audience;
  // Tolerated clock skew for exp and nbf.
  absl::Duration leeway = absl::Seconds(30);
};

struct VerifiedToken {
  // subject, organisation_id, roles, unit_id, office_id and expire_time_unix (= exp) filled.
  Principal principal;
  absl::Time expiry;
};

class JwtVerifier {
 public:
  JwtVerifier(std::vector<Jwk> keys, JwtVerifierOptions options);

  // UNAUTHENTICATED with a reason that helps the caller (which check failed) but reveals
  // nothing about the keys. alg "none", HS* and anything but RS256/ES256 are refused; the key
  // named by kid must be of the algorithm the header names, so an RSA key can never be used
  // as an HMAC secret (algorithm confusion).
  absl::StatusOr<VerifiedToken> Verify(std::string_view token, absl::Time now) const;

 private:
  absl::flat_hash_map<std::string, Jwk> keys_;
  JwtVerifierOptions options_;
};

// Signs `claims` with `key` (RS256 for RSA, ES256 for EC P-256) under header kid. For the dev
// issuer (collabctl) and tests; the gateway never signs tokens.
absl::StatusOr<std::string> SignJwt(const nlohmann::json& claims, EVP_PKEY* key,
                                    std::string_view kid);

// Signs `header` and `claims` as given, for tests that need a token with a doctored header.
absl::StatusOr<std::string> SignJwtWithHeader(const nlohmann::json& header,
                                              const nlohmann::json& claims, EVP_PKEY* key);

}  // namespace collab::auth
