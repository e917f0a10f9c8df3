#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "collab/common/v1/principal.pb.h"

// The signed principal that travels from the gateway (or a calling service) to a backend
// (architecture.md, Security model): the serialised Principal in one binary metadata entry and
// its HMAC-SHA256 under the internal key in another.
namespace collab::auth {

using collab::common::v1::Principal;
using collab::common::v1::Role;

inline constexpr char kPrincipalMetadataKey[] = "x-collab-principal-bin";
inline constexpr char kPrincipalSignatureMetadataKey[] = "x-collab-principal-sig-bin";
inline constexpr char kRequestIdMetadataKey[] = "x-request-id";

// Minimum internal key length: HMAC-SHA256 keys shorter than the hash weaken it.
inline constexpr size_t kMinInternalKeyBytes = 32;

// Clock skew tolerated on expire_time_unix (the gateway's default JWT leeway).
inline constexpr absl::Duration kPrincipalExpiryLeeway = absl::Seconds(30);

struct SignedPrincipal {
  std::string bytes;
  std::string signature;
};

class PrincipalSigner {
 public:
  // Fails (INVALID_ARGUMENT) for a key shorter than kMinInternalKeyBytes.
  static absl::StatusOr<PrincipalSigner> Create(std::string internal_key);

  SignedPrincipal Sign(const Principal& principal) const;
  // UNAUTHENTICATED when the signature does not match, the bytes do not parse, the principal
  // has no role or has expired at `now`.
  absl::StatusOr<Principal> Verify(std::string_view bytes, std::string_view signature,
                                   absl::Time now) const;

 private:
  explicit PrincipalSigner(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

bool HasRole(const Principal& principal, Role role);
// "CASE_WORKER" for ROLE_CASE_WORKER; used in logs and tokens.
std::string_view RoleName(Role role);
// Accepts "CASE_WORKER" or "ROLE_CASE_WORKER"; ROLE_UNSPECIFIED when unknown.
Role RoleFromName(std::string_view name);

// Reads the internal key from the --internal_key flag (env COLLAB_INTERNAL_KEY), or from the file
// named by --internal_key_file (env COLLAB_INTERNAL_KEY_FILE).
absl::StatusOr<std::string> LoadInternalKey();

}  // namespace collab::auth
