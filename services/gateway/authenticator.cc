#include "services/gateway/authenticator.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/common/logging.h"
#include "nlohmann/json.hpp"

namespace collab::gateway {
namespace {

constexpr std::string_view kBearer = "bearer ";

}  // namespace

absl::StatusOr<ClientSubjectMap> LoadClientSubjects(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": expected a JSON object {\"<certificate subject>\": \"<organisation id>\"}"));
  }
  ClientSubjectMap out;
  for (auto& [subject, org] : doc.items()) {
    if (!org.is_string() || org.get<std::string>().empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": organisation id for \"", subject, "\" must be a non-empty string"));
    }
    out.emplace(subject, org.get<std::string>());
  }
  return out;
}

Authenticator::Authenticator(std::unique_ptr<auth::JwtVerifier> jwt, ClientSubjectMap subjects,
                             RateLimiter& limiter, size_t token_cache_capacity)
    : jwt_(std::move(jwt)), limiter_(limiter), cache_(token_cache_capacity) {
  const absl::Time now = absl::Now();
  for (auto& [subject, org] : subjects) {
    auto identity = std::make_shared<Identity>();
    identity->principal.set_subject(subject);
    identity->principal.set_organisation_id(org);
    identity->principal.add_roles(collab::common::v1::ROLE_AGENCY_SYSTEM);
    identity->expiry = absl::InfiniteFuture();
    identity->bucket = BucketFor(identity->principal, now);
    certificates_.emplace(subject, std::move(identity));
  }
}

std::shared_ptr<TokenBucket> Authenticator::BucketFor(const auth::Principal& p, absl::Time now) {
  if (!limiter_.enabled()) return nullptr;
  // Subject names are unique within an issuer's organisation; the separator cannot occur in
  // an organisation id.
  return limiter_.BucketFor(absl::StrCat(p.organisation_id(), "\n", p.subject()), now);
}

absl::StatusOr<std::shared_ptr<const Identity>> Authenticator::Authenticate(
    std::string_view authorization, std::string_view peer_subject, absl::Time now) {
  if (!authorization.empty()) {
    if (authorization.size() <= kBearer.size() ||
        !absl::EqualsIgnoreCase(absl::string_view(authorization.data(), kBearer.size()),
                                absl::string_view(kBearer.data(), kBearer.size()))) {
      return absl::UnauthenticatedError("authorization must be \"Bearer <token>\"");
    }
    absl::string_view token = absl::StripAsciiWhitespace(
        absl::string_view(authorization.data() + kBearer.size(), authorization.size() - kBearer.size()));
    return FromToken(std::string_view(token.data(), token.size()), now);
  }
  if (!peer_subject.empty()) {
    auto it = certificates_.find(absl::string_view(peer_subject.data(), peer_subject.size()));
    if (it == certificates_.end()) {
      // The subject is no secret; logging it tells operators what to put in the mapping file.
      log::Warn("client certificate not mapped", {{"subject", peer_subject}});
      return absl::UnauthenticatedError(
          "the client certificate is valid but not mapped to an organisation");
    }
    return it->second;
  }
  return absl::UnauthenticatedError(
      "no credential: send \"authorization: Bearer <token>\" or a client certificate");
}

absl::StatusOr<std::shared_ptr<const Identity>> Authenticator::FromToken(std::string_view token,
                                                                         absl::Time now) {
  if (jwt_ == nullptr) return absl::UnauthenticatedError("bearer tokens are not accepted here");
  if (auto cached = cache_.Find(token, now)) return cached;
  auto verified = jwt_->Verify(token, now);
  if (!verified.ok()) return verified.status();
  auto identity = std::make_shared<Identity>();
  identity->principal = std::move(verified->principal);
  identity->expiry = verified->expiry;
  identity->bucket = BucketFor(identity->principal, now);
  cache_.Insert(token, identity, now);
  return identity;
}

}  // namespace collab::gateway
