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

// Order. A row's `seq` is taken when it is inserted, but transactions commit in any order, so a
// reader following `seq` could pass a row whose transaction commits later and never see it.
// Readers therefore follow `position` instead: PublishEvents gives positions, in (transaction,
// seq) order, only to rows of transactions that have finished (xid below the oldest running
// transaction's), and a finished transaction can no longer add rows. Positions are strictly
// increasing in publication order and never reused, so a consumer's cursor never skips an event.
// A long-running transaction anywhere in the cluster delays publication until it ends.

struct OutboxEvent {
  int64_t position = 0;  // feed order; the consumer's cursor (Event.seq on the wire)
  std::string event_id;  // UUID text
  std::string event_type;
  std::string aggregate_id;
  std::string payload;   // serialized protobuf message
  absl::Time create_time;
};

// Writes `payload` as one event in the caller's transaction, so the event
// exists exactly when the state change commits. Returns the row's seq (not its feed position,
// which it gets when published).
absl::StatusOr<int64_t> AppendEvent(pqxx::work& tx, std::string_view event_type,
                                    std::string_view aggregate_id,
                                    const google::protobuf::Message& payload);

// Gives feed positions to at most `limit` (1..10000) events of finished transactions. Publishers
// serialise on a transaction-scoped advisory lock, so run it in its own short transaction.
// Returns how many were published.
absl::StatusOr<int> PublishEvents(pqxx::work& tx, int limit);

// Published events with position > after_position in order, at most `limit` (1..10000).
absl::StatusOr<std::vector<OutboxEvent>> ReadEvents(pqxx::work& tx,
                                                    int64_t after_position,
                                                    int limit);

}  // namespace collab::db
