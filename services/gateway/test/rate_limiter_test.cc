#include "services/gateway/rate_limiter.h"

#include <gtest/gtest.h>

namespace collab::gateway {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

TEST(TokenBucketTest, AllowsBurstThenRefillsAtRate) {
  TokenBucket bucket(/*rate_per_second=*/10, /*burst=*/3, kT0);
  EXPECT_EQ(bucket.TryTake(kT0), absl::ZeroDuration());
  EXPECT_EQ(bucket.TryTake(kT0), absl::ZeroDuration());
  EXPECT_EQ(bucket.TryTake(kT0), absl::ZeroDuration());
  // Empty: one token comes back after 100 ms at 10/s.
  EXPECT_EQ(bucket.TryTake(kT0), absl::Milliseconds(100));
  EXPECT_EQ(bucket.TryTake(kT0 + absl::Milliseconds(50)), absl::Milliseconds(50));
  EXPECT_EQ(bucket.TryTake(kT0 + absl::Milliseconds(100)), absl::ZeroDuration());
  EXPECT_GT(bucket.TryTake(kT0 + absl::Milliseconds(100)), absl::ZeroDuration());
}

TEST(TokenBucketTest, NeverHoldsMoreThanBurst) {
  TokenBucket bucket(10, 2, kT0);
  const absl::Time later = kT0 + absl::Hours(1);
  EXPECT_TRUE(bucket.IsFull(later));
  EXPECT_EQ(bucket.TryTake(later), absl::ZeroDuration());
  EXPECT_EQ(bucket.TryTake(later), absl::ZeroDuration());
  EXPECT_GT(bucket.TryTake(later), absl::ZeroDuration());
}

TEST(TokenBucketTest, ClockGoingBackwardsAddsNothing) {
  TokenBucket bucket(1, 1, kT0);
  EXPECT_EQ(bucket.TryTake(kT0), absl::ZeroDuration());
  EXPECT_GT(bucket.TryTake(kT0 - absl::Seconds(10)), absl::ZeroDuration());
}

TEST(RateLimiterTest, OffWhenRateIsZero) {
  RateLimiter limiter({0, 0});
  EXPECT_FALSE(limiter.enabled());
  EXPECT_EQ(limiter.BucketFor("a", kT0), nullptr);
}

TEST(RateLimiterTest, OneBucketPerKey) {
  RateLimiter limiter({5, 5});
  auto a = limiter.BucketFor("org\nanna", kT0);
  EXPECT_EQ(a, limiter.BucketFor("org\nanna", kT0));
  EXPECT_NE(a, limiter.BucketFor("org\nbo", kT0));
  EXPECT_EQ(limiter.size(), 2u);
}

TEST(RateLimiterTest, DropsOnlyIdleUnheldBucketsWhenFull) {
  RateLimiter limiter({1, 1, /*max_buckets=*/2});
  auto held = limiter.BucketFor("held", kT0);
  held->TryTake(kT0);
  limiter.BucketFor("idle", kT0);
  limiter.BucketFor("third", kT0);  // map full: "idle" goes, "held" stays
  EXPECT_EQ(limiter.size(), 2u);
  EXPECT_EQ(held, limiter.BucketFor("held", kT0));
}

}  // namespace
}  // namespace collab::gateway
