#include "services/gateway/admission.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"

namespace collab::gateway {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_CASE_WORKER;

constexpr char kGetOrganisation[] = "/collab.organisations.v1.OrganisationService/GetOrganisation";
constexpr char kCreateOrganisation[] =
    "/collab.organisations.v1.OrganisationService/CreateOrganisation";
constexpr char kOrg[] = "0b5a7c1e-0000-4000-8000-000000000001";

class GatekeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = auth::GenerateEcP256Key();
    auto keys = auth::ParseJwks(nlohmann::json({{"keys", {*auth::PublicJwk(key_.get(), "k")}}}).dump());
    ASSERT_TRUE(keys.ok());
    authenticator_ = std::make_unique<Authenticator>(
        std::make_unique<auth::JwtVerifier>(*std::move(keys),
                                            auth::JwtVerifierOptions{"iss", "aud", absl::Seconds(30)}),
        ClientSubjectMap{{"CN=fk", kOrg}}, limiter_, 100);
    auto routes = RouteTable::Build({"127.0.0.1:1", "", "", ""});
    ASSERT_TRUE(routes.ok());
    routes_ = *std::move(routes);
    gate_ = std::make_unique<Gatekeeper>(*routes_, *authenticator_, signer_, DeadlinePolicy{});
  }

  std::string Bearer(const std::string& role, const std::string& sub = "anna") {
    nlohmann::json claims = {{"iss", "iss"}, {"aud", "aud"}, {"sub", sub}, {"org", kOrg},
                             {"roles", {role}}, {"exp", absl::ToUnixSeconds(now_ + absl::Hours(1))}};
    return "Bearer " + *auth::SignJwt(claims, key_.get(), "k");
  }

  absl::Status Admit(std::string_view method, const std::string& authorization,
                     Admission* out, std::string_view request_id = "") {
    return gate_->Admit(method, {authorization, {}, request_id}, now_, out);
  }

  absl::Time now_ = absl::Now();
  auth::PrivateKey key_;
  RateLimiter limiter_{{/*rate_per_second=*/1, /*burst=*/3}};
  auth::PrincipalSigner signer_ = *auth::PrincipalSigner::Create(std::string(32, 'k'));
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<RouteTable> routes_;
  std::unique_ptr<Gatekeeper> gate_;
};

TEST_F(GatekeeperTest, SignsThePrincipalOfAValidToken) {
  Admission a;
  ASSERT_TRUE(Admit(kGetOrganisation, Bearer("CASE_WORKER"), &a, "req-1").ok());
  EXPECT_EQ(a.request_id, "req-1");
  auto p = signer_.Verify(a.principal.bytes, a.principal.signature, now_);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject(), "anna");
  EXPECT_EQ(p->organisation_id(), kOrg);
  EXPECT_EQ(p->request_id(), "req-1");
  EXPECT_EQ(p->roles(0), ROLE_CASE_WORKER);
  EXPECT_EQ(p->expire_time_unix(), absl::ToUnixSeconds(now_ + absl::Hours(1)));
}

TEST_F(GatekeeperTest, VerifiesEachTokenOnce) {
  const std::string token = Bearer("ADMIN");
  Admission a, b;
  ASSERT_TRUE(Admit(kGetOrganisation, token, &a).ok());
  ASSERT_TRUE(Admit(kGetOrganisation, token, &b).ok());
  EXPECT_EQ(a.identity.get(), b.identity.get());
  EXPECT_EQ(authenticator_->cached_tokens(), 1u);
}

TEST_F(GatekeeperTest, MakesASafeRequestId) {
  Admission a;
  ASSERT_TRUE(Admit(kGetOrganisation, Bearer("ADMIN"), &a, "bad id\n{injected}").ok());
  EXPECT_TRUE(IsUuid(a.request_id));
  Admission b;
  ASSERT_TRUE(Admit(kGetOrganisation, Bearer("ADMIN", "bo"), &b).ok());
  EXPECT_TRUE(IsUuid(b.request_id));
}

TEST_F(GatekeeperTest, RefusesMissingAndMalformedCredentials) {
  Admission a;
  absl::Status s = Admit(kGetOrganisation, "", &a);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_TRUE(absl::StrContains(s.message(), "Bearer"));
  EXPECT_FALSE(a.request_id.empty());  // for the access log
  EXPECT_EQ(Admit(kGetOrganisation, "Basic dXNlcjpwYXNz", &a).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(Admit(kGetOrganisation, "Bearer not.a.token", &a).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(GatekeeperTest, EnforcesTheMethodPolicy) {
  Admission a;
  EXPECT_EQ(Admit(kCreateOrganisation, Bearer("CASE_WORKER"), &a).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Admit("/collab.events.v1.EventFeed/Watch", Bearer("ADMIN", "x"), &a).code(),
            absl::StatusCode::kUnimplemented);
  absl::Status no_backend = Admit("/collab.cases.v1.CaseService/GetCase", Bearer("CASE_WORKER", "y"), &a);
  EXPECT_EQ(no_backend.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(absl::StrContains(no_backend.message(), "--cases_backend"));
}

TEST_F(GatekeeperTest, RateLimitsPerPrincipalWithRetryInfo) {
  const std::string token = Bearer("ADMIN", "busy");
  Admission a;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Admit(kGetOrganisation, token, &a).ok()) << i;
  absl::Status s = Admit(kGetOrganisation, token, &a);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(s.GetPayload(kRetryInfoTypeUrl).has_value());
  // Another principal is not affected.
  EXPECT_TRUE(Admit(kGetOrganisation, Bearer("ADMIN", "calm"), &a).ok());
}

TEST_F(GatekeeperTest, ClientCertificateGivesAgencySystem) {
  Admission a;
  ASSERT_TRUE(gate_->Admit(kGetOrganisation, {"", "CN=fk", ""}, now_, &a).ok());
  auto p = signer_.Verify(a.principal.bytes, a.principal.signature, now_);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->organisation_id(), kOrg);
  EXPECT_EQ(p->roles(0), collab::common::v1::ROLE_AGENCY_SYSTEM);
  EXPECT_GT(p->expire_time_unix(), absl::ToUnixSeconds(now_));
  EXPECT_EQ(gate_->Admit(kGetOrganisation, {"", "CN=stranger", ""}, now_, &a).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(BackendDeadlineTest, DefaultAndMaximum) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  DeadlinePolicy policy{absl::Seconds(30), absl::Minutes(5)};
  EXPECT_EQ(BackendDeadline(absl::InfiniteFuture(), now, policy), now + absl::Seconds(30));
  EXPECT_EQ(BackendDeadline(now + absl::Seconds(2), now, policy), now + absl::Seconds(2));
  EXPECT_EQ(BackendDeadline(now + absl::Hours(2), now, policy), now + absl::Minutes(5));
}

}  // namespace
}  // namespace collab::gateway
