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

// The statement_timeout that bounds a transaction by its deadline: the remaining time rounded
// up to the next kTimeoutStep, so consecutive calls with like deadlines ask for the same value and
// the connection keeps it (one round trip less per transaction). A statement may so outlive the
// deadline by less than one step. 0 (the configured default) without a deadline; -1 when passed.
constexpr int64_t kTimeoutStepMs = 250;

int64_t StatementTimeoutMs(absl::Time deadline) {
  if (deadline == absl::InfiniteFuture()) return 0;
  const int64_t remaining = absl::ToInt64Milliseconds(deadline - absl::Now());
  if (remaining <= 0) return -1;
  return (remaining + kTimeoutStepMs - 1) / kTimeoutStepMs * kTimeoutStepMs;
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
      const int64_t timeout_ms = StatementTimeoutMs(opts.deadline);
      if (timeout_ms < 0) return DeadlinePassed();
      if (timeout_ms != lease->statement_timeout_ms()) {
        // Session level, outside the transaction, so it stays set for the next one; a failed
        // SET leaves the remembered value alone and the next attempt sets it again.
        pqxx::nontransaction(**lease).exec(
            timeout_ms == 0 ? std::string("RESET statement_timeout")
                            : absl::StrCat("SET statement_timeout = ", timeout_ms));
        lease->statement_timeout_ms() = timeout_ms;
      }
      pqxx::work tx(**lease);
      if (const char* set = SetTransactionSql(opts)) tx.exec(set);
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
