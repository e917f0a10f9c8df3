// Programme coverage with the seed figures' shape (domain.md, "Programme services": 247 members,
// nearly 80 % expressed interest, more than 50 % ordered, 165 ordered services delivered at 263
// occasions up to May 2021).
#include <gtest/gtest.h>

#include "services/funding/domain/coverage.h"

namespace collab::funding {
namespace {

std::string Member(int i) { return "organisations/m" + std::to_string(i); }

CoverageInput SeedShaped() {
  CoverageInput in;
  for (int i = 0; i < 247; ++i) in.members.push_back(Member(i));
  for (int i = 0; i < 196; ++i) in.interested_members.push_back(Member(i));
  in.interested_members.push_back(Member(0));                     // duplicates count once
  in.interested_members.push_back("organisations/not-a-member");  // not counted
  const std::vector<std::string> services = {"IA-systemet",         "Effektiva team",
                                             "Fånga tidiga tecken", "29k Hantera stress",
                                             "Kollektiv förmåga",   "Samskapat utvecklingsarbete",
                                             "Lärande i förändring"};
  // 165 delivered orders by 110 members (55 of them twice); 98 delivered at two occasions, the
  // rest at one: 165 + 98 = 263 occasions.
  for (int k = 0; k < 165; ++k) {
    in.orders.push_back({Member(k % 110), services[k % services.size()], OrderState::kDelivered,
                         k < 98 ? 2 : 1, 12});
  }
  // 15 more members have orders under way; 10 others only cancelled ones.
  for (int i = 110; i < 125; ++i) {
    in.orders.push_back({Member(i), services[i % services.size()],
                         i % 2 ? OrderState::kConfirmed : OrderState::kRequested, 0, 0});
  }
  for (int i = 125; i < 135; ++i) {
    in.orders.push_back({Member(i), services[0], OrderState::kCancelled, 0, 0});
  }
  return in;
}

TEST(CoverageTest, SeedFiguresShape) {
  Coverage c = ComputeCoverage(SeedShaped());
  EXPECT_EQ(c.members_total, 247);
  EXPECT_EQ(c.members_expressed_interest, 196);
  EXPECT_EQ(c.interest_share_basis_points, 7935);  // "nearly 80 %"
  EXPECT_EQ(c.members_ordered, 125);
  EXPECT_EQ(c.ordered_share_basis_points, 5061);  // "more than 50 %"
  EXPECT_GT(c.ordered_share_basis_points, 5000);
  EXPECT_EQ(c.members_delivered, 110);
  EXPECT_EQ(c.delivered_share_basis_points, 4453);
  EXPECT_EQ(c.orders_total, 180);  // cancelled orders are not counted
  EXPECT_EQ(c.orders_delivered, 165);
  EXPECT_EQ(c.occasions, 263);
  EXPECT_EQ(c.participants, 165 * 12);
  ASSERT_EQ(c.services.size(), 7u);
  int delivered = 0, occasions = 0;
  for (const ServiceCoverage& s : c.services) {
    delivered += s.orders_delivered;
    occasions += s.occasions;
  }
  EXPECT_EQ(delivered, 165);
  EXPECT_EQ(occasions, 263);
}

TEST(CoverageTest, OrdersFromNonMembersCountAsOrdersButNotAsMembers) {
  CoverageInput in;
  in.members = {Member(1)};
  in.orders = {{"organisations/former-member", "IA-systemet", OrderState::kDelivered, 1, 5}};
  Coverage c = ComputeCoverage(in);
  EXPECT_EQ(c.members_ordered, 0);
  EXPECT_EQ(c.orders_delivered, 1);
}

TEST(CoverageTest, EmptyProgramme) {
  Coverage c = ComputeCoverage({});
  EXPECT_EQ(c.members_total, 0);
  EXPECT_EQ(c.interest_share_basis_points, 0);
  EXPECT_TRUE(c.services.empty());
}

}  // namespace
}  // namespace collab::funding
