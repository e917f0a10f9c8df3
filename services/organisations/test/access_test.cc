// Who may call what: the signed principal, the method policy, and object-level checks.
#include "services/organisations/test/service_test_fixture.h"

namespace collab::organisations {
namespace {

using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_SERVICE;

class AccessTest : public OrganisationServiceTest {};

TEST_F(AccessTest, MissingOrForgedPrincipalIsUnauthenticated) {
  v1::ListOrganisationsRequest req;
  v1::ListOrganisationsResponse resp;
  EXPECT_EQ(stub_->ListOrganisations(collab::testing::UnsignedContext().get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auto forged = collab::testing::SignedContext(
      collab::testing::MakePrincipal(collab::common::v1::ROLE_ADMIN),
      "another-key-that-is-long-enough-0123456789");
  EXPECT_EQ(stub_->ListOrganisations(forged.get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A principal with no role at all.
  auth::Principal nobody;
  nobody.set_subject("x");
  EXPECT_EQ(stub_->ListOrganisations(collab::testing::SignedContext(nobody).get(), req, &resp)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessTest, RolesOutsideThePolicyAreRefused) {
  v1::CreateOrganisationRequest create;
  *create.mutable_organisation() = testdata::Org("Refused kommun", 401);
  v1::Organisation out;
  EXPECT_EQ(stub_->CreateOrganisation(As(ROLE_CASE_WORKER).get(), create, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Service principals: only the services the policy names.
  auth::Principal cases = collab::testing::MakePrincipal(ROLE_SERVICE);
  cases.set_service_name("cases");
  v1::ListOrganisationsRequest list;
  v1::ListOrganisationsResponse listed;
  EXPECT_TRUE(stub_->ListOrganisations(collab::testing::SignedContext(cases).get(), list, &listed).ok());
  cases.set_service_name("intruder");
  EXPECT_EQ(stub_->ListOrganisations(collab::testing::SignedContext(cases).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, EmployerHrKeepsOnlyItsOwnUnitsAndSeesOnlyItsOwnContacts) {
  v1::CreateOrganisationRequest create;
  *create.mutable_organisation() = testdata::Org("Kristinehamns kommun", 402);
  v1::Organisation own;
  ASSERT_TRUE(stub_->CreateOrganisation(Admin().get(), create, &own).ok());
  *create.mutable_organisation() = testdata::Org("Torsby kommun", 403);
  v1::Organisation foreign;
  ASSERT_TRUE(stub_->CreateOrganisation(Admin().get(), create, &foreign).ok());
  const std::string own_id = own.name().substr(own.name().rfind('/') + 1);

  v1::CreateUnitRequest unit;
  unit.set_parent(own.name());
  unit.mutable_unit()->set_display_name("HR-avdelningen");
  v1::Unit created;
  EXPECT_TRUE(stub_->CreateUnit(As(ROLE_EMPLOYER_HR, own_id).get(), unit, &created).ok());
  unit.set_parent(foreign.name());
  EXPECT_EQ(stub_->CreateUnit(As(ROLE_EMPLOYER_HR, own_id).get(), unit, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::CreateContactRequest contact;
  contact.set_parent(foreign.name());
  contact.mutable_contact()->set_full_name("Per Nilsson");
  contact.mutable_contact()->set_role(v1::CONTACT_ROLE_HR);
  v1::Contact foreign_contact;
  ASSERT_TRUE(stub_->CreateContact(Admin().get(), contact, &foreign_contact).ok());

  v1::GetContactRequest get;
  get.set_name(foreign_contact.name());
  v1::Contact seen;
  EXPECT_EQ(stub_->GetContact(As(ROLE_EMPLOYER_HR, own_id).get(), get, &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(stub_->GetContact(As(ROLE_CASE_WORKER).get(), get, &seen).ok());
  v1::ListContactsRequest list;
  list.set_parent(foreign.name());
  v1::ListContactsResponse listed;
  ASSERT_TRUE(stub_->ListContacts(As(ROLE_EMPLOYER_HR, own_id).get(), list, &listed).ok());
  EXPECT_EQ(listed.contacts_size(), 0);
  // Analysts read the registry but no personal data.
  EXPECT_EQ(stub_->ListContacts(As(ROLE_ANALYST).get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace collab::organisations
