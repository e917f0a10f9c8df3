// End-to-end: the Connect JSON endpoint of the real gateway.
#include <httplib.h>
#include <gtest/gtest.h>

#include "libs/common/ids.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/stack_suite.h"

namespace collab::e2e {
namespace {

constexpr char kCreate[] = "/collab.organisations.v1.OrganisationService/CreateOrganisation";
constexpr char kGet[] = "/collab.organisations.v1.OrganisationService/GetOrganisation";

class GatewayHttpTest : public StackSuite<GatewayHttpTest> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StackSuite::SetUp());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", stack_->http_port());
  }

  httplib::Result Post(const std::string& path, const nlohmann::json& body,
                       const std::string& token, httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client_->Post(path.c_str(), headers, body.dump(), "application/json");
  }

  std::unique_ptr<httplib::Client> client_;
};


TEST_F(GatewayHttpTest, JsonRoundTrip) {
  const nlohmann::json create = {
      {"organisation",
       {{"displayName", "Karlstads kommun"},
        {"kind", "ORGANISATION_KIND_MUNICIPALITY"},
        {"organisationNumber", RandomOrganisationNumber()},
        {"sector", "SECTOR_PUBLIC"},
        {"countyCode", "17"}}},
      {"requestId", NewUuid()}};
  auto created = Post(kCreate, create, stack_->Token("ADMIN"), {{"X-Request-Id", "e2e-json-1"}});
  ASSERT_TRUE(created) << httplib::to_string(created.error());
  ASSERT_EQ(created->status, 200) << created->body;
  EXPECT_EQ(created->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(created->get_header_value("X-Request-Id"), "e2e-json-1");
  nlohmann::json org = nlohmann::json::parse(created->body);
  EXPECT_EQ(org["displayName"], "Karlstads kommun");
  EXPECT_EQ(org["kind"], "ORGANISATION_KIND_MUNICIPALITY");

  auto got = Post(kGet, {{"name", org["name"]}}, stack_->Token("EMPLOYER_HR"));
  ASSERT_TRUE(got);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(nlohmann::json::parse(got->body)["countyCode"], "17");
}

TEST_F(GatewayHttpTest, BackendErrorHasTheConnectShape) {
  auto res = Post(kGet, {{"name", "not-a-resource-name"}}, stack_->Token("ADMIN"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  nlohmann::json error = nlohmann::json::parse(res->body);
  EXPECT_EQ(error["code"], "invalid_argument");
  EXPECT_TRUE(error["message"].is_string());
  ASSERT_TRUE(error["details"].is_array());
  ASSERT_FALSE(error["details"].empty());
  EXPECT_EQ(error["details"][0]["type"], "google.rpc.BadRequest");
  EXPECT_TRUE(error["details"][0]["value"].is_string());
  EXPECT_EQ(error["details"][0]["debug"]["fieldViolations"][0]["field"], "name");
}

TEST_F(GatewayHttpTest, NotFoundIs404) {
  auto res = Post(kGet, {{"name", "organisations/" + NewUuid()}}, stack_->Token("ADMIN"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
  EXPECT_EQ(nlohmann::json::parse(res->body)["code"], "not_found");
}

TEST_F(GatewayHttpTest, MalformedJsonIsInvalidArgument) {
  auto res = client_->Post(kGet, {{"Authorization", "Bearer " + stack_->Token("ADMIN")}},
                           R"({"name": 42, "nope": true})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(nlohmann::json::parse(res->body)["code"], "invalid_argument");
}

TEST_F(GatewayHttpTest, SameAuthenticationAndPolicyAsGrpc) {
  auto none = Post(kGet, {{"name", "organisations/x"}}, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(nlohmann::json::parse(none->body)["code"], "unauthenticated");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");

  auto denied = Post(kCreate, {{"organisation", {{"displayName", "x"}}}}, stack_->Token("FUNDER"));
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(nlohmann::json::parse(denied->body)["code"], "permission_denied");

  auto unknown = Post("/collab.organisations.v1.OrganisationService/Nope", {}, stack_->Token("ADMIN"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(nlohmann::json::parse(unknown->body)["code"], "unimplemented");
}

TEST_F(GatewayHttpTest, CorsForConfiguredOrigins) {
  httplib::Headers preflight = {{"Origin", "https://partner.example"},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "authorization,content-type"}};
  auto ok = client_->Options(kGet, preflight);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "https://partner.example");
  EXPECT_NE(ok->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);

  httplib::Headers foreign = {{"Origin", "https://evil.example"},
                              {"Access-Control-Request-Method", "POST"}};
  auto refused = client_->Options(kGet, foreign);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));

  auto call = Post(kGet, {{"name", "organisations/" + NewUuid()}}, stack_->Token("ADMIN"),
                   {{"Origin", "https://partner.example"}});
  ASSERT_TRUE(call);
  EXPECT_EQ(call->get_header_value("Access-Control-Allow-Origin"), "https://partner.example");
}

TEST_F(GatewayHttpTest, HealthEndpoint) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace collab::e2e
