#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

// The case service's secrets for personal data at rest (architecture.md, Security model):
//   --identity_key / --identity_key_file (env COLLAB_IDENTITY_KEY, COLLAB_IDENTITY_KEY_FILE):
//       AES-256-GCM key, 64 hex characters (32 bytes), for identity numbers, names, notes;
//   --lookup_key / --lookup_key_file (env COLLAB_LOOKUP_KEY, COLLAB_LOOKUP_KEY_FILE):
//       HMAC-SHA256 key, at least 64 hex characters, for the identity-number lookup hash.
// The two keys must differ: knowing the lookup key must not decrypt anything.
namespace collab::cases {

struct CaseKeys {
  std::string identity_key;  // 32 raw bytes
  std::string lookup_key;    // >= 32 raw bytes
};

// Reads the flags; FAILED_PRECONDITION naming the flag when a key is missing or malformed.
absl::StatusOr<CaseKeys> LoadCaseKeys();

// Hex text (surrounding whitespace ignored) → bytes; INVALID_ARGUMENT for anything else.
absl::StatusOr<std::string> DecodeHexKey(std::string_view hex);

// The fingerprint an idempotency record keeps of a request (db::IdempotentCreateWithFingerprint):
// an HMAC under the lookup key of its deterministic bytes. Requests hold personal text (identity
// numbers, notes, a consent's purpose) whose plain hash could be matched against guessed values.
std::string RequestFingerprint(const CaseKeys& keys, const google::protobuf::Message& request);

}  // namespace collab::cases
