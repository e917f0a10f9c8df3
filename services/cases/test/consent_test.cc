// GiveConsent / RevokeConsent / ListConsents over the service, and their effect on what the
// employer sees of the case (domain.md, "Who sees what").
#include "services/cases/test/case_service_fixture.h"

#include <functional>
#include <string>
#include <vector>

#include "google/protobuf/util/time_util.h"
#include "libs/common/ids.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using collab::common::v1::ROLE_OCCUPATIONAL_HEALTH;
using google::protobuf::util::TimeUtil;

class ConsentTest : public CaseServiceTest {
 protected:
  // EmployerDiagnosisConsent, given to the case's occupational health provider instead.
  static v1::GiveConsentRequest OccupationalHealthConsent(const v1::Case& c,
                                                          const std::string& document_reference) {
    v1::GiveConsentRequest give = EmployerDiagnosisConsent(c, document_reference);
    give.mutable_consent()->set_party_organisation("organisations/" + oh_);
    give.mutable_consent()->set_purpose(v1::CONSENT_PURPOSE_OCCUPATIONAL_HEALTH_ASSESSMENT);
    give.mutable_consent()->set_purpose_text("Bedömning av arbetsförmåga hos företagshälsan");
    return give;
  }
  // Gives `give` as the F1 case worker; fails the test on error.
  static v1::Consent Give(const v1::GiveConsentRequest& give) {
    v1::Consent out;
    grpc::Status s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  static grpc::Status GetAs(const auth::Principal& p, const std::string& name, v1::Consent* out) {
    v1::GetConsentRequest get;
    get.set_name(name);
    return stub_->GetConsent(Ctx(p).get(), get, out);
  }
  // Every consent ListConsents gives `p` on `case_name`, page by page (`page_size`), in order;
  // fails the test on error.
  static std::vector<std::string> ListAllAs(const auth::Principal& p, const std::string& case_name,
                                            int page_size) {
    v1::ListConsentsRequest list;
    list.set_parent(case_name);
    list.set_page_size(page_size);
    std::vector<std::string> out;
    for (int pages = 0; pages < 20; ++pages) {
      v1::ListConsentsResponse page;
      grpc::Status s = stub_->ListConsents(Ctx(p).get(), list, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      EXPECT_LE(page.consents_size(), page_size);
      for (const v1::Consent& c : page.consents()) out.push_back(c.name());
      if (page.next_page_token().empty()) break;
      list.set_page_token(page.next_page_token());
    }
    return out;
  }
  // A principal with the CASE_WORKER role of another office besides EMPLOYER_HR of employer A:
  // the method policy admits it to GiveConsent and RevokeConsent (FK roles), but it sees the
  // case as HR only.
  static auth::Principal HrWithForeignCaseWorkerRole() {
    auth::Principal p = P(ROLE_CASE_WORKER, employer_a_, "hr-cw", "", f2_);
    p.add_roles(ROLE_EMPLOYER_HR);
    return p;
  }
};

// Midnight UTC of that day.
google::protobuf::Timestamp At(int year, int month, int day) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(
      absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone())));
}

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

