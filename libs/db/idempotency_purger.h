#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/common/periodic_task.h"
#include "libs/db/pool.h"

// Deletes the request-id records (idempotency.h) older than `retention`, hourly, in batches of
// one transaction each, on a thread of its own. Every backend runs one (libs/rpc/service_main).
namespace collab::db {

// Purges until no record older than `retention` is left or `stopping` says so; how many went.
absl::StatusOr<int64_t> PurgeExpiredRequestIds(ConnectionPool& pool, absl::Duration retention,
                                               const PeriodicTask::StopQuery& stopping);

class IdempotencyPurger {
 public:
  // retention <= 0: request ids are kept for ever and nothing runs.
  IdempotencyPurger(ConnectionPool& pool, absl::Duration retention);

 private:
  void PurgeOnce(const PeriodicTask::StopQuery& stopping);

  ConnectionPool& pool_;
  const absl::Duration retention_;
  PeriodicTask task_;  // last: it may run as soon as it is made
};

}  // namespace collab::db
