// The demo data `make run` loads: it applies to the migrated schema, twice without change, and
// every organisation number in it passes the service's own validation.
#include <fstream>
#include <regex>
#include <sstream>

#include <pqxx/pqxx>
#include "services/organisations/domain/organisation_number.h"
#include "services/organisations/test/service_test_fixture.h"

namespace collab::organisations {
namespace {

std::string DemoSql() {
  std::ifstream in(std::string(COLLAB_SOURCE_DIR) + "/deploy/demo/organisations.sql");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DemoDataTest : public OrganisationServiceTest {};

TEST_F(DemoDataTest, EveryOrganisationNumberIsValid) {
  const std::string sql = DemoSql();
  ASSERT_FALSE(sql.empty());
  std::regex number("'([0-9]{6}-[0-9]{4})'");
  int count = 0;
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), number); it != std::sregex_iterator(); ++it) {
    auto normalised = NormaliseOrganisationNumber((*it)[1].str());
    EXPECT_TRUE(normalised.ok()) << (*it)[1].str() << ": " << normalised.status();
    ++count;
  }
  EXPECT_GE(count, 20);
}

TEST_F(DemoDataTest, LoadsTwiceAndIsServed) {
  pqxx::connection admin(db_->AdminConnInfo());
  for (int i = 0; i < 2; ++i) {
    pqxx::work tx(admin);
    tx.exec(DemoSql());
    tx.commit();
  }
  v1::ListOrganisationsRequest req;
  req.set_kind(v1::ORGANISATION_KIND_COORDINATION_ASSOCIATION);
  v1::ListOrganisationsResponse resp;
  ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), req, &resp).ok());
  EXPECT_EQ(resp.organisations_size(), 4);  // Arvika-Eda, Fryksdalen, Klarälvdalen, Samspelet

  // Momentum's knowledge group: five agencies and FK.
  v1::ListNetworksRequest networks;
  networks.set_kind(v1::NETWORK_KIND_KNOWLEDGE_GROUP);
  v1::ListNetworksResponse found;
  ASSERT_TRUE(stub_->ListNetworks(Admin().get(), networks, &found).ok());
  ASSERT_EQ(found.networks_size(), 1);
  v1::ListOrganisationsRequest members;
  members.set_network(found.networks(0).name());
  ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), members, &resp).ok());
  EXPECT_EQ(resp.organisations_size(), 6);
}

}  // namespace
}  // namespace collab::organisations
