#include "libs/common/luhn.h"

#include <gtest/gtest.h>

namespace collab {
namespace {

TEST(LuhnTest, KnownNumbers) {
  // Skatteverket's example personnummer 811218-9876: check digit 6 over 811218987.
  EXPECT_EQ(LuhnCheckDigit("811218987"), 6);
  // Försäkringskassan, 202100-5521.
  EXPECT_EQ(LuhnCheckDigit("202100552"), 1);
  EXPECT_EQ(LuhnCheckDigit("000000000"), 0);
}

TEST(LuhnTest, NonDigitsAreRefused) {
  EXPECT_EQ(LuhnCheckDigit("20210-552"), -1);
  EXPECT_EQ(WithLuhnCheckDigit("20210-552"), "");
}

TEST(LuhnTest, WithCheckDigitAppendsIt) {
  EXPECT_EQ(WithLuhnCheckDigit("811218987"), "8112189876");
  EXPECT_EQ(WithLuhnCheckDigit("202100552"), "2021005521");
}

}  // namespace
}  // namespace collab
