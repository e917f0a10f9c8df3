#include "services/funding/programme_events.h"

#include "libs/common/dates.h"
#include "libs/db/outbox.h"

namespace collab::funding {
namespace {

namespace ev = collab::events::v1;

}  // namespace

// Aggregates are stored as resource names ("orders/…"): the feed sends them as they are
// (libs/events/outbox_event_feed.h), unlike project events stored under the bare project id.

absl::Status RecordInterestEvent(pqxx::work& tx, const v1::Interest& interest,
                                 ev::ChangeKind kind) {
  ev::InterestRecorded e;
  e.set_interest(interest.name());
  e.set_change_kind(kind);
  e.set_programme(interest.programme());
  e.set_member_organisation(interest.member_organisation());
  e.set_service_offering(interest.service_offering());
  *e.mutable_express_date() = interest.express_date();
  return db::AppendEvent(tx, "collab.events.v1.InterestRecorded", interest.name(), e)
      .status();
}

absl::Status RecordOrderEvent(pqxx::work& tx, const v1::Order& order, v1::ServiceCategory category,
                              v1::OrderState previous, absl::CivilDay change_date) {
  ev::OrderStatusChanged e;
  e.set_order(order.name());
  e.set_programme(order.programme());
  e.set_service_offering(order.service_offering());
  e.set_service_category(category);
  e.set_member_organisation(order.member_organisation());
  e.set_previous_state(previous);
  e.set_state(order.state());
  *e.mutable_change_date() = FromCivilDay(change_date);
  return db::AppendEvent(tx, "collab.events.v1.OrderStatusChanged", order.name(), e)
      .status();
}

absl::Status RecordDeliveryEvent(pqxx::work& tx, const v1::Delivery& delivery,
                                 const v1::Order& order, v1::ServiceCategory category,
                                 ev::ChangeKind kind) {
  ev::DeliveryRecorded e;
  e.set_delivery(delivery.name());
  e.set_order(order.name());
  e.set_change_kind(kind);
  e.set_programme(order.programme());
  e.set_service_offering(order.service_offering());
  e.set_service_category(category);
  e.set_member_organisation(order.member_organisation());
  *e.mutable_delivery_date() = delivery.delivery_date();
  e.set_participant_count(delivery.participant_count());
  e.set_format(delivery.format());
  // Keyed by the order, so a reader sees an order's occasions in sequence.
  return db::AppendEvent(tx, "collab.events.v1.DeliveryRecorded", order.name(), e)
      .status();
}

}  // namespace collab::funding
