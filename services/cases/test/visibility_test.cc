// Who sees what (domain.md; domain/visibility.h), over the real service: a table of roles ×
// (sees the case, sees restricted fields, sees the employee) for GetCase and ListCases, and
// consent given/revoked changing what the employer sees.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_AGENCY_SYSTEM;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_OCCUPATIONAL_HEALTH;

class VisibilityTest : public CaseServiceTest {};

enum class Sees { kNothing, kRefusedByPolicy, kCaseOnly, kEverything };

struct Row {
  const char* who;
  std::function<auth::Principal()> principal;
  Sees sees;
};

TEST_F(VisibilityTest, EachRoleSeesExactlyWhatDomainMdAllows) {
  const v1::Case created = Create(SampleCase(10));
  const std::vector<Row> table = {
      {"case worker of the office", [] { return CaseWorker(); }, Sees::kEverything},
      {"case worker of another office",
       [] { return P(ROLE_CASE_WORKER, fk_, "cw-f2", "", f2_); }, Sees::kNothing},
      {"assigned case worker of another office",
       [] { return P(ROLE_CASE_WORKER, fk_, "cw-assigned", "", f2_); }, Sees::kEverything},
      {"case worker with the office id of another organisation",
       [] { return P(ROLE_CASE_WORKER, employer_b_, "cw-x", "", f1_); }, Sees::kNothing},
      {"agency system of FK", [] { return P(ROLE_AGENCY_SYSTEM, fk_); }, Sees::kEverything},
      {"agency system of another organisation", [] { return P(ROLE_AGENCY_SYSTEM, employer_b_); },
       Sees::kNothing},
      {"employer HR", [] { return P(ROLE_EMPLOYER_HR, employer_a_); }, Sees::kCaseOnly},
      {"another employer's HR", [] { return P(ROLE_EMPLOYER_HR, employer_b_); }, Sees::kNothing},
      {"manager of the unit", [] { return P(ROLE_EMPLOYER_MANAGER, employer_a_, "m1", unit_a1_); },
       Sees::kCaseOnly},
      {"manager of another unit",
       [] { return P(ROLE_EMPLOYER_MANAGER, employer_a_, "m2", unit_a2_); }, Sees::kNothing},
      {"manager without a unit", [] { return P(ROLE_EMPLOYER_MANAGER, employer_a_, "m3"); },
       Sees::kNothing},
      {"engaged occupational health", [] { return P(ROLE_OCCUPATIONAL_HEALTH, oh_); },
       Sees::kCaseOnly},
      {"other occupational health", [] { return P(ROLE_OCCUPATIONAL_HEALTH, employer_b_); },
       Sees::kNothing},
      {"analyst", [] { return P(ROLE_ANALYST, employer_a_); }, Sees::kRefusedByPolicy},
      {"funder", [] { return P(ROLE_FUNDER, employer_a_); }, Sees::kRefusedByPolicy},
      {"admin", [] { return P(ROLE_ADMIN, fk_); }, Sees::kRefusedByPolicy},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.who);
    v1::GetCaseRequest get;
    get.set_name(created.name());
    v1::Case got;
    grpc::Status s = stub_->GetCase(Ctx(row.principal()).get(), get, &got);
    v1::ListCasesRequest list;
    v1::ListCasesResponse listed;
    grpc::Status ls = stub_->ListCases(Ctx(row.principal()).get(), list, &listed);
    switch (row.sees) {
      case Sees::kRefusedByPolicy:
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        EXPECT_EQ(ls.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        continue;
      case Sees::kNothing:
        EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
        ASSERT_TRUE(ls.ok()) << ls.error_message();
        for (const v1::Case& c : listed.cases()) EXPECT_NE(c.name(), created.name());
        continue;
      case Sees::kCaseOnly:
      case Sees::kEverything:
        break;
    }
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(got.employer(), created.employer());
    EXPECT_EQ(got.masked_employee_identity_number(), "19850101-****");
    EXPECT_EQ(got.employee_display_name(), "Anna Andersson");
    EXPECT_TRUE(got.employee_identity_number().empty());
    if (row.sees == Sees::kEverything) {
      EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);
      EXPECT_EQ(got.medical_notes(), "Utmattningssyndrom, gradvis upptrappning");
      EXPECT_TRUE(got.withheld_fields().empty());
    } else {
      EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);
      EXPECT_TRUE(got.medical_notes().empty());
      EXPECT_THAT(got.withheld_fields(),
                  ::testing::UnorderedElementsAre(v1::RESTRICTED_FIELD_DIAGNOSIS_CATEGORY,
                                                  v1::RESTRICTED_FIELD_MEDICAL_NOTES));
    }
    ASSERT_TRUE(ls.ok()) << ls.error_message();
    bool found = false;
    for (const v1::Case& c : listed.cases()) {
      if (c.name() != created.name()) continue;
      found = true;
      EXPECT_EQ(c.diagnosis_category(), got.diagnosis_category());
      EXPECT_EQ(c.withheld_fields_size(), got.withheld_fields_size());
    }
    EXPECT_TRUE(found);
  }
}

