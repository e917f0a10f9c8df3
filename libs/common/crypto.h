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

// Base64url without padding (RFC 4648 §5), as used in JWTs and page tokens.
std::string Base64UrlEncode(std::string_view data);
absl::StatusOr<std::string> Base64UrlDecode(std::string_view text);

}  // namespace collab::crypto
