#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

// Small wrappers over OpenSSL used by principal signing, page tokens and idempotency hashes.
namespace collab::crypto {

std::string Sha256(std::string_view data);             // 32 raw bytes
std::string Sha256Hex(std::string_view data);          // 64 hex characters
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes
// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
std::string RandomBytes(size_t n);

// AES-256-GCM for personal data at rest (architecture.md: identity numbers stored encrypted).
// The result is nonce (12 random bytes) || ciphertext || tag (16 bytes); `associated_data` binds
// the ciphertext to its context (e.g. the case id) so it cannot be moved to another row.
// key: exactly 32 bytes, else INVALID_ARGUMENT.
absl::StatusOr<std::string> AesGcmEncrypt(std::string_view key, std::string_view plaintext,
                                          std::string_view associated_data);
// INVALID_ARGUMENT for a short blob, DATA_LOSS when the tag does not verify (altered data,
// wrong key or wrong associated data).
absl::StatusOr<std::string> AesGcmDecrypt(std::string_view key, std::string_view blob,
                                          std::string_view associated_data);

// Base64url without padding (RFC 4648 §5), as used in JWTs and page tokens.
std::string Base64UrlEncode(std::string_view data);
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

}  // namespace collab::crypto
