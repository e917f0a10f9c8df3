#pragma once

#include <exception>
#include <string_view>

#include "absl/status/status.h"

namespace collab::db {

// The one mapping from libpqxx/libpq exceptions to canonical codes:
//   40001 serialization_failure, 40P01 deadlock  -> ABORTED (retryable)
//   23505 unique_violation                       -> ALREADY_EXISTS
//   23503 foreign_key_violation                  -> FAILED_PRECONDITION
//   23514 check, 23502 not_null, 22xxx data      -> INVALID_ARGUMENT
//   broken_connection                            -> UNAVAILABLE
//   57014 query_canceled                         -> DEADLINE_EXCEEDED
//   42501 insufficient_privilege                 -> PERMISSION_DENIED
//   in_doubt_error                               -> UNAVAILABLE
//   anything else                                -> INTERNAL
// Messages carry the server's error text (which names constraints, not
// bound parameter values) and never the query text.
absl::Status StatusFromException(const std::exception& e);

// True for statuses that a fresh attempt of the whole transaction may fix:
// those mapped from serialization failures and deadlocks, and those made by
// RetryableAbort(). RunInTransaction() retries exactly these.
bool IsRetryable(const absl::Status& status);

// ABORTED status marked retryable. Return it from a transaction callback to
// roll back and rerun the callback (e.g. a concurrent duplicate request won
// a race and its result is visible only to a new transaction).
absl::Status RetryableAbort(std::string_view message);

}  // namespace collab::db
