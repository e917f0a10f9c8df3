// Who sees what of a return-to-work case (domain.md, "Who sees what"), end to end: real bearer
// tokens through collab-gateway to the real collab-cases and collab-organisations processes.
// A table of callers × (answer, restricted fields, employee), then consent given and revoked
// changing what the employer sees.
#include <functional>

#include "absl/time/clock.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/e2e/cases_stack_suite.h"

namespace collab::e2e {
namespace {

namespace cv1 = collab::cases::v1;
namespace ov1 = collab::organisations::v1;
using google::protobuf::util::TimeUtil;

class CasesRolesTest : public CasesStackSuite<CasesRolesTest> {};

enum class Sees { kRefusedByPolicy, kNothing, kCaseOnly, kEverything };

TEST_F(CasesRolesTest, EachCallerSeesExactlyWhatDomainMdAllows) {
  const std::string fk = Org("Försäkringskassan", ov1::ORGANISATION_KIND_AGENCY);
  const std::string employer = Org("Karlstads kommun", ov1::ORGANISATION_KIND_MUNICIPALITY);
  const std::string other = Org("Arvika kommun", ov1::ORGANISATION_KIND_MUNICIPALITY);
  const std::string oh = Org("Feelgood Värmland", ov1::ORGANISATION_KIND_OCCUPATIONAL_HEALTH_PROVIDER);
  const std::string case_worker = stack_->TokenFor("CASE_WORKER", fk, "handlaggare-e2e");

  cv1::CreateCaseRequest create;
  cv1::Case* in = create.mutable_case_();
  in->set_employer("organisations/" + employer);
  in->set_employee_identity_number(PersonNumber("780312238"));
  in->set_employee_display_name("Maria Lindqvist");
  in->mutable_first_sick_day()->set_year(2026);
  in->mutable_first_sick_day()->set_month(10);
  in->mutable_first_sick_day()->set_day(5);
  in->set_expected_duration_days(90);
  in->set_assigned_case_worker("handlaggare-e2e");
  in->set_occupational_health_provider("organisations/" + oh);
  in->set_diagnosis_category(cv1::DIAGNOSIS_CATEGORY_MENTAL);
  in->set_medical_notes("Utmattningssyndrom, gradvis upptrappning");
  cv1::Case created;
  grpc::Status s = cases_->CreateCase(BearerContext(case_worker).get(), create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.masked_employee_identity_number(), "19780312-****");

  struct Row {
    const char* who;
    std::string token;
    Sees sees;
  };
  const std::vector<Row> table = {
      {"assigned case worker", case_worker, Sees::kEverything},
      {"another case worker", stack_->TokenFor("CASE_WORKER", fk, "annan-handlaggare"),
       Sees::kNothing},
      {"the employer's HR", stack_->TokenFor("EMPLOYER_HR", employer), Sees::kCaseOnly},
      {"another employer's HR", stack_->TokenFor("EMPLOYER_HR", other), Sees::kNothing},
      {"engaged occupational health", stack_->TokenFor("OCCUPATIONAL_HEALTH", oh), Sees::kCaseOnly},
      {"other occupational health", stack_->TokenFor("OCCUPATIONAL_HEALTH", other), Sees::kNothing},
      {"analyst", stack_->TokenFor("ANALYST", fk), Sees::kRefusedByPolicy},
      {"funder", stack_->TokenFor("FUNDER", employer), Sees::kRefusedByPolicy},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.who);
    cv1::GetCaseRequest get;
    get.set_name(created.name());
    cv1::Case got;
    s = cases_->GetCase(BearerContext(row.token).get(), get, &got);
    switch (row.sees) {
      case Sees::kRefusedByPolicy:
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
        continue;
      case Sees::kNothing:
        // A foreign case is never admitted to exist, and the answer says nothing about it.
        EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
        EXPECT_EQ(s.error_message().find(created.name()), std::string::npos);
        continue;
      case Sees::kCaseOnly:
        ASSERT_TRUE(s.ok()) << s.error_message();
        EXPECT_EQ(got.diagnosis_category(), cv1::DIAGNOSIS_CATEGORY_UNSPECIFIED);
        EXPECT_TRUE(got.medical_notes().empty());
        break;
      case Sees::kEverything:
        ASSERT_TRUE(s.ok()) << s.error_message();
        EXPECT_EQ(got.diagnosis_category(), cv1::DIAGNOSIS_CATEGORY_MENTAL);
        EXPECT_EQ(got.medical_notes(), "Utmattningssyndrom, gradvis upptrappning");
        break;
    }
    // Whoever sees the case sees the masked number, never the full one.
    EXPECT_EQ(got.masked_employee_identity_number(), "19780312-****");
    EXPECT_TRUE(got.employee_identity_number().empty());
  }

  // Consent to share the diagnosis category with the employer shows it to the employer's HR
  // until it is revoked.
  const std::string hr = stack_->TokenFor("EMPLOYER_HR", employer);
  cv1::GiveConsentRequest give;
  give.set_parent(created.name());
  cv1::Consent* consent = give.mutable_consent();
  consent->set_party_organisation("organisations/" + employer);
  consent->set_purpose(cv1::CONSENT_PURPOSE_WORK_ADAPTATION);
  consent->add_scope(cv1::RESTRICTED_FIELD_DIAGNOSIS_CATEGORY);
  consent->set_document_reference("Samtycke 2026-10-20");
  *consent->mutable_give_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now() - absl::Seconds(5)));
  cv1::Consent given;
  EXPECT_EQ(cases_->GiveConsent(BearerContext(hr).get(), give, &given).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // FK records consent, not the employer
  s = cases_->GiveConsent(BearerContext(case_worker).get(), give, &given);
  ASSERT_TRUE(s.ok()) << s.error_message();
  cv1::GetCaseRequest get;
  get.set_name(created.name());
  cv1::Case got;
  ASSERT_TRUE(cases_->GetCase(BearerContext(hr).get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), cv1::DIAGNOSIS_CATEGORY_MENTAL);
  EXPECT_TRUE(got.medical_notes().empty());  // not in the consent's scope

  cv1::RevokeConsentRequest revoke;
  revoke.set_name(given.name());
  cv1::Consent revoked;
  ASSERT_TRUE(cases_->RevokeConsent(BearerContext(case_worker).get(), revoke, &revoked).ok());
  ASSERT_TRUE(cases_->GetCase(BearerContext(hr).get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), cv1::DIAGNOSIS_CATEGORY_UNSPECIFIED);

  // Every read above, allowed or refused on this existing case, is on the case's audit chain,
  // and the chain verifies.
  cv1::ListAuditEventsRequest audit;
  audit.set_case_name(created.name());
  audit.set_page_size(100);
  cv1::ListAuditEventsResponse events;
  s = cases_->ListAuditEvents(BearerContext(case_worker).get(), audit, &events);
  ASSERT_TRUE(s.ok()) << s.error_message();
  int denied = 0;
  for (const auto& e : events.audit_events()) denied += e.action() == cv1::AUDIT_ACTION_DENIED;
  EXPECT_GE(denied, 3);  // the other case worker, the other HR, the other occupational health
}

}  // namespace
}  // namespace collab::e2e
