// Sick-leave periods: overlap refusal, the re-illness rule's annotations, soft delete, and the
// milestones computed from the periods.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class PeriodsTest : public CaseServiceTest {
 protected:
  static v1::CreateSickLeavePeriodRequest Period(const std::string& parent, int from_month,
                                                 int from_day, int to_month, int to_day,
                                                 v1::SickLeaveDegree degree) {
    v1::CreateSickLeavePeriodRequest req;
    req.set_parent(parent);
    auto* p = req.mutable_sick_leave_period();
    auto* start = p->mutable_period()->mutable_start_date();
    start->set_year(2026);
    start->set_month(from_month);
    start->set_day(from_day);
    if (to_month > 0) {
      auto* end = p->mutable_period()->mutable_end_date();
      end->set_year(2026);
      end->set_month(to_month);
      end->set_day(to_day);
    }
    p->set_degree(degree);
    p->set_basis(v1::SICK_LEAVE_BASIS_MEDICAL_CERTIFICATE);
    return req;
  }
};

TEST_F(PeriodsTest, RefusesOverlapsAndAnnotatesTheChain) {
  v1::Case c = SampleCase(70);
  c.mutable_first_sick_day()->set_day(1);
  const v1::Case created = Create(c);
  v1::SickLeavePeriod first, second, out;
  grpc::Status s = stub_->CreateSickLeavePeriod(
      Ctx(CaseWorker()).get(), Period(created.name(), 9, 1, 9, 20, v1::SICK_LEAVE_DEGREE_100), &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.chain_days_before(), 0);
  EXPECT_FALSE(first.continues_previous());

  s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(),
                                   Period(created.name(), 9, 15, 9, 30, v1::SICK_LEAVE_DEGREE_50), &out);
  // A conflict with a stored period, not a malformed request (case_service.proto).
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("overlaps a sick-leave period of the case"));
  s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(),
                                   Period(created.name(), 9, 15, 9, 10, v1::SICK_LEAVE_DEGREE_UNSPECIFIED), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("sick_leave_period.degree"));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("sick_leave_period.period.end_date"));

  // Back to work two days, then sick again: within 5 days, so it continues the chain.
  s = stub_->CreateSickLeavePeriod(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(),
                                   Period(created.name(), 9, 23, 0, 0, v1::SICK_LEAVE_DEGREE_50), &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(second.continues_previous());
  EXPECT_EQ(second.chain_days_before(), 20);

  v1::ListSickLeavePeriodsRequest list;
  list.set_parent(created.name());
  v1::ListSickLeavePeriodsResponse listed;
  ASSERT_TRUE(stub_->ListSickLeavePeriods(Ctx(CaseWorker()).get(), list, &listed).ok());
  ASSERT_EQ(listed.sick_leave_periods_size(), 2);
  EXPECT_EQ(listed.sick_leave_periods(0).name(), first.name());

  v1::ListMilestonesRequest ms;
  ms.set_parent(created.name());
  v1::ListMilestonesResponse milestones;
  s = stub_->ListMilestones(Ctx(CaseWorker()).get(), ms, &milestones);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_FALSE(milestones.milestones().empty());
  EXPECT_EQ(milestones.milestones(0).kind(), v1::MILESTONE_KIND_EMPLOYER_REPORT);
  EXPECT_EQ(milestones.milestones(0).name(), created.name() + "/milestones/employer-report");
  EXPECT_EQ(milestones.milestones(0).employer(), created.employer());

  v1::GetMilestoneRequest one;
  one.set_name(created.name() + "/milestones/employer-report");
  v1::Milestone m;
  s = stub_->GetMilestone(Ctx(CaseWorker()).get(), one, &m);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(m.due_date().day(), milestones.milestones(0).due_date().day());
  one.set_name(created.name() + "/milestones/nonsense");
  EXPECT_EQ(stub_->GetMilestone(Ctx(CaseWorker()).get(), one, &m).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::GetSickLeavePeriodRequest get;
  get.set_name(second.name());
  ASSERT_TRUE(stub_->GetSickLeavePeriod(Ctx(CaseWorker()).get(), get, &out).ok());
  EXPECT_TRUE(out.continues_previous());
  EXPECT_EQ(stub_->GetSickLeavePeriod(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::DeleteSickLeavePeriodRequest del;
  del.set_name(first.name());
  ASSERT_TRUE(stub_->DeleteSickLeavePeriod(Ctx(CaseWorker()).get(), del, &out).ok());
  EXPECT_TRUE(out.has_delete_time());
  ASSERT_TRUE(stub_->ListSickLeavePeriods(Ctx(CaseWorker()).get(), list, &listed).ok());
  EXPECT_EQ(listed.sick_leave_periods_size(), 1);
  list.set_show_deleted(true);
  ASSERT_TRUE(stub_->ListSickLeavePeriods(Ctx(CaseWorker()).get(), list, &listed).ok());
  EXPECT_EQ(listed.sick_leave_periods_size(), 2);

  const std::string id = IdOf(created.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.SickLeavePeriodSet'"), 3);
}

TEST_F(PeriodsTest, AForeignCaseIsNotFound) {
  const v1::Case created = Create(SampleCase(71));
  v1::SickLeavePeriod out;
  EXPECT_EQ(stub_->CreateSickLeavePeriod(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(),
                                         Period(created.name(), 9, 1, 9, 20, v1::SICK_LEAVE_DEGREE_100),
                                         &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::cases
