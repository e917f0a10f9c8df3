#include "services/gateway/rate_limiter.h"

#include <algorithm>

namespace collab::gateway {

void TokenBucket::Refill(absl::Time now) {
  if (now > last_) {
    tokens_ = std::min(burst_, tokens_ + absl::ToDoubleSeconds(now - last_) * rate_);
    last_ = now;
  }
}

absl::Duration TokenBucket::TryTake(absl::Time now) {
  absl::MutexLock lock(&mu_);
  Refill(now);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return absl::ZeroDuration();
  }
  // Round up to a whole millisecond so a client that waits exactly this long succeeds.
  return absl::Ceil(absl::Seconds((1.0 - tokens_) / rate_), absl::Milliseconds(1));
}

bool TokenBucket::IsFull(absl::Time now) {
  absl::MutexLock lock(&mu_);
  Refill(now);
  return tokens_ >= burst_;
}

std::shared_ptr<TokenBucket> RateLimiter::BucketFor(std::string_view key, absl::Time now) {
  if (!enabled()) return nullptr;
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(absl::string_view(key.data(), key.size()));
  if (it != buckets_.end()) return it->second;
  if (buckets_.size() >= options_.max_buckets) DropIdle(now);
  auto bucket = std::make_shared<TokenBucket>(options_.rate_per_second,
                                              std::max(1.0, options_.burst), now);
  buckets_.emplace(std::string(key), bucket);
  return bucket;
}

void RateLimiter::DropIdle(absl::Time now) {
  // A full bucket that no cached identity holds carries no state: a new one would be equal.
  // Buckets still held stay, so a principal cannot reset its bucket by churning the map.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (it->second.use_count() == 1 && it->second->IsFull(now)) {
      buckets_.erase(it++);
    } else {
      ++it;
    }
  }
}

size_t RateLimiter::size() const {
  absl::MutexLock lock(&mu_);
  return buckets_.size();
}

}  // namespace collab::gateway
