#include "services/funding/programme_requests.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"

namespace collab::funding {

absl::StatusOr<std::string> ParseOptionalId(const std::string& name, std::string_view pattern,
                                            const std::string& field) {
  if (name.empty()) return std::string();
  absl::StatusOr<Ids> ids = ParseName(name, pattern, field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

void ParseMemberServiceFilter(const std::string& programme, const std::string& member_organisation,
                              const std::string& service_offering, MemberServiceFilter& filter,
                              FieldViolations& violations) {
  auto programme_id = ParseOptionalId(programme, "networks/{}", "programme");
  auto member_id = ParseOptionalId(member_organisation, "organisations/{}", "member_organisation");
  auto offering_id = ParseOptionalId(service_offering, "serviceOfferings/{}", "service_offering");
  if (programme_id.ok()) {
    filter.programme_id = *programme_id;
  } else {
    violations.Add("programme", "must be a programme name networks/{network}");
  }
  if (member_id.ok()) {
    filter.member_id = *member_id;
  } else {
    violations.Add("member_organisation",
                   "must be an organisation name organisations/{organisation}");
  }
  if (offering_id.ok()) {
    filter.offering_id = *offering_id;
  } else {
    violations.Add("service_offering",
                   "must be a service name serviceOfferings/{service_offering}");
  }
}

db::TxOptions Tx(absl::Time deadline, bool read_only) {
  db::TxOptions o;
  o.deadline = deadline;
  o.read_only = read_only;
  return o;
}

OrderState DomainState(v1::OrderState state) {
  switch (state) {
    case v1::ORDER_STATE_CONFIRMED:
      return OrderState::kConfirmed;
    case v1::ORDER_STATE_DELIVERING:
      return OrderState::kDelivering;
    case v1::ORDER_STATE_DELIVERED:
      return OrderState::kDelivered;
    case v1::ORDER_STATE_CANCELLED:
      return OrderState::kCancelled;
    default:
      return OrderState::kRequested;
  }
}

v1::OrderState ProtoState(OrderState state) {
  switch (state) {
    case OrderState::kRequested:
      return v1::ORDER_STATE_REQUESTED;
    case OrderState::kConfirmed:
      return v1::ORDER_STATE_CONFIRMED;
    case OrderState::kDelivering:
      return v1::ORDER_STATE_DELIVERING;
    case OrderState::kDelivered:
      return v1::ORDER_STATE_DELIVERED;
    case OrderState::kCancelled:
      return v1::ORDER_STATE_CANCELLED;
  }
  return v1::ORDER_STATE_UNSPECIFIED;
}

absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

}  // namespace collab::funding
