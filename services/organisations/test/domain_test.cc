#include <gtest/gtest.h>

#include "services/organisations/domain/organisation_number.h"
#include "services/organisations/domain/validation.h"

namespace collab::organisations {
namespace {

TEST(OrganisationNumberTest, AcceptsValidFormsAndNormalises) {
  // Försäkringskassan.
  EXPECT_EQ(*NormaliseOrganisationNumber("202100-5521"), "202100-5521");
  EXPECT_EQ(*NormaliseOrganisationNumber("2021005521"), "202100-5521");
  EXPECT_EQ(*NormaliseOrganisationNumber("162021005521"), "202100-5521");
}

TEST(OrganisationNumberTest, RefusesEachBrokenRule) {
  EXPECT_NE(NormaliseOrganisationNumber("202100-5522").status().message().find("check digit"),
            std::string::npos);
  // Third digit below 2 reads as a date of birth (a personnummer), never an organisation.
  EXPECT_NE(NormaliseOrganisationNumber("811218-9876").status().message().find("third digit"),
            std::string::npos);
  EXPECT_FALSE(NormaliseOrganisationNumber("20210-55211").ok());
  EXPECT_FALSE(NormaliseOrganisationNumber("2021005-521").ok());
  EXPECT_FALSE(NormaliseOrganisationNumber("20210A-5521").ok());
  EXPECT_FALSE(NormaliseOrganisationNumber("").ok());
  EXPECT_FALSE(NormaliseOrganisationNumber("172021005521").ok());
}

TEST(OrganisationNumberTest, LegalFormFromFirstDigit) {
  EXPECT_EQ(LegalFormOf("202100-5521"), "state, region, municipality or parish");
  EXPECT_EQ(LegalFormOf("556000-0000"), "limited company");
  EXPECT_EQ(LegalFormOf("802000-0000"), "non-profit association or foundation");
}

TEST(ValidationTest, CountyAndMunicipalityCodes) {
  EXPECT_TRUE(IsCountyCode("17"));
  EXPECT_FALSE(IsCountyCode("02"));  // retired in 1968
  EXPECT_FALSE(IsCountyCode("26"));
  EXPECT_TRUE(IsMunicipalityCode("1784"));  // Arvika
  EXPECT_FALSE(IsMunicipalityCode("9984"));
  EXPECT_FALSE(IsMunicipalityCode("178"));
}

TEST(ValidationTest, Email) {
  EXPECT_TRUE(IsPlausibleEmail("anna.svensson@arvika.se"));
  EXPECT_FALSE(IsPlausibleEmail("anna.svensson"));
  EXPECT_FALSE(IsPlausibleEmail("a@b"));
  EXPECT_FALSE(IsPlausibleEmail("a b@c.se"));
  EXPECT_FALSE(IsPlausibleEmail("a@@c.se"));
}

TEST(ValidationTest, OrganisationNamesEveryBadField) {
  v1::Organisation org;
  org.set_display_name("   ");
  org.set_organisation_number("202100-5522");
  org.set_county_code("99");
  FieldViolations v;
  ValidateOrganisation(org, "organisation.", v);
  const std::string message(v.ToStatus().message());
  for (const char* field : {"organisation.display_name", "organisation.kind",
                            "organisation.organisation_number", "organisation.county_code"}) {
    EXPECT_NE(message.find(field), std::string::npos) << field << " in " << message;
  }
}

TEST(ValidationTest, OrganisationIsNormalised) {
  v1::Organisation org;
  org.set_display_name("  Arvika kommun ");
  org.set_kind(v1::ORGANISATION_KIND_MUNICIPALITY);
  org.set_organisation_number("2021005521");
  FieldViolations v;
  ValidateOrganisation(org, "", v);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(org.display_name(), "Arvika kommun");
  EXPECT_EQ(org.organisation_number(), "202100-5521");
}

TEST(ValidationTest, MembershipPeriodMustBeRealAndOrdered) {
  v1::Membership m;
  m.set_organisation("organisations/123e4567-e89b-42d3-a456-426614174000");
  m.set_role(v1::MEMBERSHIP_ROLE_MEMBER);
  m.mutable_period()->mutable_start_date()->set_year(2016);
  m.mutable_period()->mutable_start_date()->set_month(9);
  m.mutable_period()->mutable_start_date()->set_day(31);
  FieldViolations v;
  ValidateMembership(m, "membership.", v);
  EXPECT_NE(v.ToStatus().message().find("membership.period.start_date"), std::string::npos);
}

}  // namespace
}  // namespace collab::organisations
