// GiveConsent / RevokeConsent / ListConsents over the service, and their effect on what the
// employer sees of the case (domain.md, "Who sees what").
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class ConsentTest : public CaseServiceTest {};

TEST_F(ConsentTest, GivenConsentShowsTheNamedFieldToThatEmployerUntilRevoked) {
  const v1::Case created = Create(SampleCase(50));
  auto hr = [] { return Ctx(P(ROLE_EMPLOYER_HR, employer_a_)); };
  v1::GetCaseRequest get;
  get.set_name(created.name());
  v1::Case got;
  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);

  v1::GiveConsentRequest give = EmployerDiagnosisConsent(created, "Samtycke 2026-09-14");
  v1::Consent given;
  // The employer cannot record it (policy: FK's own act).
  EXPECT_EQ(stub_->GiveConsent(hr().get(), give, &given).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &given);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(given.state(), v1::CONSENT_STATE_ACTIVE);
  EXPECT_EQ(given.recorded_by(), "cw-f1");

  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);
  EXPECT_TRUE(got.medical_notes().empty());

  v1::ListConsentsRequest list;
  list.set_parent(created.name());
  v1::ListConsentsResponse listed;
  ASSERT_TRUE(stub_->ListConsents(hr().get(), list, &listed).ok());
  ASSERT_EQ(listed.consents_size(), 1);

  v1::RevokeConsentRequest revoke;
  revoke.set_name(given.name());
  v1::Consent revoked;
  s = stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &revoked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(revoked.state(), v1::CONSENT_STATE_REVOKED);
  ASSERT_TRUE(stub_->GetCase(hr().get(), get, &got).ok());
  EXPECT_EQ(got.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_UNSPECIFIED);
}

TEST_F(ConsentTest, InvalidConsentNamesTheFieldsAndForeignCasesAreNotFound) {
  const v1::Case created = Create(SampleCase(51));
  v1::GiveConsentRequest give;
  give.set_parent(created.name());
  v1::Consent out;
  grpc::Status s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* f : {"consent.party_organisation", "consent.purpose", "consent.scope",
                        "consent.give_time", "consent.document_reference"}) {
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr(f));
  }
  v1::ListConsentsRequest list;
  list.set_parent(created.name());
  v1::ListConsentsResponse listed;
  EXPECT_EQ(stub_->ListConsents(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), list, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// ListConsents pages like every list (conventions.md): a page token is bound to the filters it
// was issued for, the states filter included, and an unknown state is refused.
TEST_F(ConsentTest, ListConsentsTokenIsBoundToTheStatesFilter) {
  const v1::Case created = Create(SampleCase(752));
  v1::GiveConsentRequest give = EmployerDiagnosisConsent(created, "Samtycke 752");
  v1::Consent given;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &given).ok());
  }
  v1::ListConsentsRequest list;
  list.set_parent(created.name());
  list.set_page_size(1);
  list.add_states(v1::CONSENT_STATE_ACTIVE);
  v1::ListConsentsResponse page;
  ASSERT_TRUE(stub_->ListConsents(Ctx(CaseWorker()).get(), list, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());

  // The token with other states: refused, as with any other filter.
  list.set_page_token(page.next_page_token());
  list.clear_states();
  list.add_states(v1::CONSENT_STATE_REVOKED);
  grpc::Status s = stub_->ListConsents(Ctx(CaseWorker()).get(), list, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("page_token"));

  list.clear_page_token();
  list.clear_states();
  list.add_states(static_cast<v1::ConsentState>(99));
  s = stub_->ListConsents(Ctx(CaseWorker()).get(), list, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("states"));
}

}  // namespace
}  // namespace collab::cases
