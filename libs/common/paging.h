#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

// List paging per conventions.md: page_size default 50, maximum 500 (larger values coerced
// down, negative refused); page_token an opaque keyset cursor that is HMAC-checked and bound to
// the filters it was issued for.
namespace collab {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

absl::StatusOr<int> EffectivePageSize(int32_t requested);

class PageTokenCodec {
 public:
  // key: a secret of the service (the internal key), so clients cannot forge cursors.
  explicit PageTokenCodec(std::string key) : key_(std::move(key)) {}

  // filter_fingerprint: any string that changes when the request's filters change.
  std::string Encode(const std::vector<std::string>& last_key,
                     std::string_view filter_fingerprint) const;
  // Empty token → empty key (first page). A tampered token or one issued for other filters →
  // INVALID_ARGUMENT naming page_token.
  absl::StatusOr<std::vector<std::string>> Decode(std::string_view token,
                                                  std::string_view filter_fingerprint) const;

 private:
  std::string key_;
};

}  // namespace collab
