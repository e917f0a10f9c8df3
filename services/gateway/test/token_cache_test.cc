#include "services/gateway/token_cache.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace collab::gateway {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

std::shared_ptr<const Identity> IdentityUntil(absl::Time expiry, std::string subject = "anna") {
  auto id = std::make_shared<Identity>();
  id->principal.set_subject(std::move(subject));
  id->expiry = expiry;
  return id;
}

TEST(TokenCacheTest, FindsUntilExpiry) {
  TokenCache cache(100);
  cache.Insert("tok", IdentityUntil(kT0 + absl::Minutes(5)), kT0);
  ASSERT_NE(cache.Find("tok", kT0), nullptr);
  EXPECT_EQ(cache.Find("tok", kT0)->principal.subject(), "anna");
  EXPECT_EQ(cache.Find("other", kT0), nullptr);
  EXPECT_NE(cache.Find("tok", kT0 + absl::Minutes(5)), nullptr);
  EXPECT_EQ(cache.Find("tok", kT0 + absl::Minutes(5) + absl::Seconds(1)), nullptr);
  EXPECT_EQ(cache.size(), 0u);  // the expired entry was dropped
}

TEST(TokenCacheTest, StaysBounded) {
  TokenCache cache(32);
  for (int i = 0; i < 1000; ++i) {
    cache.Insert(absl::StrCat("token-", i), IdentityUntil(kT0 + absl::Minutes(i + 1)), kT0);
  }
  EXPECT_LE(cache.size(), 32u);
  // The newest token (latest expiry) survives; the earliest-expiring were evicted.
  EXPECT_NE(cache.Find("token-999", kT0), nullptr);
  EXPECT_EQ(cache.Find("token-0", kT0), nullptr);
}

TEST(TokenCacheTest, ExpiredEntriesGoFirst) {
  TokenCache cache(16);  // one entry per shard
  for (int i = 0; i < 200; ++i) {
    cache.Insert(absl::StrCat("old-", i), IdentityUntil(kT0 + absl::Seconds(1)), kT0);
  }
  const absl::Time later = kT0 + absl::Minutes(1);
  cache.Insert("fresh", IdentityUntil(later + absl::Hours(1)), later);
  EXPECT_NE(cache.Find("fresh", later), nullptr);
}

}  // namespace
}  // namespace collab::gateway
