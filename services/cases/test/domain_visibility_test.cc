#include <gtest/gtest.h>

#include <string>

#include "services/cases/domain/visibility.h"

namespace collab::cases {
namespace {

using F = RestrictedField;

const absl::Time kNow = absl::FromUnixSeconds(1717236000);  // 2024-06-01T10:00:00Z

// One case: employer "kommun-a", unit "unit-7", FK office "fk"/"office-1", case worker
// "cw-assigned", occupational health provider "fhv-1".
CaseAccessFacts Case() {
  CaseAccessFacts c;
  c.employer_organisation_id = "kommun-a";
  c.unit_id = "unit-7";
  c.assigned_case_worker = "cw-assigned";
  c.office_organisation_id = "fk";
  c.office_unit_id = "office-1";
  c.occupational_health_organisation_id = "fhv-1";
  return c;
}

Viewer V(Role role, std::string org, std::string subject = "someone", std::string unit = "",
         std::string office = "") {
  return Viewer{std::move(subject), std::move(org), {role}, std::move(unit), std::move(office)};
}

ConsentFacts Consent(std::string party, std::vector<F> scope) {
  ConsentFacts c;
  c.party_organisation_id = std::move(party);
  c.scope = std::move(scope);
  c.give_time = kNow - absl::Hours(24);
  return c;
}

struct Row {
  std::string name;
  Viewer viewer;
  bool visible;
  bool diagnosis;
  bool notes;
};

void ExpectRows(const std::vector<Row>& rows, const std::vector<ConsentFacts>& consents) {
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    CaseVisibility v = DecideVisibility(row.viewer, Case(), consents, kNow);
    EXPECT_EQ(v.visible, row.visible);
    EXPECT_EQ(v.Sees(F::kDiagnosisCategory), row.diagnosis);
    EXPECT_EQ(v.Sees(F::kMedicalNotes), row.notes);
    if (v.visible) {
      EXPECT_EQ(v.visible_fields.size() + v.withheld_fields.size(), 2u);
      EXPECT_TRUE(v.access_role.has_value());
    } else {
      EXPECT_TRUE(v.withheld_fields.empty());
      EXPECT_FALSE(v.access_role.has_value());
    }
  }
}

// Roles × fields without any consent (domain.md, "Who sees what").
TEST(VisibilityTest, RolesWithoutConsent) {
  ExpectRows(
      {
          {"case worker of the office", V(Role::kCaseWorker, "fk", "cw-2", "", "office-1"), true,
           true, true},
          {"assigned case worker, other office",
           V(Role::kCaseWorker, "fk", "cw-assigned", "", "office-9"), true, true, true},
          {"case worker of another office", V(Role::kCaseWorker, "fk", "cw-3", "", "office-9"),
           false, false, false},
          {"office id of another organisation",
           V(Role::kCaseWorker, "other", "cw-4", "", "office-1"), false, false, false},
          {"agency system of FK", V(Role::kAgencySystem, "fk"), true, true, true},
          {"agency system of another agency", V(Role::kAgencySystem, "af"), false, false, false},
          {"employer HR", V(Role::kEmployerHr, "kommun-a"), true, false, false},
          {"HR of another employer", V(Role::kEmployerHr, "kommun-b"), false, false, false},
          {"manager of the unit", V(Role::kEmployerManager, "kommun-a", "m", "unit-7"), true, false,
           false},
          {"manager of another unit", V(Role::kEmployerManager, "kommun-a", "m", "unit-8"), false,
           false, false},
          {"manager without a unit", V(Role::kEmployerManager, "kommun-a"), false, false, false},
          {"manager of same unit id elsewhere",
           V(Role::kEmployerManager, "kommun-b", "m", "unit-7"), false, false, false},
          {"engaged occupational health", V(Role::kOccupationalHealth, "fhv-1"), true, false,
           false},
          {"other occupational health", V(Role::kOccupationalHealth, "fhv-2"), false, false, false},
          {"analyst", V(Role::kAnalyst, "kommun-a"), false, false, false},
          {"funder", V(Role::kFunder, "kommun-a"), false, false, false},
          {"admin", V(Role::kAdmin, "fk"), false, false, false},
          {"project manager", V(Role::kProjectManager, "kommun-a"), false, false, false},
          {"service", V(Role::kService, "fk"), false, false, false},
      },
      {});
}

TEST(VisibilityTest, ConsentToTheEmployerOpensTheNamedFieldsToItOnly) {
  const std::vector<ConsentFacts> consents = {Consent("kommun-a", {F::kDiagnosisCategory})};
  ExpectRows(
      {
          {"employer HR", V(Role::kEmployerHr, "kommun-a"), true, true, false},
          {"manager of the unit", V(Role::kEmployerManager, "kommun-a", "m", "unit-7"), true, true,
           false},
          // The consent names the employer, not the occupational health provider.
          {"engaged occupational health", V(Role::kOccupationalHealth, "fhv-1"), true, false,
           false},
          // Consent never opens a case the role may not see.
          {"HR of another employer", V(Role::kEmployerHr, "kommun-b"), false, false, false},
          {"manager of another unit", V(Role::kEmployerManager, "kommun-a", "m", "unit-8"), false,
           false, false},
          {"analyst of the employer", V(Role::kAnalyst, "kommun-a"), false, false, false},
      },
      consents);
}

TEST(VisibilityTest, ConsentToOccupationalHealth) {
  ExpectRows(
      {
          {"engaged occupational health", V(Role::kOccupationalHealth, "fhv-1"), true, true, true},
          {"employer HR", V(Role::kEmployerHr, "kommun-a"), true, false, false},
      },
      {Consent("fhv-1", {F::kDiagnosisCategory, F::kMedicalNotes})});
}

TEST(VisibilityTest, ConsentGivenRevokedAndExpired) {
  const Viewer hr = V(Role::kEmployerHr, "kommun-a");
  ConsentFacts c = Consent("kommun-a", {F::kDiagnosisCategory, F::kMedicalNotes});
  auto sees = [&](const ConsentFacts& consent) {
    return DecideVisibility(hr, Case(), {consent}, kNow).Sees(F::kDiagnosisCategory);
  };
  EXPECT_TRUE(sees(c));
  // Given exactly now: in force. Given a second from now: not yet.
  c.give_time = kNow;
  EXPECT_TRUE(sees(c));
  c.give_time = kNow + absl::Seconds(1);
  EXPECT_FALSE(sees(c));
  c.give_time = kNow - absl::Hours(24);
  // Revoked a second from now: still in force; revoked now: withheld at once.
  c.revoke_time = kNow + absl::Seconds(1);
  EXPECT_TRUE(sees(c));
  c.revoke_time = kNow;
  EXPECT_FALSE(sees(c));
  CaseVisibility v = DecideVisibility(hr, Case(), {c}, kNow);
  EXPECT_TRUE(v.visible);
  EXPECT_EQ(v.withheld_fields, (std::vector<F>{F::kDiagnosisCategory, F::kMedicalNotes}));
  c.revoke_time.reset();
  c.expire_time = kNow;
  EXPECT_FALSE(sees(c));
  c.expire_time = kNow + absl::Hours(1);
  EXPECT_TRUE(sees(c));
  // A revoked consent beside a newer one in force: the newer one counts.
  ConsentFacts revoked = Consent("kommun-a", {F::kDiagnosisCategory});
  revoked.revoke_time = kNow - absl::Hours(1);
  EXPECT_TRUE(DecideVisibility(hr, Case(), {revoked, c}, kNow).Sees(F::kDiagnosisCategory));
}

TEST(VisibilityTest, RolesAddUp) {
  Viewer v = V(Role::kEmployerHr, "kommun-b");
  v.roles.push_back(Role::kOccupationalHealth);
  EXPECT_FALSE(DecideVisibility(v, Case(), {}, kNow).visible);
  v.organisation_id = "fhv-1";
  CaseVisibility got = DecideVisibility(v, Case(), {}, kNow);
  EXPECT_TRUE(got.visible);
  EXPECT_EQ(got.access_role, Role::kOccupationalHealth);
  // An admin who is also a case worker of the office sees the case as the case worker.
  Viewer admin = V(Role::kAdmin, "fk", "cw-9", "", "office-1");
  admin.roles.push_back(Role::kCaseWorker);
  got = DecideVisibility(admin, Case(), {}, kNow);
  EXPECT_TRUE(got.visible);
  EXPECT_EQ(got.access_role, Role::kCaseWorker);
  EXPECT_TRUE(got.Sees(F::kMedicalNotes));
}

TEST(VisibilityTest, EmptyIdentifiersNeverMatch) {
  CaseAccessFacts c;  // nothing set: no provider, no office, no assignee
  c.employer_organisation_id = "kommun-a";
  EXPECT_FALSE(DecideVisibility(V(Role::kOccupationalHealth, ""), c, {}, kNow).visible);
  EXPECT_FALSE(DecideVisibility(V(Role::kCaseWorker, "", ""), c, {}, kNow).visible);
  EXPECT_FALSE(DecideVisibility(V(Role::kAgencySystem, ""), c, {}, kNow).visible);
  EXPECT_FALSE(DecideVisibility(V(Role::kEmployerManager, "kommun-a"), c, {}, kNow).visible);
  // A consent without a party opens nothing.
  EXPECT_FALSE(DecideVisibility(V(Role::kEmployerHr, "kommun-a"), c,
                                {Consent("", {F::kDiagnosisCategory})}, kNow)
                   .Sees(F::kDiagnosisCategory));
}

TEST(VisibilityTest, ProtectedIdentityOnlyForTheAssignedCaseWorker) {
  CaseAccessFacts c = Case();
  c.protected_identity = true;
  EXPECT_TRUE(
      DecideVisibility(V(Role::kCaseWorker, "fk", "cw-assigned"), c, {}, kNow).identity_visible);
  EXPECT_FALSE(DecideVisibility(V(Role::kCaseWorker, "fk", "cw-2", "", "office-1"), c, {}, kNow)
                   .identity_visible);
  EXPECT_FALSE(DecideVisibility(V(Role::kEmployerHr, "kommun-a"), c, {}, kNow).identity_visible);
  EXPECT_TRUE(
      DecideVisibility(V(Role::kEmployerHr, "kommun-a"), Case(), {}, kNow).identity_visible);
}

// Consents are seen by the parties they concern (GDPR art. 5.1 c): FK's roles see every consent
// of a case they see, the employer and occupational health only those given to their own
// organisation, a viewer who does not see the case none.
TEST(VisibilityTest, ConsentAudience) {
  auto audience = [](const Viewer& v) {
    return ConsentAudienceOf(v, DecideVisibility(v, Case(), {}, kNow));
  };
  for (const Viewer& fk : {V(Role::kCaseWorker, "fk", "cw-1", "", "office-1"),
                           V(Role::kAgencySystem, "fk")}) {
    EXPECT_TRUE(audience(fk).Sees("kommun-a"));
    EXPECT_TRUE(audience(fk).Sees("fhv-1"));
  }
  for (const Viewer& employer : {V(Role::kEmployerHr, "kommun-a"),
                                 V(Role::kEmployerManager, "kommun-a", "m", "unit-7")}) {
    EXPECT_TRUE(audience(employer).Sees("kommun-a"));
    EXPECT_FALSE(audience(employer).Sees("fhv-1"));
  }
  EXPECT_TRUE(audience(V(Role::kOccupationalHealth, "fhv-1")).Sees("fhv-1"));
  EXPECT_FALSE(audience(V(Role::kOccupationalHealth, "fhv-1")).Sees("kommun-a"));
  // Roles add up only where they grant the case: a case worker of another office who is also
  // the employer's HR sees the case, and its consents, as HR.
  Viewer mixed = V(Role::kEmployerHr, "kommun-a", "x", "", "office-2");
  mixed.roles.push_back(Role::kCaseWorker);
  EXPECT_FALSE(audience(mixed).Sees("fhv-1"));
  // Not seeing the case, or no organisation: no consent (empty identifiers never match).
  EXPECT_FALSE(audience(V(Role::kEmployerHr, "kommun-b")).Sees("kommun-b"));
  EXPECT_FALSE(audience(V(Role::kEmployerHr, "kommun-a")).Sees(""));
}

TEST(VisibilityTest, MaySeeCases) {
  EXPECT_TRUE(MaySeeCases({Role::kEmployerHr}));
  EXPECT_TRUE(MaySeeCases({Role::kAdmin, Role::kCaseWorker}));
  EXPECT_FALSE(MaySeeCases({Role::kAnalyst, Role::kFunder, Role::kAdmin, Role::kProjectManager}));
  EXPECT_FALSE(MaySeeCases({}));
}

}  // namespace
}  // namespace collab::cases
