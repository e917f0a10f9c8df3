#include "services/funding/domain/coverage.h"

#include <map>
#include <set>
#include <utility>

#include "services/funding/domain/rounding.h"

namespace collab::funding {

Coverage ComputeCoverage(const CoverageInput& input) {
  Coverage c;
  const std::set<std::string> members(input.members.begin(), input.members.end());
  c.members_total = static_cast<int32_t>(members.size());
  std::set<std::string> interested, ordered, delivered;
  for (const std::string& m : input.interested_members) {
    if (members.count(m) != 0) interested.insert(m);
  }
  std::map<std::string, ServiceCoverage> services;
  for (const OrderFacts& order : input.orders) {
    if (order.state == OrderState::kCancelled) continue;
    const bool is_delivered = order.state == OrderState::kDelivered;
    ServiceCoverage& s = services[order.service_offering];
    s.service_offering = order.service_offering;
    ++s.orders_total;
    ++c.orders_total;
    s.occasions += order.occasions;
    c.occasions += order.occasions;
    s.participants += order.participants;
    c.participants += order.participants;
    if (is_delivered) {
      ++s.orders_delivered;
      ++c.orders_delivered;
    }
    if (members.count(order.member_organisation) == 0) continue;
    ordered.insert(order.member_organisation);
    if (is_delivered) delivered.insert(order.member_organisation);
  }
  c.members_expressed_interest = static_cast<int32_t>(interested.size());
  c.members_ordered = static_cast<int32_t>(ordered.size());
  c.members_delivered = static_cast<int32_t>(delivered.size());
  c.interest_share_basis_points = BasisPoints(c.members_expressed_interest, c.members_total);
  c.ordered_share_basis_points = BasisPoints(c.members_ordered, c.members_total);
  c.delivered_share_basis_points = BasisPoints(c.members_delivered, c.members_total);
  for (auto& [name, s] : services) c.services.push_back(std::move(s));
  return c;
}

}  // namespace collab::funding
