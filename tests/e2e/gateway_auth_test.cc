// End-to-end: authentication and authorisation through the real gateway, the real
// organisations service and a real PostgreSQL (issue 3, Tests).
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include <grpcpp/generic/generic_stub.h>
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/jwt.h"
#include "libs/auth/principal.h"
#include "libs/common/crypto.h"
#include "libs/common/ids.h"
#include "tests/e2e/stack_suite.h"

namespace collab::e2e {
namespace {

using collab::organisations::v1::CreateOrganisationRequest;
using collab::organisations::v1::GetOrganisationRequest;
using collab::organisations::v1::ListOrganisationsRequest;
using collab::organisations::v1::ListOrganisationsResponse;
using collab::organisations::v1::Organisation;
using collab::organisations::v1::OrganisationService;

class GatewayAuthTest : public StackSuite<GatewayAuthTest> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StackSuite::SetUp());
    stub_ = OrganisationService::NewStub(stack_->GatewayChannel());
  }

  grpc::Status List(const std::string& token, ListOrganisationsResponse* out = nullptr) {
    grpc::ClientContext ctx;
    if (!token.empty()) AddBearer(ctx, token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    ListOrganisationsResponse resp;
    return stub_->ListOrganisations(&ctx, ListOrganisationsRequest(), out ? out : &resp);
  }

  grpc::Status Create(const std::string& token, const std::string& display_name,
                      Organisation* out) {
    grpc::ClientContext ctx;
    AddBearer(ctx, token);
    CreateOrganisationRequest req;
    req.mutable_organisation()->set_display_name(display_name);
    req.mutable_organisation()->set_kind(collab::organisations::v1::ORGANISATION_KIND_EMPLOYER);
    req.mutable_organisation()->set_organisation_number(RandomOrganisationNumber());
    req.mutable_organisation()->set_sector(collab::organisations::v1::SECTOR_PRIVATE);
    req.set_request_id(NewUuid());
    return stub_->CreateOrganisation(&ctx, req, out);
  }

  void ExpectUnauthenticated(const std::string& token, std::string_view reason) {
    grpc::Status s = List(token);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
    EXPECT_NE(s.error_message().find(reason), std::string::npos) << s.error_message();
  }

  std::unique_ptr<OrganisationService::Stub> stub_;
};


TEST_F(GatewayAuthTest, ValidTokenReachesTheBackend) {
  Organisation created;
  grpc::Status s = Create(stack_->Token("ADMIN", "admin"), "Volvo Personvagnar AB", &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(absl::StartsWith(created.name(), "organisations/"));

  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("CASE_WORKER"));
  GetOrganisationRequest req;
  req.set_name(created.name());
  Organisation got;
  s = stub_->GetOrganisation(&ctx, req, &got);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(got.display_name(), "Volvo Personvagnar AB");
}

