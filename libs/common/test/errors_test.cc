#include "libs/common/errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"

namespace collab {
namespace {

TEST(FieldViolationsTest, OkWhenEmpty) { EXPECT_TRUE(FieldViolations().ToStatus().ok()); }

TEST(FieldViolationsTest, NamesEveryFieldInMessageAndDetail) {
  FieldViolations v;
  v.Add("organisation.organisation_number", "check digit does not match");
  v.Add("organisation.kind", "is required");
  absl::Status s = v.ToStatus();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("organisation.organisation_number"), std::string::npos);
  EXPECT_NE(s.message().find("organisation.kind"), std::string::npos);
  auto payload = s.GetPayload(kBadRequestTypeUrl);
  ASSERT_TRUE(payload.has_value());
  google::rpc::BadRequest detail;
  ASSERT_TRUE(detail.ParseFromString(std::string(*payload)));
  ASSERT_EQ(detail.field_violations_size(), 2);
  EXPECT_EQ(detail.field_violations(1).field(), "organisation.kind");
}

TEST(ErrorInfoTest, AttachesReasonAndDomain) {
  absl::Status s = WithErrorInfo(absl::FailedPreconditionError("x"), "BUDGET_NOT_BALANCED",
                                 "funding.collab");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*s.GetPayload(kErrorInfoTypeUrl))));
  EXPECT_EQ(info.reason(), "BUDGET_NOT_BALANCED");
  EXPECT_EQ(info.domain(), "funding.collab");
}

}  // namespace
}  // namespace collab
