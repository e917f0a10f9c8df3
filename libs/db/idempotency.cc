#include "libs/db/idempotency.h"

#include <pqxx/pqxx>
#include <pqxx/binarystring>

#include "absl/strings/str_cat.h"
#include "libs/db/errors.h"

namespace collab::db {
namespace {

pqxx::binarystring Bytes(std::string_view s) {
  return pqxx::binarystring(s.data(), s.size());
}

}  // namespace

absl::StatusOr<std::optional<std::string>> LookupIdempotent(
    pqxx::work& tx, std::string_view request_id, std::string_view method,
    std::string_view request_hash) {
  if (request_id.empty()) return std::optional<std::string>();
  try {
    pqxx::result r = tx.exec_params(
        "SELECT method, request_hash, response FROM idempotency "
        "WHERE request_id = $1",
        std::string(request_id));
    if (r.empty()) return std::optional<std::string>();
    const std::string stored_method = r[0][0].as<std::string>();
    const std::string stored_hash = pqxx::binarystring(r[0][1]).str();
    if (stored_method != method || stored_hash != request_hash) {
      return absl::InvalidArgumentError(
          absl::StrCat("request_id ", std::string(request_id),
                       " was used with a different request"));
    }
    return std::optional<std::string>(pqxx::binarystring(r[0][2]).str());
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

absl::StatusOr<bool> IdempotentRecorded(pqxx::work& tx, std::string_view request_id,
                                        std::string_view method) {
  if (request_id.empty()) return false;
  try {
    return !tx.exec_params("SELECT 1 FROM idempotency WHERE request_id = $1 AND method = $2",
                           std::string(request_id), std::string(method))
                .empty();
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

absl::Status StoreIdempotent(pqxx::work& tx, std::string_view request_id,
                             std::string_view method,
                             std::string_view request_hash,
                             std::string_view response_bytes) {
  if (request_id.empty()) return absl::OkStatus();
  try {
    pqxx::result r = tx.exec_params(
        "INSERT INTO idempotency (request_id, method, request_hash, response) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING "
        "RETURNING 1",
        std::string(request_id), std::string(method), Bytes(request_hash),
        Bytes(response_bytes));
    if (r.empty()) {
      // A concurrent request with this id committed first; only a fresh
      // transaction sees its row, so ask RunInTransaction to rerun us.
      return RetryableAbort(absl::StrCat("request_id ", std::string(request_id),
                                         " is being processed concurrently"));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

absl::StatusOr<int64_t> PurgeIdempotency(pqxx::work& tx, absl::Duration older_than, int limit) {
  if (older_than <= absl::ZeroDuration() || limit < 1) {
    return absl::InvalidArgumentError("idempotency purge needs a positive age and limit");
  }
  try {
    const pqxx::result r = tx.exec_params(
        "DELETE FROM idempotency WHERE request_id IN (SELECT request_id FROM idempotency "
        "WHERE create_time < now() - $1::bigint * interval '1 second' ORDER BY create_time "
        "LIMIT $2)",
        absl::ToInt64Seconds(older_than), limit);
    return static_cast<int64_t>(r.affected_rows());
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

}  // namespace collab::db
