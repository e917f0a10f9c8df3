#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

// Programme orders (avrop) of catalogue services (tjänster), after Partsrådet's programme
// "Hållbart arbetsliv" (domain.md, "Programme services"; seed 001). Mirrors
// collab.funding.v1.Order / OrderState and the custom methods of ProgrammeService:
//   REQUESTED --ConfirmOrder--> CONFIRMED --StartOrderDelivery--> DELIVERING
//   DELIVERING --CompleteOrder--> DELIVERED;  any but DELIVERED --CancelOrder--> CANCELLED
namespace collab::funding {

enum class OrderState {
  kRequested,   // avropad
  kConfirmed,   // bekräftad by the programme
  kDelivering,  // leverans pågår
  kDelivered,   // levererad
  kCancelled,   // avbruten
};

enum class OrderTransition { kConfirm, kStartDelivery, kComplete, kCancel };

// The state `transition` leads to from `from`. FAILED_PRECONDITION with ErrorInfo reason
// ORDER_STATE_TRANSITION_NOT_ALLOWED otherwise: "CompleteOrder is not allowed in state
// REQUESTED (allowed from DELIVERING)". CancelOrder is refused once DELIVERED and, being
// terminal, once CANCELLED.
absl::StatusOr<OrderState> ApplyOrderTransition(OrderState from, OrderTransition transition);

// CompleteOrder needs at least one delivery occasion (leveranstillfälle) recorded; on top of
// the transition rule. FAILED_PRECONDITION otherwise.
absl::Status CheckCanComplete(OrderState from, int delivery_count);

// Occasions are recorded while the order is DELIVERING (StartOrderDelivery first).
absl::Status CheckCanRecordDelivery(OrderState state);

// Joint ordering (domain.md: "Members order a service jointly (employer and union side
// together)"): both orderers are required and are different people. A rule of the programme,
// not a malformed request, so FAILED_PRECONDITION with ErrorInfo reason JOINT_ORDER_REQUIRED and
// a BadRequest naming `member_organisation` / `employer_orderer` / `union_orderer`.
struct OrderParties {
  std::string member_organisation;  // organisations/{organisation}
  std::string employer_orderer;     // organisations/{o}/contacts/{c}, employer side
  std::string union_orderer;        // organisations/{o}/contacts/{c}, union side
};
absl::Status CheckJointOrder(const OrderParties& parties);

// When a service can be ordered (proto ServiceOffering.availability, retired).
struct ServiceAvailability {
  std::optional<absl::CivilDay> available_from;
  std::optional<absl::CivilDay> available_until;  // unset: open-ended
  // Set by RetireServiceOffering (e.g. Effektiva team, retired in the second half of 2021 when
  // its goals were met). Orders dated on or after it are refused.
  std::optional<absl::CivilDay> retired_on;
};

// OK when the service can be ordered on `order_date`. FAILED_PRECONDITION with ErrorInfo reason
// SERVICE_RETIRED (on or after the retirement date) or SERVICE_NOT_AVAILABLE (outside the
// availability dates).
absl::Status CheckOrderable(const ServiceAvailability& service, absl::CivilDay order_date);

// "REQUESTED", …; "ConfirmOrder", ….
std::string_view OrderStateName(OrderState state);
std::string_view OrderTransitionName(OrderTransition transition);

}  // namespace collab::funding
