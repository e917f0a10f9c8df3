#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <pqxx/transaction>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace collab::db {

// Idempotent retries (AIP request_id), stored in the unqualified table
// `idempotency` (search_path as for outbox.h), in the same transaction as the
// write they protect. An empty request_id turns both into no-ops (nullopt,
// OK). Typical use inside RunInTransaction:
//
//   ASSIGN_OR_RETURN(auto prior, LookupIdempotent(tx, id, method, hash));
//   if (prior) return Decode(*prior);
//   ... do the write, build `response` ...
//   RETURN_IF_ERROR(StoreIdempotent(tx, id, method, hash, response));
//
// Two concurrent requests with one id: the second's insert waits for the
// first and then finds the row taken; StoreIdempotent returns a retryable
// ABORTED (errors.h), RunInTransaction rolls the duplicate's write back and
// reruns it, and the lookup returns the first response.

// The stored response for (request_id, method, request_hash), or nullopt if
// the id is unused. INVALID_ARGUMENT if the id was used for another method or
// another request body.
absl::StatusOr<std::optional<std::string>> LookupIdempotent(
    pqxx::work& tx, std::string_view request_id, std::string_view method,
    std::string_view request_hash);

// Was `request_id` already used for `method` (whatever the request)? For a caller that must
// admit a retry of a write it accepted before its preconditions changed (a write on a case
// since closed replays instead of being refused). False for an empty id.
absl::StatusOr<bool> IdempotentRecorded(pqxx::work& tx, std::string_view request_id,
                                        std::string_view method);

absl::Status StoreIdempotent(pqxx::work& tx, std::string_view request_id,
                             std::string_view method,
                             std::string_view request_hash,
                             std::string_view response_bytes);

// Request ids expire (AIP-155 lets them): deletes up to `limit` records stored more than
// `older_than` ago, oldest first, and returns how many. A retry after that creates anew. The
// records may hold a response with personal data, which erasure (gallring) does not reach, so
// they must not outlive their purpose; the table is also bounded this way.
absl::StatusOr<int64_t> PurgeIdempotency(pqxx::work& tx, absl::Duration older_than, int limit);

}  // namespace collab::db
