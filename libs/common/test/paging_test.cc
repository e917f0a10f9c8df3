#include "libs/common/paging.h"

#include <gtest/gtest.h>

#include "libs/common/crypto.h"

namespace collab {
namespace {

TEST(PageSizeTest, DefaultMaximumAndNegative) {
  EXPECT_EQ(*EffectivePageSize(0), 50);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(10000), 500);
  auto negative = EffectivePageSize(-1);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("page_size"), std::string::npos);
}

TEST(PageTokenTest, RoundTrip) {
  PageTokenCodec codec("secret");
  std::string token = codec.Encode({"Arvika kommun", "id-1"}, "kind=1");
  auto key = codec.Decode(token, "kind=1");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, (std::vector<std::string>{"Arvika kommun", "id-1"}));
  EXPECT_TRUE(codec.Decode("", "kind=1")->empty());
}

TEST(PageTokenTest, RefusesOtherFiltersTamperingAndOtherKeys) {
  PageTokenCodec codec("secret");
  std::string token = codec.Encode({"a"}, "kind=1");
  EXPECT_EQ(codec.Decode(token, "kind=2").status().code(), absl::StatusCode::kInvalidArgument);
  std::string raw = *crypto::Base64UrlDecode(token);
  raw.back() ^= 1;
  EXPECT_FALSE(codec.Decode(crypto::Base64UrlEncode(raw), "kind=1").ok());
  EXPECT_FALSE(PageTokenCodec("other").Decode(token, "kind=1").ok());
  EXPECT_FALSE(codec.Decode("!!", "kind=1").ok());
}

}  // namespace
}  // namespace collab
