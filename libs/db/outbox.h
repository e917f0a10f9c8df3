#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace collab::db {

// Both functions use the unqualified table `outbox`: the connection's
// search_path must point at the service's schema (the migrations runner sets
// it as the role's default; or set it in ConnectionPool::Options::on_connect).

struct OutboxEvent {
  int64_t seq = 0;
  std::string event_id;  // UUID text
  std::string event_type;
  std::string aggregate_id;
  std::string payload;   // serialized protobuf message
  absl::Time create_time;
};

// Writes `payload` as one event in the caller's transaction, so the event
// exists exactly when the state change commits. Returns its sequence number.
absl::StatusOr<int64_t> AppendEvent(pqxx::work& tx, std::string_view event_type,
                                    std::string_view aggregate_id,
                                    const google::protobuf::Message& payload);

// Events with seq > after_seq in order, at most `limit` (1..10000).
// Sequence numbers can commit out of order under concurrent writers; feed
// readers that must not skip should re-read a short window behind the cursor.
absl::StatusOr<std::vector<OutboxEvent>> ReadEvents(pqxx::work& tx,
                                                    int64_t after_seq,
                                                    int limit);

}  // namespace collab::db
