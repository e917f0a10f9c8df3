#include "services/cases/keys.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"
#include "libs/db/idempotent_create.h"

ABSL_FLAG(std::string, identity_key, "",
          "AES-256-GCM key for personal data at rest, 64 hex characters (prefer the _file form).");
ABSL_FLAG(std::string, identity_key_file, "", "File holding --identity_key.");
ABSL_FLAG(std::string, lookup_key, "",
          "HMAC-SHA256 key for the identity-number lookup hash, at least 64 hex characters.");
ABSL_FLAG(std::string, lookup_key_file, "", "File holding --lookup_key.");

namespace collab::cases {
namespace {

absl::StatusOr<std::string> FlagOrFile(const std::string& value, const std::string& path,
                                       const char* flag) {
  if (!value.empty()) return value;
  if (path.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no ", flag, ": set --", flag, " or --", flag, "_file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read --", flag, "_file"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

absl::StatusOr<std::string> DecodeHexKey(std::string_view hex) {
  std::string text(absl::StripAsciiWhitespace(absl::string_view(hex.data(), hex.size())));
  if (text.empty() || text.size() % 2 != 0) return absl::InvalidArgumentError("not hex");
  for (char c : text) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("not hex");
    }
  }
  return absl::HexStringToBytes(text);
}

absl::StatusOr<CaseKeys> LoadCaseKeys() {
  CaseKeys keys;
  auto identity = FlagOrFile(absl::GetFlag(FLAGS_identity_key),
                             absl::GetFlag(FLAGS_identity_key_file), "identity_key");
  if (!identity.ok()) return identity.status();
  auto id_bytes = DecodeHexKey(*identity);
  if (!id_bytes.ok() || id_bytes->size() != 32) {
    return absl::FailedPreconditionError("identity_key must be 64 hex characters (32 bytes)");
  }
  auto lookup = FlagOrFile(absl::GetFlag(FLAGS_lookup_key), absl::GetFlag(FLAGS_lookup_key_file),
                           "lookup_key");
  if (!lookup.ok()) return lookup.status();
  auto lookup_bytes = DecodeHexKey(*lookup);
  if (!lookup_bytes.ok() || lookup_bytes->size() < 32) {
    return absl::FailedPreconditionError("lookup_key must be at least 64 hex characters");
  }
  if (*lookup_bytes == *id_bytes) {
    return absl::FailedPreconditionError("lookup_key must differ from identity_key");
  }
  keys.identity_key = *std::move(id_bytes);
  keys.lookup_key = *std::move(lookup_bytes);
  return keys;
}

std::string RequestFingerprint(const CaseKeys& keys, const google::protobuf::Message& request) {
  return crypto::HmacSha256(keys.lookup_key, db::DeterministicBytes(request));
}

}  // namespace collab::cases
