#include "libs/db/idempotency_purger.h"

#include <string>

#include "libs/common/logging.h"
#include "libs/db/idempotency.h"
#include "libs/db/transaction.h"

namespace collab::db {
namespace {

constexpr int kBatch = 1000;  // rows per transaction: short locks, bounded WAL per commit

}  // namespace

absl::StatusOr<int64_t> PurgeExpiredRequestIds(ConnectionPool& pool, absl::Duration retention,
                                               const PeriodicTask::StopQuery& stopping) {
  int64_t total = 0;
  while (!stopping()) {
    absl::StatusOr<int64_t> n = RunInTransaction<int64_t>(
        pool, {}, [&](pqxx::work& tx) { return PurgeIdempotency(tx, retention, kBatch); });
    if (!n.ok()) return n.status();
    total += *n;
    if (*n < kBatch) break;
  }
  return total;
}

IdempotencyPurger::IdempotencyPurger(ConnectionPool& pool, absl::Duration retention)
    : pool_(pool),
      retention_(retention),
      task_(retention > absl::ZeroDuration() ? absl::Hours(1) : absl::ZeroDuration(),
            [this](const PeriodicTask::StopQuery& stopping) { PurgeOnce(stopping); }) {}

void IdempotencyPurger::PurgeOnce(const PeriodicTask::StopQuery& stopping) {
  absl::StatusOr<int64_t> purged = PurgeExpiredRequestIds(pool_, retention_, stopping);
  if (!purged.ok()) {
    log::Warn("request id purge failed", {{"error", std::string(purged.status().message())}});
  } else if (*purged > 0) {
    log::Info("request ids purged", {{"deleted", std::to_string(*purged)}});
  }
}

}  // namespace collab::db
