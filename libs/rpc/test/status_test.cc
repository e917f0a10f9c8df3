#include "libs/rpc/status.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/common/errors.h"

namespace collab::rpc {
namespace {

TEST(StatusMappingTest, OkMapsToOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus(), "d").ok()); }

TEST(StatusMappingTest, FieldViolationsTravelAsGoogleRpcStatus) {
  grpc::Status s = ToGrpcStatus(InvalidField("organisation.kind", "is required"), "orgs");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status detail;
  ASSERT_TRUE(detail.ParseFromString(s.error_details()));
  EXPECT_EQ(detail.code(), 3);
  ASSERT_EQ(detail.details_size(), 1);
  EXPECT_EQ(detail.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest bad;
  ASSERT_TRUE(detail.details(0).UnpackTo(&bad));
  EXPECT_EQ(bad.field_violations(0).field(), "organisation.kind");
}

TEST(StatusMappingTest, ErrorInfoGetsServiceDomainAndRoundTrips) {
  absl::Status in = WithErrorInfo(absl::FailedPreconditionError("no"), "X", "");
  grpc::Status s = ToGrpcStatus(in, "orgs.collab");
  absl::Status back = FromGrpcStatus(s);
  EXPECT_EQ(back.code(), absl::StatusCode::kFailedPrecondition);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*back.GetPayload(kErrorInfoTypeUrl))));
  EXPECT_EQ(info.domain(), "orgs.collab");
  EXPECT_EQ(info.reason(), "X");
}

TEST(StatusMappingTest, PlainErrorHasNoDetails) {
  grpc::Status s = ToGrpcStatus(absl::NotFoundError("gone"), "orgs");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(s.error_details().empty());
}

}  // namespace
}  // namespace collab::rpc
