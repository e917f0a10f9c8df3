// Units, contacts, networks and memberships: every method, and the network-membership filter
// on organisations.
#include "libs/common/ids.h"
#include "services/organisations/test/service_test_fixture.h"
#include "tests/support/status_details.h"

namespace collab::organisations {
namespace {

using collab::testing::ViolatedFields;
using ::testing::Contains;

class RegistryTest : public OrganisationServiceTest {
 protected:
  v1::Organisation CreateOrg(const std::string& name, int n) {
    v1::CreateOrganisationRequest req;
    *req.mutable_organisation() = testdata::Org(name, n);
    v1::Organisation out;
    EXPECT_TRUE(stub_->CreateOrganisation(Admin().get(), req, &out).ok());
    return out;
  }

  v1::Unit CreateUnit(const std::string& parent, const std::string& name) {
    v1::CreateUnitRequest req;
    req.set_parent(parent);
    req.mutable_unit()->set_display_name(name);
    req.mutable_unit()->set_municipality_code("1784");
    v1::Unit out;
    grpc::Status s = stub_->CreateUnit(Admin().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  v1::Network CreateNetwork(const std::string& name) {
    v1::CreateNetworkRequest req;
    req.mutable_network()->set_display_name(name);
    req.mutable_network()->set_kind(v1::NETWORK_KIND_REGIONAL_FORUM);
    req.mutable_network()->set_county_code("17");
    v1::Network out;
    grpc::Status s = stub_->CreateNetwork(Admin().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
};

TEST_F(RegistryTest, UnitsLifecycle) {
  v1::Organisation org = CreateOrg("Arvika kommun", 301);
  v1::Unit unit = CreateUnit(org.name(), "Socialförvaltningen");
  EXPECT_EQ(unit.name().rfind(org.name() + "/units/", 0), 0u);
  CreateUnit(org.name(), "Barn- och utbildningsförvaltningen");

  v1::GetUnitRequest get;
  get.set_name(unit.name());
  v1::Unit fetched;
  ASSERT_TRUE(stub_->GetUnit(As(collab::common::v1::ROLE_CASE_WORKER).get(), get, &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "Socialförvaltningen");

  v1::ListUnitsRequest list;
  list.set_parent(org.name());
  list.set_page_size(1);
  v1::ListUnitsResponse page;
  ASSERT_TRUE(stub_->ListUnits(Admin().get(), list, &page).ok());
  EXPECT_EQ(page.units_size(), 1);
  EXPECT_FALSE(page.next_page_token().empty());

  v1::UpdateUnitRequest update;
  *update.mutable_unit() = fetched;
  update.mutable_unit()->set_municipality_code("99");
  update.mutable_update_mask()->add_paths("municipality_code");
  v1::Unit out;
  grpc::Status bad = stub_->UpdateUnit(Admin().get(), update, &out);
  EXPECT_THAT(ViolatedFields(bad), Contains("unit.municipality_code"));
  update.mutable_unit()->set_municipality_code("1730");
  ASSERT_TRUE(stub_->UpdateUnit(Admin().get(), update, &out).ok());
  EXPECT_EQ(out.municipality_code(), "1730");

  v1::DeleteUnitRequest del;
  del.set_name(unit.name());
  ASSERT_TRUE(stub_->DeleteUnit(Admin().get(), del, &out).ok());
  EXPECT_TRUE(out.has_delete_time());

  // A unit under an organisation that does not exist.
  v1::CreateUnitRequest orphan;
  orphan.set_parent("organisations/" + NewUuid());
  orphan.mutable_unit()->set_display_name("Ingen");
  EXPECT_EQ(stub_->CreateUnit(Admin().get(), orphan, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(RegistryTest, ContactsLifecycleAndUnitMustBelongToOrganisation) {
  v1::Organisation org = CreateOrg("Karlstads kommun", 302);
  v1::Organisation other = CreateOrg("Forshaga kommun", 303);
  v1::Unit unit = CreateUnit(org.name(), "Vård och omsorg");
  v1::Unit foreign_unit = CreateUnit(other.name(), "Kultur");

  v1::CreateContactRequest req;
  req.set_parent(org.name());
  req.mutable_contact()->set_full_name("Anna Lindqvist");
  req.mutable_contact()->set_email("anna.lindqvist@karlstad.se");
  req.mutable_contact()->set_role(v1::CONTACT_ROLE_FIRST_LINE_MANAGER);
  req.mutable_contact()->set_unit(foreign_unit.name());
  v1::Contact contact;
  grpc::Status s = stub_->CreateContact(Admin().get(), req, &contact);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), Contains("contact.unit"));

  req.mutable_contact()->set_unit(unit.name());
  req.mutable_contact()->set_email("not an email");
  s = stub_->CreateContact(Admin().get(), req, &contact);
  EXPECT_THAT(ViolatedFields(s), Contains("contact.email"));

  req.mutable_contact()->set_email("anna.lindqvist@karlstad.se");
  ASSERT_TRUE(stub_->CreateContact(Admin().get(), req, &contact).ok());
  EXPECT_EQ(contact.unit(), unit.name());

  v1::GetContactRequest get;
  get.set_name(contact.name());
  v1::Contact fetched;
  ASSERT_TRUE(stub_->GetContact(Admin().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.full_name(), "Anna Lindqvist");

  v1::ListContactsRequest list;
  list.set_parent(org.name());
  list.set_role(v1::CONTACT_ROLE_HR);
  v1::ListContactsResponse listed;
  ASSERT_TRUE(stub_->ListContacts(Admin().get(), list, &listed).ok());
  EXPECT_EQ(listed.contacts_size(), 0);
  list.set_role(v1::CONTACT_ROLE_FIRST_LINE_MANAGER);
  ASSERT_TRUE(stub_->ListContacts(Admin().get(), list, &listed).ok());
  EXPECT_EQ(listed.contacts_size(), 1);

  v1::UpdateContactRequest update;
  *update.mutable_contact() = fetched;
  update.mutable_contact()->set_role(v1::CONTACT_ROLE_HR);
  update.mutable_contact()->clear_unit();
  update.mutable_update_mask()->add_paths("role");
  update.mutable_update_mask()->add_paths("unit");
  v1::Contact updated;
  ASSERT_TRUE(stub_->UpdateContact(Admin().get(), update, &updated).ok());
  EXPECT_EQ(updated.role(), v1::CONTACT_ROLE_HR);
  EXPECT_TRUE(updated.unit().empty());

  v1::DeleteContactRequest del;
  del.set_name(contact.name());
  del.set_etag(updated.etag());
  ASSERT_TRUE(stub_->DeleteContact(Admin().get(), del, &updated).ok());
  EXPECT_TRUE(updated.has_delete_time());
}

TEST_F(RegistryTest, NetworksMembershipsAndOrganisationFilter) {
  v1::Organisation torsby = CreateOrg("Torsby kommun", 304);
  v1::Organisation eda = CreateOrg("Eda kommun", 305);
  v1::Network forum = CreateNetwork("Regionalt forum Värmland");

  v1::CreateMembershipRequest join;
  join.set_parent(forum.name());
  join.mutable_membership()->set_organisation(torsby.name());
  join.mutable_membership()->set_role(v1::MEMBERSHIP_ROLE_MEMBER);
  join.mutable_membership()->mutable_period()->mutable_start_date()->set_year(2024);
  join.mutable_membership()->mutable_period()->mutable_start_date()->set_month(5);
  join.mutable_membership()->mutable_period()->mutable_start_date()->set_day(1);
  v1::Membership membership;
  ASSERT_TRUE(stub_->CreateMembership(Admin().get(), join, &membership).ok());
  EXPECT_EQ(membership.organisation(), torsby.name());
  EXPECT_EQ(membership.period().start_date().year(), 2024);

  // The same organisation cannot hold two live memberships of one network.
  v1::Membership dup;
  EXPECT_EQ(stub_->CreateMembership(Admin().get(), join, &dup).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  join.mutable_membership()->set_organisation("organisations/" + NewUuid());
  grpc::Status s = stub_->CreateMembership(Admin().get(), join, &dup);
  EXPECT_THAT(ViolatedFields(s), Contains("membership.organisation"));

  v1::ListOrganisationsRequest members;
  members.set_network(forum.name());
  v1::ListOrganisationsResponse listed;
  ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), members, &listed).ok());
  ASSERT_EQ(listed.organisations_size(), 1);
  EXPECT_EQ(listed.organisations(0).name(), torsby.name());

  // A membership that has ended no longer counts as in force.
  v1::UpdateMembershipRequest end;
  *end.mutable_membership() = membership;
  auto* end_date = end.mutable_membership()->mutable_period()->mutable_end_date();
  end_date->set_year(2024);
  end_date->set_month(12);
  end_date->set_day(31);
  end.mutable_update_mask()->add_paths("period");
  v1::Membership ended;
  ASSERT_TRUE(stub_->UpdateMembership(Admin().get(), end, &ended).ok());
  ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), members, &listed).ok());
  EXPECT_EQ(listed.organisations_size(), 0);

  v1::GetMembershipRequest get;
  get.set_name(membership.name());
  v1::Membership fetched;
  ASSERT_TRUE(stub_->GetMembership(Admin().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.period().end_date().month(), 12);

  v1::ListMembershipsRequest list;
  list.set_parent(forum.name());
  list.set_organisation(eda.name());
  v1::ListMembershipsResponse memberships;
  ASSERT_TRUE(stub_->ListMemberships(Admin().get(), list, &memberships).ok());
  EXPECT_EQ(memberships.memberships_size(), 0);
  list.clear_organisation();
  ASSERT_TRUE(stub_->ListMemberships(Admin().get(), list, &memberships).ok());
  EXPECT_EQ(memberships.memberships_size(), 1);

  v1::DeleteMembershipRequest leave;
  leave.set_name(membership.name());
  ASSERT_TRUE(stub_->DeleteMembership(Admin().get(), leave, &fetched).ok());
  EXPECT_TRUE(fetched.has_delete_time());
}

TEST_F(RegistryTest, NetworksLifecycle) {
  v1::Network kg = CreateNetwork("Kunskapsgrupp Momentum");
  v1::GetNetworkRequest get;
  get.set_name(kg.name());
  v1::Network fetched;
  ASSERT_TRUE(stub_->GetNetwork(As(collab::common::v1::ROLE_FUNDER).get(), get, &fetched).ok());

  v1::UpdateNetworkRequest update;
  *update.mutable_network() = fetched;
  update.mutable_network()->set_kind(v1::NETWORK_KIND_KNOWLEDGE_GROUP);
  auto* period = update.mutable_network()->mutable_period();
  period->mutable_start_date()->set_year(2024);
  period->mutable_start_date()->set_month(5);
  period->mutable_start_date()->set_day(1);
  period->mutable_end_date()->set_year(2027);
  period->mutable_end_date()->set_month(4);
  period->mutable_end_date()->set_day(31);  // April has 30 days
  update.mutable_update_mask()->add_paths("kind");
  update.mutable_update_mask()->add_paths("period");
  v1::Network out;
  grpc::Status s = stub_->UpdateNetwork(Admin().get(), update, &out);
  EXPECT_THAT(ViolatedFields(s), Contains("network.period.end_date"));
  period->mutable_end_date()->set_day(30);
  ASSERT_TRUE(stub_->UpdateNetwork(Admin().get(), update, &out).ok());
  EXPECT_EQ(out.kind(), v1::NETWORK_KIND_KNOWLEDGE_GROUP);

  v1::ListNetworksRequest list;
  list.set_kind(v1::NETWORK_KIND_KNOWLEDGE_GROUP);
  v1::ListNetworksResponse listed;
  ASSERT_TRUE(stub_->ListNetworks(Admin().get(), list, &listed).ok());
  ASSERT_EQ(listed.networks_size(), 1);
  EXPECT_EQ(listed.networks(0).period().end_date().day(), 30);

  v1::DeleteNetworkRequest del;
  del.set_name(kg.name());
  ASSERT_TRUE(stub_->DeleteNetwork(Admin().get(), del, &out).ok());
  ASSERT_TRUE(stub_->ListNetworks(Admin().get(), list, &listed).ok());
  EXPECT_EQ(listed.networks_size(), 0);
}

}  // namespace
}  // namespace collab::organisations
