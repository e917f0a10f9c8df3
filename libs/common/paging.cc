#include "libs/common/paging.h"

#include "collab/common/v1/paging.pb.h"
#include "libs/common/crypto.h"
#include "libs/common/errors.h"

namespace collab {
namespace {
constexpr size_t kMacBytes = 16;  // truncated HMAC-SHA256: enough to refuse forged cursors
}

absl::StatusOr<int> EffectivePageSize(int32_t requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string PageTokenCodec::Encode(const std::vector<std::string>& last_key,
                                   std::string_view filter_fingerprint) const {
  collab::common::v1::PageCursor cursor;
  for (const auto& k : last_key) cursor.add_last_key(k);
  cursor.set_filter_fingerprint(crypto::Sha256(filter_fingerprint).substr(0, 8));
  std::string body = cursor.SerializeAsString();
  std::string mac = crypto::HmacSha256(key_, body).substr(0, kMacBytes);
  return crypto::Base64UrlEncode(mac + body);
}

absl::StatusOr<std::vector<std::string>> PageTokenCodec::Decode(
    std::string_view token, std::string_view filter_fingerprint) const {
  if (token.empty()) return std::vector<std::string>{};
  auto raw = crypto::Base64UrlDecode(token);
  if (!raw.ok() || raw->size() < kMacBytes) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  std::string_view mac = std::string_view(*raw).substr(0, kMacBytes);
  std::string_view body = std::string_view(*raw).substr(kMacBytes);
  if (!crypto::ConstantTimeEquals(mac, crypto::HmacSha256(key_, body).substr(0, kMacBytes))) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  collab::common::v1::PageCursor cursor;
  if (!cursor.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return InvalidField("page_token", "is not a token this service issued");
  }
  if (cursor.filter_fingerprint() != crypto::Sha256(filter_fingerprint).substr(0, 8)) {
    return InvalidField("page_token", "was issued for a request with other filters");
  }
  return std::vector<std::string>(cursor.last_key().begin(), cursor.last_key().end());
}

}  // namespace collab
