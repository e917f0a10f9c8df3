// Money, exact decimal quantities and the one rounding rule (collab.common.v1.Money; domain.md,
// "Funding"; the KUPO application's budget).
#include <gtest/gtest.h>

#include "services/funding/domain/decimal.h"
#include "services/funding/domain/money.h"
#include "services/funding/domain/rounding.h"

namespace collab::funding {
namespace {

Decimal D(std::string_view text) { return *Decimal::Parse(text); }

TEST(RoundingTest, HalfAwayFromZero) {
  EXPECT_EQ(RoundedDivide(5, 2), 3);
  EXPECT_EQ(RoundedDivide(-5, 2), -3);
  EXPECT_EQ(RoundedDivide(4, 3), 1);
  EXPECT_EQ(RoundedDivide(-4, 3), -1);
  EXPECT_EQ(RoundedDivide(5, -2), -3);
  bool inexact = true;
  EXPECT_EQ(RoundedDivide(6, 3, &inexact), 2);
  EXPECT_FALSE(inexact);
}

TEST(RoundingTest, BasisPoints) {
  EXPECT_EQ(BasisPoints(1, 3), 3333);
  EXPECT_EQ(BasisPoints(2, 3), 6667);
  EXPECT_EQ(BasisPoints(196, 247), 7935);
  EXPECT_EQ(BasisPoints(5, 0), 0);
}

TEST(DecimalTest, ParsesExactDecimals) {
  EXPECT_EQ(D("431").micros(), 431'000'000);
  EXPECT_EQ(D("0.6").micros(), 600'000);
  EXPECT_EQ(D("0,6"), D("0.6"));  // Swedish decimal comma
  EXPECT_EQ(D("-2.5").micros(), -2'500'000);
  EXPECT_EQ(D("0.000001").micros(), 1);
  EXPECT_EQ(D("431").ToString(), "431");
  EXPECT_EQ(D("4.80").ToString(), "4.8");
  EXPECT_EQ(D("-0.25").ToString(), "-0.25");
}

TEST(DecimalTest, RejectsWhatIsNotAnExactDecimal) {
  for (std::string_view bad : {"", "abc", "1.", ".5", "1.2345678", "1e3", "1 000", "--1"}) {
    absl::StatusOr<Decimal> d = Decimal::Parse(bad, "factors[0].value");
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(d.status().message().find("factors[0].value"), absl::string_view::npos);
  }
}

TEST(DecimalTest, MultipliesExactlyOrRefuses) {
  // The KUPO project manager: 60 % of full time for 8 months is exactly 4.8 months.
  EXPECT_EQ(*Decimal::Multiply(D("0.6"), D("8")), D("4.8"));
  EXPECT_EQ(*Decimal::Multiply(D("3"), D("12")), D("36"));
  absl::StatusOr<Decimal> tiny = Decimal::Multiply(D("0.333333"), D("0.333333"));
  EXPECT_EQ(tiny.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Decimal> huge = Decimal::Multiply(D("9000000000000"), D("9000000000000"));
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kOutOfRange);
}

TEST(MoneyTest, FormatsSwedishStyle) {
  EXPECT_EQ(FormatMoney(Major(141'368, "SEK")), "141 368,00 kr");
  EXPECT_EQ(FormatMoney(Major(860'000, "SEK")), "860 000,00 kr");
  EXPECT_EQ(FormatMoney(Major(-10'000, "SEK")), "-10 000,00 kr");
  EXPECT_EQ(FormatMoney(Money{5, "SEK"}), "0,05 kr");
  EXPECT_EQ(FormatMoney(Money{1'250, "EUR"}), "12,50 EUR");
  EXPECT_EQ(FormatMoney(Money{100'000'000'00, "SEK"}), "100 000 000,00 kr");
}

TEST(MoneyTest, AddsAndSubtractsOnlyTheSameCurrency) {
  EXPECT_EQ(*Add(Major(190'000, "SEK"), Major(120'000, "SEK")), Major(310'000, "SEK"));
  EXPECT_EQ(*Subtract(Major(140'000, "SEK"), Major(141'368, "SEK")), Major(-1'368, "SEK"));
  absl::StatusOr<Money> mixed = Add(Major(1, "SEK"), Major(1, "EUR"));
  EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Subtract(Major(1, "SEK"), Major(1, "EUR")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Add(Money{INT64_MAX, "SEK"}, Money{1, "SEK"}).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*Sum({Major(1, "SEK"), Major(2, "SEK")}, "SEK"), Major(3, "SEK"));
  EXPECT_EQ(*Sum({}, "SEK"), Zero("SEK"));
  EXPECT_FALSE(Sum({Major(1, "EUR")}, "SEK").ok());
}

TEST(MoneyTest, ValidatesCurrencyCodes) {
  EXPECT_TRUE(ValidateCurrencyCode("SEK").ok());
  EXPECT_FALSE(ValidateCurrencyCode("sek").ok());
  EXPECT_FALSE(ValidateCurrencyCode("").ok());
  EXPECT_FALSE(ValidateCurrencyCode("SEKK").ok());
}

TEST(MoneyTest, QuantityTimesPriceRoundsOnceHalfAwayFromZero) {
  // KUPO working group: 431 h × 328 kr/h = 141 368 kr, exact.
  PricedAmount wg = *MultiplyByQuantity(D("431"), Major(328, "SEK"));
  EXPECT_EQ(wg.amount, Major(141'368, "SEK"));
  EXPECT_FALSE(wg.rounded);
  // KUPO project management: 0.6 × 8 months × 41 000 kr = 196 800 kr.
  EXPECT_EQ(MultiplyByQuantity(D("4.8"), Major(41'000, "SEK"))->amount, Major(196'800, "SEK"));
  // 2.5 × 0,33 kr = 0,825 kr → 0,83 kr (half away from zero), and −2.5 → −0,83 kr.
  PricedAmount half = *MultiplyByQuantity(D("2.5"), Money{33, "SEK"});
  EXPECT_EQ(half.amount, (Money{83, "SEK"}));
  EXPECT_TRUE(half.rounded);
  EXPECT_EQ(MultiplyByQuantity(D("-2.5"), Money{33, "SEK"})->amount, (Money{-83, "SEK"}));
  // One rounding for the whole product: 0.333333 × 3 × 100 kr is computed as 0.999999 × 100 kr
  // = 99,9999 kr → 100,00 kr, not rounded per factor.
  const Decimal q = *Decimal::Multiply(D("0.333333"), D("3"));
  EXPECT_EQ(MultiplyByQuantity(q, Major(100, "SEK"))->amount, Major(100, "SEK"));
  EXPECT_EQ(MultiplyByQuantity(D("1000000"), Money{INT64_MAX / 2, "SEK"}).status().code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace collab::funding
