// UpdateSickLeavePeriod: FieldMask + etag, overlaps refused, the chain and milestones
// recomputed, SickLeavePeriodSet (UPDATED) in the same transaction.
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

class UpdatePeriodTest : public CaseServiceTest {
 protected:
  static v1::SickLeavePeriod Add(const v1::Case& c, absl::CivilDay from, absl::CivilDay to) {
    v1::CreateSickLeavePeriodRequest req;
    req.set_parent(c.name());
    *req.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(from);
    *req.mutable_sick_leave_period()->mutable_period()->mutable_end_date() = FromCivilDay(to);
    req.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_100);
    v1::SickLeavePeriod out;
    grpc::Status s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
};

TEST_F(UpdatePeriodTest, MaskEtagOverlapAndEvent) {
  const absl::CivilDay t = SwedishToday();
  v1::Case sample = SampleCase(90);
  *sample.mutable_first_sick_day() = FromCivilDay(t - 60);
  const v1::Case c = Create(sample);
  const v1::SickLeavePeriod first = Add(c, t - 60, t - 41);   // 20 days
  const v1::SickLeavePeriod second = Add(c, t - 30, t - 21);  // a gap of 10 days
  EXPECT_FALSE(second.continues_previous());

  v1::UpdateSickLeavePeriodRequest req;
  *req.mutable_sick_leave_period() = second;
  *req.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(t - 38);
  req.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_75);
  req.mutable_update_mask()->add_paths("period");
  req.mutable_update_mask()->add_paths("degree");
  v1::SickLeavePeriod updated;
  grpc::Status s = stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Now starting 3 days after the first ends: a continuation (re-illness rule).
  EXPECT_TRUE(updated.continues_previous());
  EXPECT_EQ(updated.chain_days_before(), 20);
  EXPECT_EQ(updated.degree(), v1::SICK_LEAVE_DEGREE_75);
  EXPECT_EQ(updated.basis(), second.basis());  // not in the mask
  EXPECT_NE(updated.etag(), second.etag());

  // The old etag is stale.
  s = stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);

  // Moving it onto the first period: refused, nothing changed.
  req.mutable_sick_leave_period()->set_etag(updated.etag());
  *req.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(t - 45);
  s = stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // A mask naming a computed field, and an end before the start, name their fields.
  req.mutable_update_mask()->add_paths("chain_days_before");
  s = stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("update_mask"));
  req.mutable_update_mask()->clear_paths();
  req.mutable_update_mask()->add_paths("period");
  *req.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(t - 10);
  s = stub_->UpdateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("sick_leave_period.period.end_date"));

  // Someone who may not see the case: NOT_FOUND.
  EXPECT_EQ(stub_->UpdateSickLeavePeriod(
                Ctx(P(collab::common::v1::ROLE_EMPLOYER_HR, employer_b_)).get(), req, &updated)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string id = IdOf(c.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + id +
                  "' AND event_type = 'collab.events.v1.SickLeavePeriodSet'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + id +
                  "' AND method LIKE '%UpdateSickLeavePeriod' AND action = 4"), 1);
  (void)first;
}

}  // namespace
}  // namespace collab::cases
