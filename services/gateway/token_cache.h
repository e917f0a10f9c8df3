#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/gateway/identity.h"

// Verified tokens, so each token is verified once until it expires (issue 3, Performance).
// Keyed by SHA-256 of the token: the cache never holds a usable credential. Bounded: when a
// shard is full, expired entries go first, then the ones expiring soonest.
namespace collab::gateway {

class TokenCache {
 public:
  explicit TokenCache(size_t capacity);

  // The identity for `token` when cached and not yet expired at `now`.
  std::shared_ptr<const Identity> Find(std::string_view token, absl::Time now);
  void Insert(std::string_view token, std::shared_ptr<const Identity> identity, absl::Time now);
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, std::shared_ptr<const Identity>> entries ABSL_GUARDED_BY(mu);
  };
  Shard& ShardFor(const std::string& digest);
  static void MakeRoom(Shard& shard, size_t limit, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace collab::gateway
