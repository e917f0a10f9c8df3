#include "services/gateway/connect_codec.h"

#include <gtest/gtest.h>

#include "collab/organisations/v1/organisations.pb.h"
#include "libs/common/errors.h"
#include "libs/rpc/status.h"
#include "nlohmann/json.hpp"

namespace collab::gateway {
namespace {

using collab::organisations::v1::GetOrganisationRequest;
using collab::organisations::v1::Organisation;

TEST(ConnectCodecTest, CodesAndHttpStatusesFollowTheProtocol) {
  EXPECT_EQ(ConnectCodeName(grpc::StatusCode::INVALID_ARGUMENT), "invalid_argument");
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(ConnectCodeName(grpc::StatusCode::CANCELLED), "canceled");
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::ABORTED), 409);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::UNIMPLEMENTED), 501);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(HttpStatusForCode(grpc::StatusCode::DEADLINE_EXCEEDED), 504);
  EXPECT_EQ(HttpStatusForCode(static_cast<grpc::StatusCode>(99)), 500);
}

TEST(ConnectCodecTest, ErrorBodyCarriesDetails) {
  grpc::Status status = rpc::ToGrpcStatus(InvalidField("name", "must be organisations/{id}"), "x");
  nlohmann::json body = nlohmann::json::parse(ConnectErrorBody(status));
  EXPECT_EQ(body["code"], "invalid_argument");
  EXPECT_FALSE(body["message"].get<std::string>().empty());
  ASSERT_EQ(body["details"].size(), 1u);
  EXPECT_EQ(body["details"][0]["type"], "google.rpc.BadRequest");
  const std::string value = body["details"][0]["value"];
  EXPECT_EQ(value.find('='), std::string::npos);  // unpadded
  EXPECT_EQ(body["details"][0]["debug"]["fieldViolations"][0]["field"], "name");
}

TEST(ConnectCodecTest, RetryAfterFromRetryInfo) {
  grpc::Status status =
      rpc::ToGrpcStatus(WithRetryDelay(absl::ResourceExhaustedError("slow down"), 1500), "x");
  EXPECT_EQ(RetryAfterSeconds(status), 2);
  EXPECT_EQ(RetryAfterSeconds(grpc::Status(grpc::StatusCode::INTERNAL, "x")), std::nullopt);
}

TEST(ConnectCodecTest, JsonRoundTrip) {
  auto bytes = JsonToBinary(GetOrganisationRequest::default_instance(),
                            R"({"name": "organisations/abc"})");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  GetOrganisationRequest req;
  ASSERT_TRUE(req.ParseFromString(*bytes));
  EXPECT_EQ(req.name(), "organisations/abc");

  Organisation org;
  org.set_display_name("Arvika kommun");
  org.set_organisation_number("212000-1876");
  auto json = BinaryToJson(Organisation::default_instance(), org.SerializeAsString());
  ASSERT_TRUE(json.ok());
  nlohmann::json parsed = nlohmann::json::parse(*json);
  EXPECT_EQ(parsed["displayName"], "Arvika kommun");
}

TEST(ConnectCodecTest, BadJsonIsInvalidArgument) {
  auto bytes = JsonToBinary(GetOrganisationRequest::default_instance(), R"({"nope": 1})");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(JsonToBinary(GetOrganisationRequest::default_instance(), "{").ok());
}

TEST(ConnectCodecTest, TimeoutHeader) {
  EXPECT_EQ(ParseTimeoutMs("1500"), 1500);
  EXPECT_EQ(ParseTimeoutMs(""), std::nullopt);
  EXPECT_EQ(ParseTimeoutMs("-1"), std::nullopt);
  EXPECT_EQ(ParseTimeoutMs("12345678901"), std::nullopt);
}

}  // namespace
}  // namespace collab::gateway
