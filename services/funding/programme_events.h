#pragma once

#include <pqxx/transaction>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "collab/events/v1/funding_events.pb.h"
#include "collab/funding/v1/programme.pb.h"

// Outbox events of the programme side (collab.events.v1 InterestRecorded, OrderStatusChanged,
// DeliveryRecorded), written in the caller's transaction so an event exists exactly when its
// change commits (architecture.md, "Events"). No orderer or participant: organisations, dates
// and counts only (funding_events.proto).
namespace collab::funding {

absl::Status RecordInterestEvent(pqxx::work& tx, const v1::Interest& interest,
                                 collab::events::v1::ChangeKind kind);

// previous: ORDER_STATE_UNSPECIFIED when the order was just created.
absl::Status RecordOrderEvent(pqxx::work& tx, const v1::Order& order, v1::ServiceCategory category,
                              v1::OrderState previous, absl::CivilDay change_date);

absl::Status RecordDeliveryEvent(pqxx::work& tx, const v1::Delivery& delivery,
                                 const v1::Order& order, v1::ServiceCategory category,
                                 collab::events::v1::ChangeKind kind);

}  // namespace collab::funding
