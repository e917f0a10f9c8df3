// ErasePersonalData (gallring) keeps statistics and a verifiable audit chain; refused attempts
// on existing cases leave a DENIED audit row and still answer a bare NOT_FOUND.
#include "google/rpc/status.pb.h"
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/test/case_service_fixture.h"
#include "tests/support/status_details.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_SERVICE;

class EraseDeniedTest : public CaseServiceTest {
 protected:
  static v1::Case Close(const v1::Case& c) {
    return CloseAsReturned(c.name(), "Åter i arbete på heltid efter upptrappning");
  }
};

TEST_F(EraseDeniedTest, EraseKeepsStatisticsAndTheChain) {
  const absl::CivilDay t = SwedishToday();
  v1::Case sample = SampleCase(101);
  *sample.mutable_first_sick_day() = FromCivilDay(t - 40);
  const v1::Case c = Create(sample);
  v1::CreateSickLeavePeriodRequest period;
  period.set_parent(c.name());
  *period.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(t - 40);
  *period.mutable_sick_leave_period()->mutable_period()->mutable_end_date() = FromCivilDay(t - 11);
  period.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_100);
  v1::SickLeavePeriod p;
  ASSERT_TRUE(stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), period, &p).ok());

  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  v1::Case out;
  EXPECT_EQ(stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // not closed
  Close(c);
  grpc::Status s = stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(out.has_personal_data_erase_time());
  EXPECT_EQ(out.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(out.employee_display_name().empty());
  EXPECT_TRUE(out.medical_notes().empty());
  EXPECT_TRUE(out.close_note().empty());
  // Statistics stay: dates, chain, diagnosis category, status.
  EXPECT_EQ(*ToCivilDay(out.first_sick_day()), t - 40);
  EXPECT_EQ(out.chain_day(), 30);
  EXPECT_EQ(out.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);
  EXPECT_EQ(out.status(), v1::CASE_STATUS_CLOSED);

  const std::string id = IdOf(c.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.cases WHERE id = '" + id +
                  "' AND length(identity_cipher) = 0 AND name_cipher IS NULL"
                  " AND medical_notes_cipher IS NULL AND close_note = ''"), 1);
  // No longer found by the number.
  v1::SearchCasesRequest search;
  search.set_employee_identity_number(Pnr(101));
  v1::SearchCasesResponse found;
  ASSERT_TRUE(stub_->SearchCases(Ctx(CaseWorker()).get(), search, &found).ok());
  EXPECT_EQ(found.cases_size(), 0);
  // Erasing again changes nothing; updating personal data is refused.
  ASSERT_TRUE(stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &out).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND action = 7"), 1);
  v1::UpdateCaseRequest update;
  update.mutable_case_()->set_name(c.name());
  update.mutable_case_()->set_employee_display_name("Ny");
  update.mutable_update_mask()->add_paths("employee_display_name");
  EXPECT_EQ(stub_->UpdateCase(Ctx(CaseWorker()).get(), update, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Gallring is irreversible: the erased case is not reopened, and the refusal writes nothing.
  const std::string status_changes = "SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" +
                                     id + "' AND event_type = 'collab.events.v1.CaseStatusChanged'";
  const int64_t changes_before = Count(status_changes);
  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  grpc::Status refused = stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(collab::testing::ErrorReason(refused), "CASE_PERSONAL_DATA_ERASED");
  EXPECT_THAT(refused.error_message(), ::testing::HasSubstr("erased"));
  EXPECT_EQ(Count("SELECT count(*) FROM cases.cases WHERE id = '" + id + "' AND status = " +
                  std::to_string(v1::CASE_STATUS_CLOSED)), 1);
  EXPECT_EQ(Count(status_changes), changes_before);

  const v1::VerifyAuditChainResponse verified = VerifyChains();
  EXPECT_TRUE(verified.intact());
  EXPECT_GT(verified.events_checked(), 0);
}

TEST_F(EraseDeniedTest, TheRetentionJobErasesAnyClosedCase) {
  const v1::Case c = Close(Create(SampleCase(102)));
  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  v1::Case out;
  // The retention job: ROLE_SERVICE as service "retention" (method_policy.cc).
  auth::Principal job = P(ROLE_SERVICE, "", "retention-job");
  job.set_service_name("retention");
  grpc::Status s = stub_->ErasePersonalData(Ctx(job).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(out.has_personal_data_erase_time());
  EXPECT_TRUE(out.employee_display_name().empty());
  EXPECT_EQ(out.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(VerifyChains().intact());
}

TEST_F(EraseDeniedTest, RefusedAttemptsOnExistingCasesAreAudited) {
  const v1::Case c = Create(SampleCase(103));
  const std::string id = IdOf(c.name());
  const auth::Principal stranger = P(ROLE_EMPLOYER_HR, employer_b_, "hr-b");
  v1::GetCaseRequest get;
  get.set_name(c.name());
  v1::Case out;
  grpc::Status s = stub_->GetCase(Ctx(stranger).get(), get, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // The answer is that of a case that does not exist: no detail gives it away.
  google::rpc::Status detail;
  if (!s.error_details().empty()) {
    ASSERT_TRUE(detail.ParseFromString(s.error_details()));
    EXPECT_EQ(detail.details_size(), 0);
  }
  v1::ListSickLeavePeriodsRequest periods;
  periods.set_parent(c.name());
  v1::ListSickLeavePeriodsResponse listed;
  EXPECT_EQ(stub_->ListSickLeavePeriods(Ctx(stranger).get(), periods, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_OTHER);
  EXPECT_EQ(stub_->CloseCase(Ctx(stranger).get(), close, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND action = 8 AND actor = 'hr-b' AND status_code = 5"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND action = 8 AND method LIKE '%/GetCase'"), 1);
  // A case that does not exist leaves nothing (there is no chain to write to).
  get.set_name("cases/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub_->GetCase(Ctx(stranger).get(), get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = "
                  "'00000000-0000-4000-8000-000000000000'"), 0);
  EXPECT_TRUE(VerifyChains().intact());
}

}  // namespace
}  // namespace collab::cases
