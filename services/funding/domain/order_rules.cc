#include "services/funding/domain/order_rules.h"

#include "absl/strings/cord.h"
#include "libs/common/errors.h"
#include "services/funding/domain/error_reasons.h"
#include "services/funding/domain/periods.h"

namespace collab::funding {

std::string_view OrderStateName(OrderState state) {
  switch (state) {
    case OrderState::kRequested:
      return "REQUESTED";
    case OrderState::kConfirmed:
      return "CONFIRMED";
    case OrderState::kDelivering:
      return "DELIVERING";
    case OrderState::kDelivered:
      return "DELIVERED";
    case OrderState::kCancelled:
      return "CANCELLED";
  }
  return "UNSPECIFIED";
}

std::string_view OrderTransitionName(OrderTransition transition) {
  switch (transition) {
    case OrderTransition::kConfirm:
      return "ConfirmOrder";
    case OrderTransition::kStartDelivery:
      return "StartOrderDelivery";
    case OrderTransition::kComplete:
      return "CompleteOrder";
    case OrderTransition::kCancel:
      return "CancelOrder";
  }
  return "Unknown";
}

namespace {

std::string_view AllowedFrom(OrderTransition transition) {
  switch (transition) {
    case OrderTransition::kConfirm:
      return "REQUESTED";
    case OrderTransition::kStartDelivery:
      return "CONFIRMED";
    case OrderTransition::kComplete:
      return "DELIVERING";
    case OrderTransition::kCancel:
      return "REQUESTED, CONFIRMED, DELIVERING";
  }
  return "";
}

}  // namespace

absl::StatusOr<OrderState> ApplyOrderTransition(OrderState from, OrderTransition transition) {
  switch (transition) {
    case OrderTransition::kConfirm:
      if (from == OrderState::kRequested) return OrderState::kConfirmed;
      break;
    case OrderTransition::kStartDelivery:
      if (from == OrderState::kConfirmed) return OrderState::kDelivering;
      break;
    case OrderTransition::kComplete:
      if (from == OrderState::kDelivering) return OrderState::kDelivered;
      break;
    case OrderTransition::kCancel:
      if (from != OrderState::kDelivered && from != OrderState::kCancelled) {
        return OrderState::kCancelled;
      }
      break;
  }
  const std::string message = std::string(OrderTransitionName(transition)) +
                              " is not allowed in state " + std::string(OrderStateName(from)) +
                              " (allowed from " + std::string(AllowedFrom(transition)) + ")";
  return WithErrorInfo(absl::FailedPreconditionError(message), kOrderTransitionReason,
                       kErrorDomain);
}

absl::Status CheckCanComplete(OrderState from, int delivery_count) {
  if (absl::StatusOr<OrderState> to = ApplyOrderTransition(from, OrderTransition::kComplete);
      !to.ok()) {
    return to.status();
  }
  if (delivery_count < 1) {
    return absl::FailedPreconditionError("an order is completed only after at least one delivery");
  }
  return absl::OkStatus();
}

absl::Status CheckCanRecordDelivery(OrderState state) {
  if (state == OrderState::kDelivering) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "deliveries are recorded while the order is DELIVERING, not " +
      std::string(OrderStateName(state)));
}

absl::Status CheckJointOrder(const OrderParties& parties) {
  FieldViolations violations;
  if (parties.member_organisation.empty()) violations.Add("member_organisation", "is required");
  if (parties.employer_orderer.empty()) {
    violations.Add("employer_orderer",
                   "is required: members order jointly, employer and union side together");
  }
  if (parties.union_orderer.empty()) {
    violations.Add("union_orderer",
                   "is required: members order jointly, employer and union side together");
  }
  if (!parties.employer_orderer.empty() && parties.employer_orderer == parties.union_orderer) {
    violations.Add("union_orderer", "must be a different person from the employer_orderer");
  }
  const absl::Status invalid = violations.ToStatus();
  if (invalid.ok()) return invalid;
  // Same message and field violations, under the code and reason of a broken rule.
  absl::Status refused(absl::StatusCode::kFailedPrecondition, invalid.message());
  invalid.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    refused.SetPayload(type_url, payload);
  });
  return WithErrorInfo(refused, kJointOrderReason, kErrorDomain);
}

absl::Status CheckOrderable(const ServiceAvailability& service, absl::CivilDay order_date) {
  if (service.retired_on && order_date >= *service.retired_on) {
    return WithErrorInfo(
        absl::FailedPreconditionError("the service was retired on " + IsoDate(*service.retired_on)),
        kServiceRetiredReason, kErrorDomain);
  }
  if (service.available_from && order_date < *service.available_from) {
    return WithErrorInfo(absl::FailedPreconditionError("the service can be ordered from " +
                                                       IsoDate(*service.available_from)),
                         kServiceNotAvailableReason, kErrorDomain);
  }
  if (service.available_until && order_date > *service.available_until) {
    return WithErrorInfo(absl::FailedPreconditionError("the service could be ordered until " +
                                                       IsoDate(*service.available_until)),
                         kServiceNotAvailableReason, kErrorDomain);
  }
  return absl::OkStatus();
}

}  // namespace collab::funding
