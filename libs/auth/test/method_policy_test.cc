#include "libs/auth/method_policy.h"

#include <gtest/gtest.h>

namespace collab::auth {
namespace {

Principal WithRole(Role role, std::string service = "") {
  Principal p;
  p.set_subject("s");
  p.add_roles(role);
  p.set_service_name(service);
  return p;
}

TEST(MethodPolicyTest, UnknownMethodIsNotInTable) {
  EXPECT_EQ(FindMethodPolicy("/collab.organisations.v1.OrganisationService/Nope"), nullptr);
}

TEST(MethodPolicyTest, RolesAndServices) {
  const MethodPolicy* create =
      FindMethodPolicy("/collab.organisations.v1.OrganisationService/CreateOrganisation");
  ASSERT_NE(create, nullptr);
  EXPECT_TRUE(PolicyAllows(*create, WithRole(collab::common::v1::ROLE_ADMIN)));
  EXPECT_FALSE(PolicyAllows(*create, WithRole(collab::common::v1::ROLE_CASE_WORKER)));

  const MethodPolicy* get =
      FindMethodPolicy("/collab.organisations.v1.OrganisationService/GetOrganisation");
  ASSERT_NE(get, nullptr);
  EXPECT_TRUE(PolicyAllows(*get, WithRole(collab::common::v1::ROLE_SERVICE, "cases")));
  EXPECT_FALSE(PolicyAllows(*get, WithRole(collab::common::v1::ROLE_SERVICE, "case")));

  const MethodPolicy* contacts =
      FindMethodPolicy("/collab.organisations.v1.OrganisationService/ListContacts");
  EXPECT_FALSE(PolicyAllows(*contacts, WithRole(collab::common::v1::ROLE_ANALYST)));
}

}  // namespace
}  // namespace collab::auth
