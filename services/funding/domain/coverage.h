#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/funding/domain/order_rules.h"

// How far a programme reaches its members (täckning), mirroring
// collab.funding.v1.ProgrammeCoverage. domain.md, "Programme services" (seed 001): "nearly 80 %
// of members expressed interest, more than 50 % ordered at least one service, 165 ordered
// services delivered at 263 occasions (up to May 2021)". Counts organisations and orders, never
// persons, so no statistics cell needs suppressing.
namespace collab::funding {

// One order (avrop) with its delivery occasions (leveranstillfällen), as counted.
struct OrderFacts {
  std::string member_organisation;
  std::string service_offering;
  OrderState state = OrderState::kRequested;
  int32_t occasions = 0;
  int64_t participants = 0;
};

struct CoverageInput {
  // Members with a membership in force at the end of the period; others are not counted.
  std::vector<std::string> members;
  // Members with at least one interest (intresseanmälan); duplicates are fine.
  std::vector<std::string> interested_members;
  std::vector<OrderFacts> orders;
};

struct ServiceCoverage {
  std::string service_offering;
  int32_t orders_total = 0;
  int32_t orders_delivered = 0;
  int32_t occasions = 0;
  int64_t participants = 0;
};

struct Coverage {
  int32_t members_total = 0;
  int32_t members_expressed_interest = 0;
  int32_t members_ordered = 0;    // ≥ 1 order not CANCELLED
  int32_t members_delivered = 0;  // ≥ 1 order DELIVERED
  // Shares of members_total in basis points, rounded half away from zero (rounding.h).
  int32_t interest_share_basis_points = 0;
  int32_t ordered_share_basis_points = 0;
  int32_t delivered_share_basis_points = 0;
  int32_t orders_total = 0;  // not CANCELLED
  int32_t orders_delivered = 0;
  int32_t occasions = 0;  // occasions of orders not CANCELLED
  int64_t participants = 0;
  std::vector<ServiceCoverage> services;  // sorted by service name
};

Coverage ComputeCoverage(const CoverageInput& input);

}  // namespace collab::funding
