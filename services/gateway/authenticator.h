#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/jwt.h"
#include "services/gateway/identity.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/token_cache.h"

// Authentication (architecture.md, Security model): a bearer JWT for people and partner front
// ends, or a verified client certificate whose subject maps to an organisation for agency
// systems. The result is an Identity, cached per token until the token expires.
namespace collab::gateway {

// Certificate subject (as gRPC reports it, e.g. "CN=fk-integration,O=Forsakringskassan,C=SE")
// → organisation id.
using ClientSubjectMap = absl::flat_hash_map<std::string, std::string>;

// Reads a JSON object {"<subject>": "<organisation id>", ...}.
absl::StatusOr<ClientSubjectMap> LoadClientSubjects(const std::string& path);

// How long a principal minted from a client certificate is valid: certificates carry no
// per-call expiry, so backends get a short window.
inline constexpr absl::Duration kCertificatePrincipalTtl = absl::Minutes(5);

class Authenticator {
 public:
  // jwt may be null (bearer tokens refused); subjects may be empty (certificates refused).
  Authenticator(std::unique_ptr<auth::JwtVerifier> jwt, ClientSubjectMap subjects,
                RateLimiter& limiter, size_t token_cache_capacity);

  // authorization: the caller's "authorization" header or metadata ("Bearer <jwt>"), may be
  // empty. peer_subject: the subject of a client certificate the TLS layer verified, may be
  // empty. A bearer token wins when both are present. UNAUTHENTICATED with a helpful reason.
  absl::StatusOr<std::shared_ptr<const Identity>> Authenticate(std::string_view authorization,
                                                               std::string_view peer_subject,
                                                               absl::Time now);

  size_t cached_tokens() const { return cache_.size(); }

 private:
  absl::StatusOr<std::shared_ptr<const Identity>> FromToken(std::string_view token, absl::Time now);
  std::shared_ptr<TokenBucket> BucketFor(const auth::Principal& p, absl::Time now);

  std::unique_ptr<auth::JwtVerifier> jwt_;
  RateLimiter& limiter_;
  TokenCache cache_;
  // One identity per mapped certificate subject, built up front.
  absl::flat_hash_map<std::string, std::shared_ptr<const Identity>> certificates_;
};

}  // namespace collab::gateway
