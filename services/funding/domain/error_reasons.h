#pragma once

#include <string_view>

// ErrorInfo domain and reasons of the funding service (conventions.md, "Errors": canonical code
// plus an ErrorInfo whose domain is the service). Attached with collab::WithErrorInfo.
namespace collab::funding {

inline constexpr std::string_view kErrorDomain = "funding.collab.se";

// Financing (finansiering) does not equal cost exactly (domain.md, "Funding").
inline constexpr std::string_view kBudgetNotBalancedReason = "BUDGET_NOT_BALANCED";
// A project status method called in a status it is not allowed from.
inline constexpr std::string_view kProjectTransitionReason =
    "PROJECT_STATUS_TRANSITION_NOT_ALLOWED";
// An order (avrop) method called in a state it is not allowed from.
inline constexpr std::string_view kOrderTransitionReason = "ORDER_STATE_TRANSITION_NOT_ALLOWED";
// An order (avrop) without both the employer side and the union side (joint ordering).
inline constexpr std::string_view kJointOrderReason = "JOINT_ORDER_REQUIRED";
// The ordering organisation has no membership in force in the programme.
inline constexpr std::string_view kNotAMemberReason = "NOT_A_PROGRAMME_MEMBER";
// A service offering that has been ordered is retired, not deleted.
inline constexpr std::string_view kServiceOrderedReason = "SERVICE_HAS_ORDERS";
// The service offering was retired (e.g. Effektiva team, 2021) or is not yet/no longer available.
inline constexpr std::string_view kServiceRetiredReason = "SERVICE_RETIRED";
inline constexpr std::string_view kServiceNotAvailableReason = "SERVICE_NOT_AVAILABLE";

}  // namespace collab::funding
