// The programme demo data `make run` loads (deploy/demo/programme.sql, after organisations.sql):
// it applies to the migrated schemas, twice without change, and the service answers with the
// seed's shape: 13 services, nearly 80 % interest, more than 50 % ordered, more occasions than
// delivered orders.
#include <fstream>
#include <sstream>

#include "services/funding/test/programme_fixture.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ANALYST;

constexpr char kDemoProgramme[] = "networks/a3000000-0000-4000-8000-000000000005";
constexpr char kForsakringskassan[] = "a1000000-0000-4000-8000-000000000001";

std::string DemoSql(const std::string& file) {
  std::ifstream in(std::string(COLLAB_SOURCE_DIR) + "/deploy/demo/" + file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DemoDataTest : public ProgrammeTest {};

TEST_F(DemoDataTest, LoadsTwiceAndHasTheSeedsShape) {
  const std::string organisations = DemoSql("organisations.sql");
  const std::string programme = DemoSql("programme.sql");
  ASSERT_FALSE(organisations.empty());
  ASSERT_FALSE(programme.empty());
  auto admin = Superuser();
  for (int i = 0; i < 2; ++i) {
    pqxx::work tx(*admin);
    tx.exec(organisations);
    tx.exec(programme);
    tx.commit();
  }

  v1::ListServiceOfferingsRequest list;
  list.set_programme(kDemoProgramme);
  list.set_include_retired(true);
  v1::ListServiceOfferingsResponse catalogue;
  ASSERT_TRUE(
      stub_->ListServiceOfferings(Ctx(Hr(kForsakringskassan)).get(), list, &catalogue).ok());
  EXPECT_EQ(catalogue.service_offerings_size(), 13);
  int retired = 0;
  for (const auto& o : catalogue.service_offerings()) retired += o.retired() ? 1 : 0;
  EXPECT_EQ(retired, 1);  // Effektiva team

  v1::GetProgrammeCoverageRequest req;
  req.set_programme(kDemoProgramme);
  v1::ProgrammeCoverage c;
  ASSERT_TRUE(stub_->GetProgrammeCoverage(Ctx(P(ROLE_ANALYST, "")).get(), req, &c).ok());
  EXPECT_EQ(c.members_total(), 7);
  EXPECT_EQ(c.members_expressed_interest(), 6);  // 85.71 %: "nära 80 procent"
  EXPECT_EQ(c.members_ordered(), 4);             // 57.14 %: "mer än 50 procent"
  EXPECT_GT(c.ordered_share_basis_points(), 5000);
  EXPECT_EQ(c.orders_delivered(), 5);
  EXPECT_EQ(c.orders_total(), 7);  // the cancelled order is not counted
  EXPECT_EQ(c.occasions(), 9);     // 8 for the delivered orders, 1 for the one in delivery

  // A member sees its own orders through the service.
  v1::ListOrdersRequest orders;
  v1::ListOrdersResponse mine;
  ASSERT_TRUE(stub_->ListOrders(Ctx(Hr(kForsakringskassan)).get(), orders, &mine).ok());
  EXPECT_EQ(mine.orders_size(), 2);
  for (const auto& o : mine.orders()) {
    EXPECT_EQ(o.state(), v1::ORDER_STATE_DELIVERED);
    EXPECT_FALSE(o.union_orderer().empty());
  }
}

}  // namespace
}  // namespace collab::funding
