// CreateCase: validation, the employer check through the organisations service, encryption at
// rest, idempotency, and the case + audit row + outbox event committing together or not at all.
#include "services/cases/test/case_service_fixture.h"

#include "libs/common/crypto.h"
#include "libs/common/ids.h"
#include "libs/common/luhn.h"
#include "libs/rpc/organisation_directory.h"
#include "libs/db/idempotent_create.h"

namespace collab::cases {
namespace {

using ::testing::HasSubstr;

class CreateCaseTest : public CaseServiceTest {};

TEST_F(CreateCaseTest, CreatesTheCaseWithOnlyTheMaskReturned) {
  v1::Case c = Create(SampleCase(1));
  EXPECT_THAT(c.name(), ::testing::StartsWith("cases/"));
  EXPECT_EQ(c.masked_employee_identity_number(), "19850101-****");
  EXPECT_TRUE(c.employee_identity_number().empty());
  EXPECT_EQ(c.identity_number_kind(), v1::IDENTITY_NUMBER_KIND_PERSONNUMMER);
  EXPECT_EQ(c.employee_display_name(), "Anna Andersson");
  EXPECT_EQ(c.status(), v1::CASE_STATUS_OPEN);
  EXPECT_EQ(c.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);  // the case worker sees it
  EXPECT_TRUE(c.plan_required());
  EXPECT_FALSE(c.etag().empty());

  // At rest: neither the number nor the name in clear; the event pseudonymous.
  auto conn = Superuser();
  pqxx::work tx(*conn);
  const std::string id = IdOf(c.name());
  pqxx::row row = tx.exec1("SELECT encode(identity_cipher, 'escape'), encode(name_cipher, 'escape'), "
                           "encode(medical_notes_cipher, 'escape') FROM cases.cases WHERE id = '" + id + "'");
  EXPECT_THAT(row[0].c_str(), ::testing::Not(HasSubstr(Pnr(1).substr(2))));
  EXPECT_THAT(row[1].c_str(), ::testing::Not(HasSubstr("Anna")));
  EXPECT_THAT(row[2].c_str(), ::testing::Not(HasSubstr("Utmattning")));
  pqxx::row event = tx.exec1("SELECT event_type, encode(payload, 'escape') FROM cases.outbox "
                             "WHERE aggregate_id = '" + id + "'");
  EXPECT_STREQ(event[0].c_str(), "collab.events.v1.CaseCreated");
  EXPECT_THAT(event[1].c_str(), ::testing::Not(HasSubstr("Anna")));
  EXPECT_THAT(event[1].c_str(), ::testing::Not(HasSubstr(Pnr(1).substr(6, 4))));
  pqxx::row audit = tx.exec1("SELECT action, actor, method, array_to_string(fields, ',') "
                             "FROM cases.audit_events WHERE case_id = '" + id + "'");
  EXPECT_EQ(audit[0].as<int>(), v1::AUDIT_ACTION_CREATE);
  EXPECT_STREQ(audit[1].c_str(), "cw-f1");
  EXPECT_THAT(audit[3].c_str(), HasSubstr("diagnosis_category"));
}

TEST_F(CreateCaseTest, InvalidInputNamesEveryField) {
  v1::CreateCaseRequest req;
  req.mutable_case_()->set_employee_identity_number("19850101-0000");  // bad check digit
  req.mutable_case_()->set_expected_duration_days(-1);
  req.mutable_case_()->set_office("units/x");
  v1::Case out;
  grpc::Status s = stub_->CreateCase(Ctx(CaseWorker()).get(), req, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* field : {"case.employer", "case.employee_identity_number", "case.first_sick_day",
                            "case.expected_duration_days", "case.office"}) {
    EXPECT_THAT(s.error_message(), HasSubstr(field));
  }
  EXPECT_THAT(s.error_message(), ::testing::Not(HasSubstr("0000")));
}

TEST_F(CreateCaseTest, UnknownEmployerIsAnInvalidArgument) {
  v1::Case c = SampleCase(2);
  c.set_employer("organisations/" + NewUuid());
  c.clear_unit();
  v1::CreateCaseRequest req;
  *req.mutable_case_() = c;
  v1::Case out;
  grpc::Status s = stub_->CreateCase(Ctx(CaseWorker()).get(), req, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("case.employer"));
  EXPECT_THAT(s.error_message(), HasSubstr("no such organisation"));
}

TEST_F(CreateCaseTest, OrganisationsServiceDownIsUnavailable) {
  // A second case service whose organisations backend is a port nobody listens on.
  EmployerDirectory nowhere("127.0.0.1:1", *auth::PrincipalSigner::Create(collab::testing::kTestInternalKey));
  CaseServiceImpl service(*pool_, *handler_, PageTokenCodec("k"), keys_, nowhere);
  auto server = rpc::Server::Start(rpc::ServerOptions{}, {&service});
  ASSERT_TRUE(server.ok());
  auto stub = v1::CaseService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  v1::CreateCaseRequest req;
  *req.mutable_case_() = SampleCase(3);
  v1::Case out;
  EXPECT_EQ(stub->CreateCase(Ctx(CaseWorker()).get(), req, &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(CreateCaseTest, RetryWithTheSameRequestIdReturnsTheSameCase) {
  v1::CreateCaseRequest req;
  *req.mutable_case_() = SampleCase(4);
  req.set_request_id(NewUuid());
  v1::Case first, second;
  ASSERT_TRUE(stub_->CreateCase(Ctx(CaseWorker()).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateCase(Ctx(CaseWorker()).get(), req, &second).ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(second.employee_display_name(), "Anna Andersson");
  EXPECT_EQ(Count("SELECT count(*) FROM cases.cases WHERE id = '" + IdOf(first.name()) + "'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + IdOf(first.name()) + "'"), 1);
  // No personal data kept with the idempotency record: only the name.
  EXPECT_EQ(Count("SELECT count(*) FROM cases.idempotency WHERE position('Anna' in "
                  "encode(response, 'escape')) > 0"), 0);
  // The request hash is keyed: an unkeyed hash of the request (which holds the identity number)
  // could be matched by hashing guessed numbers.
  const std::string unkeyed = crypto::Sha256Hex(db::DeterministicBytes(req));
  EXPECT_EQ(Count("SELECT count(*) FROM cases.idempotency WHERE encode(request_hash, 'hex') = '" +
                  unkeyed + "'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.idempotency"), 1);
}

TEST_F(CreateCaseTest, EmployerMayNotCreateAnotherEmployersCaseNorWriteRestrictedFields) {
  v1::CreateCaseRequest req;
  *req.mutable_case_() = SampleCase(5);
  req.mutable_case_()->clear_diagnosis_category();
  req.mutable_case_()->clear_medical_notes();
  v1::Case out;
  EXPECT_EQ(stub_->CreateCase(Ctx(P(collab::common::v1::ROLE_EMPLOYER_HR, employer_b_)).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(stub_->CreateCase(Ctx(P(collab::common::v1::ROLE_EMPLOYER_HR, employer_a_)).get(), req, &out).ok());
  req.mutable_case_()->set_diagnosis_category(v1::DIAGNOSIS_CATEGORY_MENTAL);
  EXPECT_EQ(stub_->CreateCase(Ctx(P(collab::common::v1::ROLE_EMPLOYER_HR, employer_a_)).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CreateCaseTest, AFailedWriteLeavesNeitherCaseNorAuditNorOutboxRow) {
  const int64_t cases_before = Count("SELECT count(*) FROM cases.cases");
  const int64_t audit_before = Count("SELECT count(*) FROM cases.audit_events");
  const int64_t outbox_before = Count("SELECT count(*) FROM cases.outbox");
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("CREATE FUNCTION cases.fail_outbox() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'outbox refused for the test'; END $$");
    tx.exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON cases.outbox "
            "FOR EACH ROW EXECUTE FUNCTION cases.fail_outbox()");
    tx.commit();
  }
  v1::CreateCaseRequest req;
  *req.mutable_case_() = SampleCase(6);
  v1::Case out;
  EXPECT_FALSE(stub_->CreateCase(Ctx(CaseWorker()).get(), req, &out).ok());
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("DROP TRIGGER fail_outbox ON cases.outbox");
    tx.exec("DROP FUNCTION cases.fail_outbox()");
    tx.commit();
  }
  EXPECT_EQ(Count("SELECT count(*) FROM cases.cases"), cases_before);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events"), audit_before);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox"), outbox_before);
  // And the same request goes through once the outbox accepts it again.
  EXPECT_TRUE(stub_->CreateCase(Ctx(CaseWorker()).get(), req, &out).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox"), outbox_before + 1);
}

}  // namespace
}  // namespace collab::cases

namespace collab::cases {
namespace {

namespace orgv1 = collab::organisations::v1;

// The employer check remembers organisations it found for a while (libs/rpc/
// organisation_directory.h): a deleted employer is still accepted within that window by a
// remembering directory, and refused at once by one that does not remember.
TEST_F(CreateCaseTest, AFoundEmployerIsRememberedForItsWindowOnly) {
  const std::string target = orgs_->target();
  auto orgs = orgv1::OrganisationService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  orgv1::CreateOrganisationRequest create;
  create.mutable_organisation()->set_display_name("Kortlivad AB");
  create.mutable_organisation()->set_kind(orgv1::ORGANISATION_KIND_EMPLOYER);
  const std::string nine = "556677889";
  create.mutable_organisation()->set_organisation_number(
      "556677-889" + std::string(1, static_cast<char>('0' + LuhnCheckDigit(nine))));
  orgv1::Organisation org;
  auto admin = [] {
    return collab::testing::SignedContext(collab::testing::MakePrincipal(collab::common::v1::ROLE_ADMIN));
  };
  grpc::Status s = orgs->CreateOrganisation(admin().get(), create, &org);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string id = IdOf(org.name());

  const auto signer = *auth::PrincipalSigner::Create(collab::testing::kTestInternalKey);
  rpc::OrganisationDirectory remembering(target, signer, "cases");
  rpc::OrganisationDirectory forgetting(target, signer, "cases", absl::ZeroDuration());
  rpc::CallContext call{collab::testing::MakePrincipal(collab::common::v1::ROLE_CASE_WORKER), "",
                        absl::Now() + absl::Seconds(5), nullptr};
  EXPECT_TRUE(remembering.CheckOrganisation(call, id, "case.employer").ok());
  EXPECT_TRUE(forgetting.CheckOrganisation(call, id, "case.employer").ok());

  orgv1::DeleteOrganisationRequest del;
  del.set_name(org.name());
  ASSERT_TRUE(orgs->DeleteOrganisation(admin().get(), del, &org).ok());
  EXPECT_TRUE(remembering.CheckOrganisation(call, id, "case.employer").ok());
  absl::Status refused = forgetting.CheckOrganisation(call, id, "case.employer");
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  // A fresh directory (a restarted service) asks again and refuses.
  rpc::OrganisationDirectory fresh(target, signer, "cases");
  EXPECT_EQ(fresh.CheckOrganisation(call, id, "case.employer").code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace collab::cases
