#include "libs/db/transaction.h"

#include <algorithm>
#include <random>
#include <string>

#include <pqxx/pqxx>
#include <pqxx/except>

#include "absl/strings/str_cat.h"
#include "libs/db/errors.h"

namespace collab::db {
namespace {

const char* SetTransactionSql(const TxOptions& opts) {
  switch (opts.isolation) {
    case Isolation::kSerializable:
      return opts.read_only
                 ? "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE READ ONLY"
                 : "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
    case Isolation::kRepeatableRead:
      return opts.read_only
                 ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                 : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    case Isolation::kReadCommitted:
      return opts.read_only ? "SET TRANSACTION READ ONLY" : nullptr;
  }
  return nullptr;
}

// Full jitter over an exponential base (5, 10, 20 ... ms, capped at 200 ms),
// never sleeping past the deadline.
void Backoff(int attempt, absl::Time deadline) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int64_t cap_ms = std::min<int64_t>(200, int64_t{5} << std::min(attempt, 6));
  std::uniform_int_distribution<int64_t> dist(1, cap_ms);
  absl::Duration d = absl::Milliseconds(dist(rng));
  d = std::min(d, deadline - absl::Now());
  if (d > absl::ZeroDuration()) absl::SleepFor(d);
}

absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError("deadline passed before the transaction");
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, const TxOptions& opts,
                              absl::FunctionRef<absl::Status(pqxx::work&)> fn) {
  const int max_attempts = std::max(1, opts.max_attempts);
  bool reconnected = false;
  absl::Status last;
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    if (absl::Now() >= opts.deadline) return DeadlinePassed();
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(opts.deadline);
    if (!lease.ok()) return lease.status();
    bool committing = false;
    try {
      pqxx::work tx(**lease);
      // Both settings go in one round trip: they sit on every request's path.
      std::string settings;
      if (const char* set = SetTransactionSql(opts)) settings = absl::StrCat(set, ";");
      if (opts.deadline != absl::InfiniteFuture()) {
        const int64_t ms = absl::ToInt64Milliseconds(opts.deadline - absl::Now());
        if (ms <= 0) return DeadlinePassed();  // tx destructor rolls back.
        absl::StrAppend(&settings, "SET LOCAL statement_timeout = ", ms);
      }
      if (!settings.empty()) tx.exec(settings);
      absl::Status status = fn(tx);
      if (!status.ok()) {
        tx.abort();
        if (!IsRetryable(status)) return status;
        last = std::move(status);
        if (attempt < max_attempts) Backoff(attempt, opts.deadline);
        continue;
      }
      committing = true;
      tx.commit();
      return absl::OkStatus();
    } catch (const pqxx::in_doubt_error& e) {
      lease->MarkBroken();
      return StatusFromException(e);
    } catch (const pqxx::broken_connection& e) {
      lease->MarkBroken();
      absl::Status status = StatusFromException(e);
      // A commit cut off may or may not have happened: never rerun it.
      if (committing) {
        return absl::UnavailableError(absl::StrCat(
            "transaction outcome unknown (connection lost during commit): ",
            status.message()));
      }
      if (reconnected || attempt == max_attempts) return status;
      reconnected = true;
      last = std::move(status);
    } catch (const std::exception& e) {
      absl::Status status = StatusFromException(e);
      if (!IsRetryable(status)) return status;
      last = std::move(status);
      if (attempt < max_attempts) Backoff(attempt, opts.deadline);
    }
  }
  if (absl::IsUnavailable(last)) return last;
  return absl::AbortedError(absl::StrCat("transaction gave up after ",
                                         max_attempts, " attempts: ",
                                         last.message()));
}

}  // namespace collab::db