TEST_F(GatewayAuthTest, Rs256TokenWorks) {
  grpc::Status s = List(stack_->Sign(stack_->Claims("ANALYST"), "rsa"));
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(GatewayAuthTest, DevIssuerTokenFromCollabctlWorks) {
  // The dev issuer end to end: collabctl signs with the stack's dev key.
  const std::string pem_path = stack_->dir() + "/dev-key.pem";
  FILE* f = std::fopen(pem_path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  const std::string pem = auth::PrivateKeyToPem(stack_->dev_key());
  std::fwrite(pem.data(), 1, pem.size(), f);
  std::fclose(f);
  const std::string cmd =
      absl::StrCat(testing::BinaryPath("collabctl"), " token --role CASE_WORKER --org ", kCallerOrg,
                   " --sub anna --ttl 10m --kid dev --issuer ", kIssuer, " --audience ", kAudience,
                   " --key ", pem_path);
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096] = {0};
  const size_t n = std::fread(buf, 1, sizeof(buf) - 1, p);
  ASSERT_EQ(pclose(p), 0) << cmd;
  std::string token(buf, n);
  while (!token.empty() && token.back() == '\n') token.pop_back();
  grpc::Status s = List(token);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(GatewayAuthTest, MissingTokenIsUnauthenticated) { ExpectUnauthenticated("", "Bearer"); }

TEST_F(GatewayAuthTest, ExpiredTokenIsUnauthenticated) {
  auto claims = stack_->Claims("CASE_WORKER");
  claims["exp"] = absl::ToUnixSeconds(absl::Now() - absl::Minutes(10));
  ExpectUnauthenticated(stack_->Sign(claims), "expired");
}

TEST_F(GatewayAuthTest, WrongIssuerIsUnauthenticated) {
  auto claims = stack_->Claims("CASE_WORKER");
  claims["iss"] = "https://someone-else.example";
  ExpectUnauthenticated(stack_->Sign(claims), "issuer");
}

TEST_F(GatewayAuthTest, WrongAudienceIsUnauthenticated) {
  auto claims = stack_->Claims("CASE_WORKER");
  claims["aud"] = "another-api";
  ExpectUnauthenticated(stack_->Sign(claims), "audience");
}

TEST_F(GatewayAuthTest, BadSignatureIsUnauthenticated) {
  std::string token = stack_->Token("CASE_WORKER");
  // Replace the signature with one over other content by the same key.
  const std::string other = stack_->Token("ADMIN", "mallory");
  token = token.substr(0, token.rfind('.')) + other.substr(other.rfind('.'));
  ExpectUnauthenticated(token, "signature");
}

TEST_F(GatewayAuthTest, UnknownKidIsUnauthenticated) {
  auth::PrivateKey stranger = auth::GenerateEcP256Key();
  ExpectUnauthenticated(auth::SignJwt(stack_->Claims("ADMIN"), stranger.get(), "other").value(),
                        "key id");
}

TEST_F(GatewayAuthTest, AlgNoneIsUnauthenticated) {
  nlohmann::json header = {{"alg", "none"}, {"typ", "JWT"}, {"kid", "dev"}};
  const std::string token = crypto::Base64UrlEncode(header.dump()) + "." +
                            crypto::Base64UrlEncode(stack_->Claims("ADMIN").dump()) + ".";
  ExpectUnauthenticated(token, "algorithm");
}

TEST_F(GatewayAuthTest, RoleNotAllowedIsPermissionDenied) {
  Organisation out;
  grpc::Status s = Create(stack_->Token("CASE_WORKER"), "Not allowed AB", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(GatewayAuthTest, InternalEventFeedIsNeverRouted) {
  grpc::GenericStub generic(stack_->GatewayChannel());
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("ADMIN"));
  grpc::Slice empty_message("");
  grpc::ByteBuffer req(&empty_message, 1), resp;
  grpc::Status status;
  absl::Notification done;
  generic.UnaryCall(&ctx, "/collab.events.v1.EventFeed/Watch", grpc::StubOptions(), &req, &resp,
                    [&](grpc::Status s) {
                      status = s;
                      done.Notify();
                    });
  done.WaitForNotification();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
}

TEST_F(GatewayAuthTest, CallerPrincipalMetadataIsStripped) {
  // A caller forges an ADMIN principal signed with a guessed key; the gateway must drop it and
  // send its own, so the call succeeds as the token's CASE_WORKER and nothing more.
  auth::Principal forged;
  forged.set_subject("mallory");
  forged.add_roles(collab::common::v1::ROLE_ADMIN);
  auto signer = auth::PrincipalSigner::Create(std::string(40, 'x')).value();
  auto signed_forged = signer.Sign(forged);
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("CASE_WORKER"));
  ctx.AddMetadata(auth::kPrincipalMetadataKey, signed_forged.bytes);
  ctx.AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_forged.signature);
  ListOrganisationsResponse resp;
  grpc::Status s = stub_->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

// Straight to the backend, bypassing the gateway.
class BackendDirectTest : public GatewayAuthTest {
 protected:
  void SetUp() override {
    GatewayAuthTest::SetUp();
    direct_ = OrganisationService::NewStub(
        grpc::CreateChannel(stack_->organisations_target(), grpc::InsecureChannelCredentials()));
  }
  std::unique_ptr<OrganisationService::Stub> direct_;
};

TEST_F(BackendDirectTest, MissingPrincipalIsUnauthenticated) {
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("ADMIN"));  // a token means nothing to a backend
  ListOrganisationsResponse resp;
  grpc::Status s = direct_->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

TEST_F(BackendDirectTest, ForgedPrincipalIsUnauthenticated) {
  auth::Principal forged;
  forged.set_subject("mallory");
  forged.add_roles(collab::common::v1::ROLE_ADMIN);
  forged.set_expire_time_unix(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
  auto wrong_key = auth::PrincipalSigner::Create(std::string(40, 'x')).value();
  auto signed_forged = wrong_key.Sign(forged);
  grpc::ClientContext ctx;
  ctx.AddMetadata(auth::kPrincipalMetadataKey, signed_forged.bytes);
  ctx.AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_forged.signature);
  ListOrganisationsResponse resp;
  grpc::Status s = direct_->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
}

TEST_F(BackendDirectTest, PrincipalSignedWithTheInternalKeyIsAccepted) {
  // The control for the two tests above: the same call with a correctly signed principal.
  auth::Principal p;
  p.set_subject("svc-test");
  p.add_roles(collab::common::v1::ROLE_ADMIN);
  p.set_expire_time_unix(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
  auto signer = auth::PrincipalSigner::Create(stack_->internal_key()).value();
  auto signed_p = signer.Sign(p);
  grpc::ClientContext ctx;
  ctx.AddMetadata(auth::kPrincipalMetadataKey, signed_p.bytes);
  ctx.AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_p.signature);
  ListOrganisationsResponse resp;
  grpc::Status s = direct_->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

}  // namespace
}  // namespace collab::e2e
