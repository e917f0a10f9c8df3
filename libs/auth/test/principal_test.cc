#include "libs/auth/principal.h"

#include <gtest/gtest.h>

namespace collab::auth {
namespace {

const std::string kKey(32, 'k');

Principal CaseWorker() {
  Principal p;
  p.set_subject("handlaggare-1");
  p.set_organisation_id("fk");
  p.add_roles(collab::common::v1::ROLE_CASE_WORKER);
  return p;
}

TEST(PrincipalSignerTest, RefusesShortKey) {
  EXPECT_FALSE(PrincipalSigner::Create("short").ok());
}

TEST(PrincipalSignerTest, SignedPrincipalVerifies) {
  auto signer = *PrincipalSigner::Create(kKey);
  SignedPrincipal s = signer.Sign(CaseWorker());
  auto p = signer.Verify(s.bytes, s.signature, absl::Now());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->subject(), "handlaggare-1");
}

TEST(PrincipalSignerTest, ForgedAlteredMissingOrExpiredIsUnauthenticated) {
  auto signer = *PrincipalSigner::Create(kKey);
  SignedPrincipal s = signer.Sign(CaseWorker());

  Principal admin = CaseWorker();
  admin.add_roles(collab::common::v1::ROLE_ADMIN);
  EXPECT_EQ(signer.Verify(admin.SerializeAsString(), s.signature, absl::Now()).status().code(),
            absl::StatusCode::kUnauthenticated);

  auto other = *PrincipalSigner::Create(std::string(32, 'x'));
  SignedPrincipal forged = other.Sign(CaseWorker());
  EXPECT_FALSE(signer.Verify(forged.bytes, forged.signature, absl::Now()).ok());
  EXPECT_FALSE(signer.Verify("", "", absl::Now()).ok());

  Principal expiring = CaseWorker();
  expiring.set_expire_time_unix(absl::ToUnixSeconds(absl::Now()) - 31);
  SignedPrincipal expired = signer.Sign(expiring);
  EXPECT_FALSE(signer.Verify(expired.bytes, expired.signature, absl::Now()).ok());
}

TEST(RoleNameTest, RoundTrip) {
  EXPECT_EQ(RoleName(collab::common::v1::ROLE_EMPLOYER_HR), "EMPLOYER_HR");
  EXPECT_EQ(RoleFromName("EMPLOYER_HR"), collab::common::v1::ROLE_EMPLOYER_HR);
  EXPECT_EQ(RoleFromName("ROLE_ADMIN"), collab::common::v1::ROLE_ADMIN);
  EXPECT_EQ(RoleFromName("KING"), collab::common::v1::ROLE_UNSPECIFIED);
}

}  // namespace
}  // namespace collab::auth
