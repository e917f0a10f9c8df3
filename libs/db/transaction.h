#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include <pqxx/transaction>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/db/pool.h"

namespace collab::db {

enum class Isolation { kReadCommitted, kRepeatableRead, kSerializable };

struct TxOptions {
  Isolation isolation = Isolation::kReadCommitted;
  // Attempts in total, counting the first; serialization failures and
  // deadlocks are retried with jittered backoff, then ABORTED.
  int max_attempts = 5;
  // Becomes the session's statement_timeout (the remaining time, rounded up to
  // 250 ms; set only when it changes) and bounds the pool wait; already past ->
  // DEADLINE_EXCEEDED without touching the pool.
  absl::Time deadline = absl::InfiniteFuture();
  bool read_only = false;
};

// Runs `fn` in one transaction on a pooled connection and commits when it
// returns OK. A non-OK status from `fn` rolls back and is returned unchanged,
// except statuses for which IsRetryable() holds (see errors.h), which rerun
// `fn` like a serialization failure does. Exceptions thrown by `fn` or by
// libpqxx are mapped by StatusFromException(); none escape. A lost
// connection before commit is retried once on a fresh connection; lost
// during commit gives UNAVAILABLE (outcome unknown), never a retry.
//
// `fn` may run several times: keep side effects outside the database out of
// it. The isolation level is applied with SET TRANSACTION, so the callback
// always receives a pqxx::work.
absl::Status RunInTransaction(ConnectionPool& pool, const TxOptions& opts,
                              absl::FunctionRef<absl::Status(pqxx::work&)> fn);

// As above, for a callback producing a value: RunInTransaction<int64_t>(...).
template <class T>
absl::StatusOr<T> RunInTransaction(
    ConnectionPool& pool, const TxOptions& opts,
    std::type_identity_t<absl::FunctionRef<absl::StatusOr<T>(pqxx::work&)>>
        fn) {
  std::optional<T> result;
  absl::Status status =
      RunInTransaction(pool, opts, [&](pqxx::work& tx) -> absl::Status {
        absl::StatusOr<T> r = fn(tx);
        if (!r.ok()) return r.status();
        result = *std::move(r);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return *std::move(result);
}

}  // namespace collab::db