// Consents are visible only to the parties they concern (GDPR art. 5.1 c; ConsentAudience in
// domain/visibility.h): the employer's HR and manager see the consent given to employer A, not
// the one given to occupational health, and occupational health the reverse; another party's
// consent is NOT_FOUND like a consent that does not exist. The case worker sees both. Lists are
// filtered before paging: every visible consent exactly once, over pages of any size.
TEST_F(ConsentTest, ConsentsAreVisibleOnlyToTheirParty) {
  const v1::Case created = Create(SampleCase(760));
  std::vector<std::string> employer, health, all;
  for (int i = 0; i < 5; ++i) {  // interleaved: A, OH, A, OH, A
    const std::string doc = "Samtycke 760-" + std::to_string(i);
    const bool to_employer = i % 2 == 0;
    const v1::Consent c = Give(to_employer ? EmployerDiagnosisConsent(created, doc)
                                           : OccupationalHealthConsent(created, doc));
    (to_employer ? employer : health).push_back(c.name());
    all.push_back(c.name());
  }
  const auth::Principal hr = P(ROLE_EMPLOYER_HR, employer_a_, "hr-a");
  const auth::Principal manager = P(ROLE_EMPLOYER_MANAGER, employer_a_, "m1", unit_a1_);
  const auth::Principal oh = P(ROLE_OCCUPATIONAL_HEALTH, oh_, "oh-1");

  v1::Consent got;
  grpc::Status missing = GetAs(hr, created.name() + "/consents/" + NewUuid(), &got);
  ASSERT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  for (const auth::Principal& p : {hr, manager}) {
    SCOPED_TRACE(p.subject());
    ASSERT_TRUE(GetAs(p, employer[0], &got).ok());
    EXPECT_EQ(got.party_organisation(), "organisations/" + employer_a_);
    grpc::Status s = GetAs(p, health[0], &got);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(s.error_message(), missing.error_message());  // nothing tells it apart
    for (int size : {1, 2, 50}) EXPECT_EQ(ListAllAs(p, created.name(), size), employer) << size;
  }
  ASSERT_TRUE(GetAs(oh, health[1], &got).ok());
  EXPECT_EQ(got.purpose_text(), "Bedömning av arbetsförmåga hos företagshälsan");
  EXPECT_EQ(GetAs(oh, employer[0], &got).error_code(), grpc::StatusCode::NOT_FOUND);
  for (int size : {1, 3}) EXPECT_EQ(ListAllAs(oh, created.name(), size), health) << size;
  // A party filter naming another party gives the employer nothing, not that party's consents.
  v1::ListConsentsRequest list;
  list.set_parent(created.name());
  list.set_party_organisation("organisations/" + oh_);
  v1::ListConsentsResponse listed;
  ASSERT_TRUE(stub_->ListConsents(Ctx(hr).get(), list, &listed).ok());
  EXPECT_EQ(listed.consents_size(), 0);

  for (const std::string& name : all) EXPECT_TRUE(GetAs(CaseWorker(), name, &got).ok()) << name;
  for (int size : {1, 2}) EXPECT_EQ(ListAllAs(CaseWorker(), created.name(), size), all) << size;

  // The page token is bound to the audience: the case worker's cursor is no cursor for HR.
  list.clear_party_organisation();
  list.set_page_size(1);
  ASSERT_TRUE(stub_->ListConsents(Ctx(CaseWorker()).get(), list, &listed).ok());
  ASSERT_FALSE(listed.next_page_token().empty());
  list.set_page_token(listed.next_page_token());
  grpc::Status s = stub_->ListConsents(Ctx(hr).get(), list, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("page_token"));
}

