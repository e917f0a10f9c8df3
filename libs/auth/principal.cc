#include "libs/auth/principal.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "libs/common/crypto.h"

ABSL_FLAG(std::string, internal_key, "",
          "Key (at least 32 bytes) that signs principals between gateway and services.");
ABSL_FLAG(std::string, internal_key_file, "",
          "File holding the internal key; used when --internal_key is empty.");

namespace collab::auth {

absl::StatusOr<PrincipalSigner> PrincipalSigner::Create(std::string internal_key) {
  if (internal_key.size() < kMinInternalKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("internal key must be at least ", kMinInternalKeyBytes, " bytes"));
  }
  return PrincipalSigner(std::move(internal_key));
}

SignedPrincipal PrincipalSigner::Sign(const Principal& principal) const {
  SignedPrincipal out;
  out.bytes = principal.SerializeAsString();
  out.signature = crypto::HmacSha256(key_, out.bytes);
  return out;
}

absl::StatusOr<Principal> PrincipalSigner::Verify(std::string_view bytes,
                                                  std::string_view signature,
                                                  absl::Time now) const {
  if (bytes.empty() || signature.empty()) {
    return absl::UnauthenticatedError("missing principal");
  }
  if (!crypto::ConstantTimeEquals(signature, crypto::HmacSha256(key_, bytes))) {
    return absl::UnauthenticatedError("principal signature does not verify");
  }
  Principal principal;
  if (!principal.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::UnauthenticatedError("principal does not parse");
  }
  if (principal.roles_size() == 0) return absl::UnauthenticatedError("principal has no role");
  // The same clock-skew leeway the gateway gives a token's exp, so a token it still accepts
  // never yields a principal the backend refuses.
  if (principal.expire_time_unix() != 0 &&
      absl::FromUnixSeconds(principal.expire_time_unix()) + kPrincipalExpiryLeeway < now) {
    return absl::UnauthenticatedError("principal has expired");
  }
  return principal;
}

bool HasRole(const Principal& principal, Role role) {
  for (int r : principal.roles()) {
    if (r == role) return true;
  }
  return false;
}

std::string_view RoleName(Role role) {
  // Role_Name returns a reference to a string that lives as long as the descriptor pool.
  std::string_view full = collab::common::v1::Role_Name(role);
  if (full.substr(0, 5) == "ROLE_") full.remove_prefix(5);
  return full;
}

Role RoleFromName(std::string_view name) {
  Role role = collab::common::v1::ROLE_UNSPECIFIED;
  std::string full = name.substr(0, 5) == "ROLE_" ? std::string(name) : "ROLE_" + std::string(name);
  if (!collab::common::v1::Role_Parse(full, &role)) return collab::common::v1::ROLE_UNSPECIFIED;
  return role;
}

absl::StatusOr<std::string> LoadInternalKey() {
  std::string key = absl::GetFlag(FLAGS_internal_key);
  if (key.empty()) {
    const std::string path = absl::GetFlag(FLAGS_internal_key_file);
    if (path.empty()) {
      return absl::FailedPreconditionError(
          "no internal key: set --internal_key / COLLAB_INTERNAL_KEY or --internal_key_file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
    std::stringstream buffer;
    buffer << in.rdbuf();
    key = std::string(absl::StripAsciiWhitespace(buffer.str()));
  }
  if (key.size() < kMinInternalKeyBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat("internal key must be at least ", kMinInternalKeyBytes, " bytes"));
  }
  return key;
}

}  // namespace collab::auth