TEST_F(VisibilityTest, ProtectedIdentityIsShownToTheAssignedCaseWorkerOnly) {
  v1::Case c = SampleCase(11);
  c.set_protected_identity(true);
  const v1::Case created = Create(c);
  EXPECT_EQ(created.masked_employee_identity_number(), "********-****");  // creator not assigned
  EXPECT_TRUE(created.employee_display_name().empty());
  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case got;
  ASSERT_TRUE(stub_->GetCase(Ctx(P(ROLE_CASE_WORKER, fk_, "cw-assigned", "", f2_)).get(), get, &got).ok());
  EXPECT_EQ(got.masked_employee_identity_number(), "19850101-****");
  EXPECT_EQ(got.employee_display_name(), "Anna Andersson");
  ASSERT_TRUE(stub_->GetCase(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), get, &got).ok());
  EXPECT_EQ(got.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(got.employee_display_name().empty());
}

// Consents are recorded here directly in the table (GiveConsent/RevokeConsent are not served
// yet); what this checks is that reads honour a consent in force and stop when it is revoked.
TEST_F(VisibilityTest, ConsentGivenAndRevokedChangesWhatTheEmployerSees) {
  const v1::Case created = Create(SampleCase(12));
  const std::string id = IdOf(created.name());
  auto hr = [] { return Ctx(P(ROLE_EMPLOYER_HR, employer_a_)); };
  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case got;
  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);

  auto exec = [](const std::string& sql) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec(sql);
    tx.commit();
  };
  exec("INSERT INTO cases.consents (id, case_id, party_organisation_id, purpose, scope, give_time, "
       "document_reference, recorded_by) VALUES (gen_random_uuid(), '" + id + "', '" + employer_a_ +
       "', 1, '{1}', now() - interval '1 minute', 'doc-1', 'cw-f1')");
  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);
  EXPECT_TRUE(got.medical_notes().empty());  // not in the consent's scope
  EXPECT_THAT(got.withheld_fields(), ::testing::ElementsAre(v1::RESTRICTED_FIELD_MEDICAL_NOTES));
  // The consent is to employer A only: occupational health still sees nothing restricted.
  ASSERT_TRUE(stub_->GetCase(Ctx(P(ROLE_OCCUPATIONAL_HEALTH, oh_)).get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);

  exec("UPDATE cases.consents SET revoke_time = now() WHERE case_id = '" + id + "'");
  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);
}

TEST_F(VisibilityTest, ReadsAreAuditedWithTheFieldsDisclosed) {
  const v1::Case created = Create(SampleCase(13));
  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case got;
  ASSERT_TRUE(stub_->GetCase(Ctx(P(ROLE_EMPLOYER_HR, employer_a_, "hr-1")).get(), get, &got).ok());
  auto conn = Superuser();
  pqxx::work tx(*conn);
  pqxx::row r = tx.exec1("SELECT action, actor_organisation, array_to_string(fields, ','), reason, "
                         "method FROM cases.audit_events WHERE case_id = '" + IdOf(created.name()) +
                         "' AND actor = 'hr-1'");
  EXPECT_EQ(r[0].as<int>(), v1::AUDIT_ACTION_READ);
  EXPECT_EQ(std::string(r[1].c_str()), "organisations/" + employer_a_);
  EXPECT_THAT(r[2].c_str(), ::testing::Not(::testing::HasSubstr("diagnosis")));
  EXPECT_THAT(r[2].c_str(), ::testing::HasSubstr("employee_display_name"));
  EXPECT_THAT(r[3].c_str(), ::testing::HasSubstr("EMPLOYER_HR"));
  EXPECT_STREQ(r[4].c_str(), "/collab.cases.v1.CaseService/GetCase");
}

}  // namespace
}  // namespace collab::cases
