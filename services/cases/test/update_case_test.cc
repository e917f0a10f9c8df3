// UpdateCase: FieldMask + etag, revalidation, restricted fields by FK only, an event per change.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;

class UpdateCaseTest : public CaseServiceTest {};

TEST_F(UpdateCaseTest, MaskEtagAndWhoMayWriteWhat) {
  const v1::Case created = Create(SampleCase(80));
  v1::UpdateCaseRequest req;
  req.mutable_case_()->set_name(created.name());
  req.mutable_case_()->set_etag(created.etag());
  req.mutable_case_()->set_employee_display_name("Anna Berg");
  req.mutable_case_()->set_expected_duration_days(30);
  req.mutable_update_mask()->add_paths("employee_display_name");
  req.mutable_update_mask()->add_paths("expected_duration_days");
  v1::Case out;
  grpc::Status s = stub_->UpdateCase(Ctx(CaseWorker()).get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.employee_display_name(), "Anna Berg");
  EXPECT_EQ(out.expected_duration_days(), 30);
  EXPECT_FALSE(out.plan_required());
  EXPECT_EQ(out.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);  // untouched
  EXPECT_EQ(out.masked_employee_identity_number(), "19850101-****");
  EXPECT_NE(out.etag(), created.etag());

  // The old etag is stale now.
  EXPECT_EQ(stub_->UpdateCase(Ctx(CaseWorker()).get(), req, &out).error_code(),
            grpc::StatusCode::ABORTED);
  req.mutable_case_()->clear_etag();
  req.mutable_update_mask()->add_paths("employer");
  EXPECT_EQ(stub_->UpdateCase(Ctx(CaseWorker()).get(), req, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::UpdateCaseRequest diag;
  diag.mutable_case_()->set_name(created.name());
  diag.mutable_case_()->set_diagnosis_category(v1::DIAGNOSIS_CATEGORY_INJURIES);
  diag.mutable_update_mask()->add_paths("diagnosis_category");
  EXPECT_EQ(stub_->UpdateCase(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), diag, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->UpdateCase(Ctx(CaseWorker()).get(), diag, &out).ok());
  EXPECT_EQ(out.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_INJURIES);

  v1::UpdateCaseRequest bad;
  bad.mutable_case_()->set_name(created.name());
  bad.mutable_case_()->mutable_first_sick_day()->set_year(2026);
  bad.mutable_case_()->mutable_first_sick_day()->set_month(2);
  bad.mutable_case_()->mutable_first_sick_day()->set_day(30);
  bad.mutable_update_mask()->add_paths("first_sick_day");
  s = stub_->UpdateCase(Ctx(CaseWorker()).get(), bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("case.first_sick_day"));

  // A unit manager cannot move the case out of their own sight.
  v1::UpdateCaseRequest move;
  move.mutable_case_()->set_name(created.name());
  move.mutable_case_()->set_unit("organisations/" + employer_a_ + "/units/" + unit_a2_);
  move.mutable_update_mask()->add_paths("unit");
  EXPECT_EQ(stub_->UpdateCase(Ctx(P(ROLE_EMPLOYER_MANAGER, employer_a_, "m1", unit_a1_)).get(), move, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->UpdateCase(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), move, &out).ok());
  EXPECT_EQ(out.unit(), move.case_().unit());
  // Another employer's HR: not found.
  EXPECT_EQ(stub_->UpdateCase(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), move, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + IdOf(created.name()) +
                  "' AND event_type = 'collab.events.v1.CaseAttributesChanged'"), 3);
}

}  // namespace
}  // namespace collab::cases
