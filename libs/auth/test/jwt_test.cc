#include "libs/auth/jwt.h"

#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "libs/common/crypto.h"

namespace collab::auth {
namespace {

using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;

constexpr char kIssuer[] = "https://issuer.test";
constexpr char kAudience[] = "collab-gateway";
const absl::Time kNow = absl::FromUnixSeconds(1'750'000'000);

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ec_key_ = GenerateEcP256Key().release();
    rsa_key_ = GenerateRsaKey(2048).release();
    other_key_ = GenerateEcP256Key().release();
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(ec_key_);
    EVP_PKEY_free(rsa_key_);
    EVP_PKEY_free(other_key_);
  }

  JwtVerifier Verifier() {
    nlohmann::json jwks = {{"keys", {*PublicJwk(ec_key_, "ec"), *PublicJwk(rsa_key_, "rsa")}}};
    auto keys = ParseJwks(jwks.dump());
    EXPECT_TRUE(keys.ok()) << keys.status();
    return JwtVerifier(*std::move(keys), {kIssuer, kAudience, absl::Seconds(30)});
  }

  static nlohmann::json Claims() {
    return {{"iss", kIssuer},
            {"aud", kAudience},
            {"sub", "anna"},
            {"org", "0b5a7c1e-0000-4000-8000-000000000001"},
            {"roles", {"CASE_WORKER", "EMPLOYER_HR"}},
            {"office", "office-1"},
            {"exp", absl::ToUnixSeconds(kNow + absl::Hours(1))},
            {"nbf", absl::ToUnixSeconds(kNow - absl::Minutes(1))}};
  }

  std::string Sign(const nlohmann::json& claims, EVP_PKEY* key, const char* kid) {
    auto token = SignJwt(claims, key, kid);
    EXPECT_TRUE(token.ok()) << token.status();
    return *token;
  }

  void ExpectRejected(const std::string& token, std::string_view reason) {
    auto v = Verifier().Verify(token, kNow);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_NE(std::string(v.status().message()).find(reason), std::string::npos) << v.status();
  }

  static EVP_PKEY* ec_key_;
  static EVP_PKEY* rsa_key_;
  static EVP_PKEY* other_key_;
};

EVP_PKEY* JwtTest::ec_key_ = nullptr;
EVP_PKEY* JwtTest::rsa_key_ = nullptr;
EVP_PKEY* JwtTest::other_key_ = nullptr;

TEST_F(JwtTest, Es256TokenGivesPrincipal) {
  auto v = Verifier().Verify(Sign(Claims(), ec_key_, "ec"), kNow);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->principal.subject(), "anna");
  EXPECT_EQ(v->principal.organisation_id(), "0b5a7c1e-0000-4000-8000-000000000001");
  EXPECT_EQ(v->principal.office_id(), "office-1");
  ASSERT_EQ(v->principal.roles_size(), 2);
  EXPECT_EQ(v->principal.roles(0), ROLE_CASE_WORKER);
  EXPECT_EQ(v->principal.roles(1), ROLE_EMPLOYER_HR);
  EXPECT_EQ(v->principal.expire_time_unix(), absl::ToUnixSeconds(kNow + absl::Hours(1)));
  EXPECT_EQ(v->expiry, kNow + absl::Hours(1));
}

TEST_F(JwtTest, Rs256TokenGivesPrincipal) {
  auto v = Verifier().Verify(Sign(Claims(), rsa_key_, "rsa"), kNow);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->principal.subject(), "anna");
}

TEST_F(JwtTest, AudienceArrayIsAccepted) {
  auto claims = Claims();
  claims["aud"] = {"other", kAudience};
  EXPECT_TRUE(Verifier().Verify(Sign(claims, ec_key_, "ec"), kNow).ok());
}

TEST_F(JwtTest, ExpiryHonoursLeewayOnBothSides) {
  auto claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow - absl::Seconds(20));
  EXPECT_TRUE(Verifier().Verify(Sign(claims, ec_key_, "ec"), kNow).ok());
  claims["exp"] = absl::ToUnixSeconds(kNow - absl::Seconds(40));
  ExpectRejected(Sign(claims, ec_key_, "ec"), "expired");
}

TEST_F(JwtTest, NotBeforeInTheFutureIsRefused) {
  auto claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(kNow + absl::Minutes(5));
  ExpectRejected(Sign(claims, ec_key_, "ec"), "not valid yet");
}

