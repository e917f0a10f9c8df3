#include "libs/common/crypto.h"

#include <gtest/gtest.h>

namespace collab::crypto {
namespace {

TEST(CryptoTest, Sha256OfKnownInput) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(Sha256Hex("") .size(), 64u);
  std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (unsigned char c : mac) {
    static const char* digits = "0123456789abcdef";
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Base64UrlRoundTripAndRejectsGarbage) {
  std::string data("\xff\xfe\x00hello", 8);
  auto decoded = Base64UrlDecode(Base64UrlEncode(data));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, data);
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("not base64!").ok());
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
}

}  // namespace
}  // namespace collab::crypto

namespace collab::crypto {
namespace {

TEST(AesGcmTest, RoundTripAndRandomNonce) {
  const std::string key(32, '\x07');
  auto a = AesGcmEncrypt(key, "198501011234", "cases/1");
  auto b = AesGcmEncrypt(key, "198501011234", "cases/1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // a fresh nonce each time: equal numbers do not look equal at rest
  EXPECT_EQ(a->find("198501011234"), std::string::npos);
  auto plain = AesGcmDecrypt(key, *a, "cases/1");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(*plain, "198501011234");
}

TEST(AesGcmTest, AlteredDataWrongKeyOrContextIsRefused) {
  const std::string key(32, '\x07');
  std::string blob = *AesGcmEncrypt(key, "198501011234", "cases/1");
  EXPECT_EQ(AesGcmDecrypt(key, blob, "cases/2").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_FALSE(AesGcmDecrypt(std::string(32, '\x08'), blob, "cases/1").ok());
  blob[14] ^= 1;
  EXPECT_EQ(AesGcmDecrypt(key, blob, "cases/1").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_FALSE(AesGcmDecrypt(key, "short", "cases/1").ok());
  EXPECT_FALSE(AesGcmEncrypt("short key", "x", "").ok());
}

}  // namespace
}  // namespace collab::crypto