// RevokeConsent (FK's act by method policy) reaches only a consent the caller may see: a caller
// admitted by a CASE_WORKER role of another office but seeing the case as employer A's HR gets
// NOT_FOUND for the consent to occupational health, on the first revocation and on a repeated
// one (which would otherwise be an audited read), while it may revoke the one to employer A. A
// consent it records for another party is not read back to it on a replay either.
TEST_F(ConsentTest, RevokeAndReplayReachOnlyConsentsTheCallerSees) {
  const v1::Case created = Create(SampleCase(761));
  const auth::Principal mixed = HrWithForeignCaseWorkerRole();
  const v1::Consent to_health = Give(OccupationalHealthConsent(created, "Samtycke 761-oh"));
  const v1::Consent to_employer = Give(EmployerDiagnosisConsent(created, "Samtycke 761-a"));
  auto reads_by_mixed = [&] {
    return Count("SELECT count(*) FROM cases.audit_events WHERE actor = 'hr-cw' AND resource = '" +
                 to_health.name() + "'");
  };

  v1::RevokeConsentRequest revoke;
  revoke.set_name(to_health.name());
  v1::Consent out;
  EXPECT_EQ(stub_->RevokeConsent(Ctx(mixed).get(), revoke, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::Consent got;
  ASSERT_TRUE(GetAs(CaseWorker(), to_health.name(), &got).ok());
  EXPECT_EQ(got.state(), v1::CONSENT_STATE_ACTIVE);
  ASSERT_TRUE(stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &out).ok());
  EXPECT_EQ(stub_->RevokeConsent(Ctx(mixed).get(), revoke, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(reads_by_mixed(), 0);

  revoke.set_name(to_employer.name());
  grpc::Status s = stub_->RevokeConsent(Ctx(mixed).get(), revoke, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), v1::CONSENT_STATE_REVOKED);
  EXPECT_EQ(out.revoked_by(), "hr-cw");

  // Recording is allowed as before; the replay is a read and shows no more than GetConsent.
  v1::GiveConsentRequest give = OccupationalHealthConsent(created, "Samtycke 761-oh-2");
  give.set_request_id("5a0e7c1d-0000-4000-8000-000000000761");
  s = stub_->GiveConsent(Ctx(mixed).get(), give, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(stub_->GiveConsent(Ctx(mixed).get(), give, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &out).ok());  // FK sees it
}

// Consent times are checked as MarkMilestoneMet checks met_time (case_validation.h, CheckedTime):
// a valid timestamp, not before 1900, give_time and revoke_time not in the future; refused with
// INVALID_ARGUMENT naming the field, and nothing is written.
TEST_F(ConsentTest, ConsentTimesOutOfRangeAreRefusedNamingTheField) {
  const v1::Case created = Create(SampleCase(762));
  struct Bad {
    const char* field;
    std::function<void(v1::Consent&)> spoil;
  };
  const std::vector<Bad> bad = {
      {"consent.give_time", [](v1::Consent& c) { *c.mutable_give_time() = At(1850, 6, 1); }},
      {"consent.give_time", [](v1::Consent& c) { c.mutable_give_time()->set_nanos(-1); }},
      {"consent.expire_time",
       [](v1::Consent& c) {
         c.mutable_expire_time()->set_seconds(TimeUtil::kTimestampMaxSeconds + 1);
       }},
      {"consent.expire_time",
       [](v1::Consent& c) {
         *c.mutable_expire_time() = c.give_time();
         c.mutable_expire_time()->set_seconds(c.give_time().seconds() + 3600);
         c.mutable_expire_time()->set_nanos(1000000000);
       }},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.field);
    v1::GiveConsentRequest give = EmployerDiagnosisConsent(created, "Samtycke 762");
    b.spoil(*give.mutable_consent());
    v1::Consent out;
    grpc::Status s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr(b.field));
  }
  EXPECT_TRUE(ListAllAs(CaseWorker(), created.name(), 50).empty());

  // revoke_time: not a valid timestamp, before 1900 (named as such, not merely as before the
  // consent was given), in the future.
  const v1::Consent given = Give(EmployerDiagnosisConsent(created, "Samtycke 762"));
  v1::RevokeConsentRequest revoke;
  revoke.set_name(given.name());
  struct BadRevoke {
    google::protobuf::Timestamp at;
    const char* says;
  };
  google::protobuf::Timestamp invalid = given.give_time();
  invalid.set_seconds(invalid.seconds() + 1);
  invalid.set_nanos(-5);
  google::protobuf::Timestamp future =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(absl::Now() + absl::Hours(1)));
  for (const BadRevoke& b : std::vector<BadRevoke>{{invalid, "valid timestamp"},
                                                   {At(1850, 6, 1), "1900"},
                                                   {future, "future"}}) {
    SCOPED_TRACE(b.says);
    *revoke.mutable_revoke_time() = b.at;
    v1::Consent out;
    grpc::Status s = stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr("revoke_time"));
    EXPECT_THAT(s.error_message(), ::testing::HasSubstr(b.says));
  }
  v1::Consent got;
  ASSERT_TRUE(GetAs(CaseWorker(), given.name(), &got).ok());
  EXPECT_EQ(got.state(), v1::CONSENT_STATE_ACTIVE);
  EXPECT_FALSE(got.has_revoke_time());
}

}  // namespace
}  // namespace collab::cases