TEST_F(JwtTest, MissingExpiryIsRefused) {
  auto claims = Claims();
  claims.erase("exp");
  ExpectRejected(Sign(claims, ec_key_, "ec"), "exp");
}

TEST_F(JwtTest, WrongIssuerAndAudienceAreRefused) {
  auto claims = Claims();
  claims["iss"] = "https://evil.test";
  ExpectRejected(Sign(claims, ec_key_, "ec"), "issuer");
  claims = Claims();
  claims["aud"] = "someone-else";
  ExpectRejected(Sign(claims, ec_key_, "ec"), "audience");
}

TEST_F(JwtTest, UnknownKidIsRefused) { ExpectRejected(Sign(Claims(), ec_key_, "nope"), "key id"); }

TEST_F(JwtTest, SignatureByAnotherKeyIsRefused) {
  ExpectRejected(Sign(Claims(), other_key_, "ec"), "signature");
}

TEST_F(JwtTest, TamperedPayloadIsRefused) {
  std::string token = Sign(Claims(), ec_key_, "ec");
  auto claims = Claims();
  claims["roles"] = {"ADMIN"};
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.find('.', dot1 + 1);
  token = token.substr(0, dot1 + 1) + crypto::Base64UrlEncode(claims.dump()) + token.substr(dot2);
  ExpectRejected(token, "signature");
}

TEST_F(JwtTest, AlgNoneIsRefused) {
  nlohmann::json header = {{"alg", "none"}, {"kid", "ec"}};
  const std::string token = crypto::Base64UrlEncode(header.dump()) + "." +
                            crypto::Base64UrlEncode(Claims().dump()) + ".";
  ExpectRejected(token, "algorithm");
}

TEST_F(JwtTest, Hs256IsRefused) {
  // The classic confusion attack: HMAC "signed" with the public key as the secret.
  nlohmann::json header = {{"alg", "HS256"}, {"kid", "rsa"}};
  const std::string input = crypto::Base64UrlEncode(header.dump()) + "." +
                            crypto::Base64UrlEncode(Claims().dump());
  const std::string token =
      input + "." + crypto::Base64UrlEncode(crypto::HmacSha256("public key bytes", input));
  ExpectRejected(token, "algorithm");
}

TEST_F(JwtTest, AlgMustMatchTheKeyType) {
  auto token = SignJwtWithHeader({{"alg", "RS256"}, {"kid", "ec"}}, Claims(), ec_key_);
  ASSERT_TRUE(token.ok());
  ExpectRejected(*token, "does not match");
}

TEST_F(JwtTest, RolesAreChecked) {
  auto claims = Claims();
  claims["roles"] = {"SERVICE"};
  ExpectRejected(Sign(claims, ec_key_, "ec"), "SERVICE");
  claims["roles"] = {"KING"};
  ExpectRejected(Sign(claims, ec_key_, "ec"), "unknown role");
  claims["roles"] = nlohmann::json::array();
  ExpectRejected(Sign(claims, ec_key_, "ec"), "roles");
}

TEST_F(JwtTest, GarbageIsRefused) {
  ExpectRejected("", "empty");
  ExpectRejected("abc", "not a JWT");
  ExpectRejected("a.b.c.d", "not a JWT");
  ExpectRejected("!!!.???.###", "not a JWT");
  ExpectRejected(std::string(10000, 'a'), "too long");
}

TEST(JwksTest, RejectsWeakOrForeignKeys) {
  EXPECT_FALSE(ParseJwks("{}").ok());
  EXPECT_FALSE(ParseJwks(R"({"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]})").ok());
  PrivateKey ec = GenerateEcP256Key();
  auto jwk = PublicJwk(ec.get(), "k");
  ASSERT_TRUE(jwk.ok());
  (*jwk)["alg"] = "HS256";
  EXPECT_FALSE(ParseJwks(nlohmann::json({{"keys", {*jwk}}}).dump()).ok());
  PrivateKey small_rsa = GenerateRsaKey(1024);
  auto small = PublicJwk(small_rsa.get(), "small");
  ASSERT_TRUE(small.ok());
  EXPECT_FALSE(ParseJwks(nlohmann::json({{"keys", {*small}}}).dump()).ok());
}

TEST(JwksTest, PemRoundTrip) {
  PrivateKey ec = GenerateEcP256Key();
  auto back = PrivateKeyFromPem(PrivateKeyToPem(ec.get()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EVP_PKEY_eq(ec.get(), back->get()), 1);
}

}  // namespace
}  // namespace collab::auth
