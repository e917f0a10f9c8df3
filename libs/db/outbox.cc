#include "libs/db/outbox.h"

#include <pqxx/pqxx>
#include <pqxx/binarystring>

#include "absl/status/status.h"
#include "libs/db/errors.h"

namespace collab::db {

absl::StatusOr<int64_t> AppendEvent(pqxx::work& tx, std::string_view event_type,
                                    std::string_view aggregate_id,
                                    const google::protobuf::Message& payload) {
  if (event_type.empty()) {
    return absl::InvalidArgumentError("outbox event_type is empty");
  }
  std::string bytes;
  if (!payload.SerializeToString(&bytes)) {
    return absl::InternalError("cannot serialize outbox payload " +
                               payload.GetTypeName());
  }
  try {
    // Prepared, as it sits on every write's path; libpqxx 6 registers the statement with the
    // server on its first use on each connection, and defining it again identically is a no-op.
    tx.conn().prepare("collab_outbox_append",
                      "INSERT INTO outbox (event_id, event_type, aggregate_id, payload) "
                      "VALUES (gen_random_uuid(), $1, $2, $3) RETURNING seq");
    pqxx::result r = tx.exec_prepared("collab_outbox_append", std::string(event_type),
                                      std::string(aggregate_id), pqxx::binarystring(bytes));
    return r.at(0).at(0).as<int64_t>();
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

namespace {

absl::Status CheckLimit(int limit) {
  if (limit < 1 || limit > 10000) {
    return absl::InvalidArgumentError("outbox limit must be 1..10000");
  }
  return absl::OkStatus();
}

// Any fixed key: the lock is per database, and each schema's outbox lives in its own service's
// database or schema, so sharing it only serialises publishers, which are few.
constexpr int64_t kPublishLockKey = 0x636f6c6c61626f62;  // "collabob"

}  // namespace

absl::StatusOr<int> PublishEvents(pqxx::work& tx, int limit) {
  if (absl::Status s = CheckLimit(limit); !s.ok()) return s;
  try {
    // Serialise publishers so max(position) cannot move under us; the lock ends with the tx.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kPublishLockKey);
    pqxx::result r = tx.exec_params(
        "WITH ready AS ("
        "  SELECT seq, row_number() OVER (ORDER BY txid, seq) AS n FROM ("
        "    SELECT seq, txid FROM outbox"
        "    WHERE position IS NULL AND txid < pg_snapshot_xmin(pg_current_snapshot())"
        "    ORDER BY txid, seq LIMIT $1) oldest),"
        " base AS (SELECT coalesce(max(position), 0) AS top FROM outbox) "
        "UPDATE outbox o SET position = base.top + ready.n FROM ready, base "
        "WHERE o.seq = ready.seq",
        limit);
    return static_cast<int>(r.affected_rows());
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

absl::StatusOr<std::vector<OutboxEvent>> ReadEvents(pqxx::work& tx,
                                                    int64_t after_position,
                                                    int limit) {
  if (absl::Status s = CheckLimit(limit); !s.ok()) return s;
  try {
    pqxx::result r = tx.exec_params(
        "SELECT position, event_id::text, event_type, aggregate_id, payload, "
        "(extract(epoch FROM create_time) * 1000000)::bigint "
        "FROM outbox WHERE position > $1 ORDER BY position LIMIT $2",
        after_position, limit);
    std::vector<OutboxEvent> events;
    events.reserve(r.size());
    for (const auto& row : r) {
      OutboxEvent e;
      e.position = row[0].as<int64_t>();
      e.event_id = row[1].as<std::string>();
      e.event_type = row[2].as<std::string>();
      e.aggregate_id = row[3].as<std::string>();
      e.payload = pqxx::binarystring(row[4]).str();
      e.create_time = absl::FromUnixMicros(row[5].as<int64_t>());
      events.push_back(std::move(e));
    }
    return events;
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
}

}  // namespace collab::db
