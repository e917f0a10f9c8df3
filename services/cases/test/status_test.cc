// The status methods: the state machine of domain/case_status.h over the service, etags,
// FAILED_PRECONDITION for illegal transitions, and an event per change.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class StatusTest : public CaseServiceTest {};

TEST_F(StatusTest, WalksTheStateMachineAndRefusesIllegalTransitions) {
  const v1::Case c = Create(SampleCase(40));
  v1::Case out;
  v1::StartPlanningRequest plan;
  plan.set_name(c.name());
  plan.set_etag("999");
  EXPECT_EQ(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).error_code(),
            grpc::StatusCode::ABORTED);
  plan.set_etag(c.etag());
  ASSERT_TRUE(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_PLANNING);
  EXPECT_NE(out.etag(), c.etag());
  // PLANNING → PLANNING is not a transition.
  plan.clear_etag();
  grpc::Status again = stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), ::testing::HasSubstr("PLANNING"));

  v1::StartInterventionsRequest start;
  start.set_name(c.name());
  // Interventions need a submitted plan or an exemption from it.
  grpc::Status early = stub_->StartInterventions(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), start, &out);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), ::testing::HasSubstr("plan"));
  v1::RecordPlanExemptionRequest exempt;
  exempt.set_name(c.name());
  exempt.set_reason(v1::PLAN_EXEMPTION_REASON_EXPECTED_FULL_RETURN_WITHIN_60_DAYS);
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), exempt, &out).ok());
  ASSERT_TRUE(stub_->StartInterventions(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), start, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_IN_PROGRESS);

  v1::MarkReturnedRequest back;
  back.set_name(c.name());
  back.mutable_return_date()->set_year(2026);
  back.mutable_return_date()->set_month(8);
  back.mutable_return_date()->set_day(1);  // before the first sick day
  EXPECT_EQ(stub_->MarkReturned(Ctx(CaseWorker()).get(), back, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  back.mutable_return_date()->set_month(10);
  ASSERT_TRUE(stub_->MarkReturned(Ctx(CaseWorker()).get(), back, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_RETURNED);
  EXPECT_EQ(out.return_date().month(), 10);

  v1::CloseCaseRequest close;
  close.set_name(c.name());
  EXPECT_EQ(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // a reason is required
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_TRUE(out.has_close_time());
  EXPECT_EQ(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  ASSERT_TRUE(stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &out).ok());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_OPEN);
  EXPECT_FALSE(out.has_close_time());
  EXPECT_EQ(out.close_reason(), v1::CASE_CLOSE_REASON_UNSPECIFIED);

  const std::string id = IdOf(c.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.CaseStatusChanged'"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.CaseClosed'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND action = 6"), 5);
}

TEST_F(StatusTest, AForeignCaseIsNotFound) {
  const v1::Case c = Create(SampleCase(41));
  v1::StartPlanningRequest plan;
  plan.set_name(c.name());
  v1::Case out;
  EXPECT_EQ(stub_->StartPlanning(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), plan, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  plan.set_name("cases/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::cases
