#include "services/gateway/token_cache.h"

#include <algorithm>

#include "libs/common/crypto.h"

namespace collab::gateway {

TokenCache::TokenCache(size_t capacity)
    : per_shard_(std::max<size_t>(1, (capacity + kShards - 1) / kShards)) {}

TokenCache::Shard& TokenCache::ShardFor(const std::string& digest) {
  return shards_[static_cast<unsigned char>(digest[0]) % kShards];
}

std::shared_ptr<const Identity> TokenCache::Find(std::string_view token, absl::Time now) {
  const std::string digest = crypto::Sha256(token);
  Shard& shard = ShardFor(digest);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.entries.find(digest);
  if (it == shard.entries.end()) return nullptr;
  if (it->second->expiry < now) {
    shard.entries.erase(it);
    return nullptr;
  }
  return it->second;
}

void TokenCache::Insert(std::string_view token, std::shared_ptr<const Identity> identity,
                        absl::Time now) {
  std::string digest = crypto::Sha256(token);
  Shard& shard = ShardFor(digest);
  absl::MutexLock lock(&shard.mu);
  if (shard.entries.size() >= per_shard_) MakeRoom(shard, per_shard_, now);
  shard.entries.insert_or_assign(std::move(digest), std::move(identity));
}

void TokenCache::MakeRoom(Shard& shard, size_t limit, absl::Time now) {
  for (auto it = shard.entries.begin(); it != shard.entries.end();) {
    if (it->second->expiry < now) {
      shard.entries.erase(it++);
    } else {
      ++it;
    }
  }
  // Still full of live tokens: drop the one expiring soonest (a linear scan, but only when a
  // shard is full of live tokens, which a cache sized for the caller population rarely is).
  while (shard.entries.size() >= limit) {
    auto victim = std::min_element(
        shard.entries.begin(), shard.entries.end(),
        [](const auto& a, const auto& b) { return a.second->expiry < b.second->expiry; });
    shard.entries.erase(victim);
  }
}

size_t TokenCache::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    absl::MutexLock lock(&s.mu);
    n += s.entries.size();
  }
  return n;
}

}  // namespace collab::gateway
