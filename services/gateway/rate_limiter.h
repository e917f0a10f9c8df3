#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

// Per-principal rate limit (issue 3, Authorisation): a token bucket per subject within its
// organisation. Buckets are shared by every call of the principal; an identity holds its bucket
// so the hot path takes one small lock and no map lookup.
namespace collab::gateway {

class TokenBucket {
 public:
  TokenBucket(double rate_per_second, double burst, absl::Time now)
      : rate_(rate_per_second), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token and returns zero, or, when the bucket is empty, takes nothing and returns
  // how long until a token is available.
  absl::Duration TryTake(absl::Time now);
  // True when the bucket has been refilled completely, i.e. it remembers nothing.
  bool IsFull(absl::Time now);

 private:
  void Refill(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const double rate_;
  const double burst_;
  absl::Mutex mu_;
  double tokens_ ABSL_GUARDED_BY(mu_);
  absl::Time last_ ABSL_GUARDED_BY(mu_);
};

class RateLimiter {
 public:
  struct Options {
    // Sustained calls per second per principal; 0 turns the limit off.
    double rate_per_second = 0;
    double burst = 0;
    // Buckets kept before idle (full) ones are dropped.
    size_t max_buckets = 100000;
  };

  explicit RateLimiter(Options options) : options_(options) {}

  bool enabled() const { return options_.rate_per_second > 0; }
  // The bucket of `key` (created on first use); nullptr when the limit is off.
  std::shared_ptr<TokenBucket> BucketFor(std::string_view key, absl::Time now);
  size_t size() const;

 private:
  void DropIdle(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<TokenBucket>> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace collab::gateway
