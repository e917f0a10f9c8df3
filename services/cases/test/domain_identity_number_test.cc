#include <gtest/gtest.h>

#include <string>

#include "services/cases/domain/identity_number.h"

namespace collab::cases {
namespace {

const absl::CivilDay kToday(2024, 6, 1);

IdentityNumber MustParse(const std::string& s, absl::CivilDay today = kToday) {
  absl::StatusOr<IdentityNumber> n = ParseIdentityNumber(s, today);
  EXPECT_TRUE(n.ok()) << n.status();
  return n.ok() ? *n : IdentityNumber{};
}

TEST(IdentityNumberTest, SkatteverketExample) {
  // Skatteverket's example 811218-9876 (check digit 6).
  IdentityNumber n = MustParse("811218-9876");
  EXPECT_EQ(n.normalized, "198112189876");
  EXPECT_EQ(n.kind, IdentityNumberKind::kPersonnummer);
  EXPECT_EQ(n.birth_date, absl::CivilDay(1981, 12, 18));
}

TEST(IdentityNumberTest, AllAcceptedFormsNormaliseAlike) {
  for (const char* form :
       {"850101-1236", "8501011236", "198501011236", "19850101-1236", "  850101-1236 "}) {
    SCOPED_TRACE(form);
    IdentityNumber n = MustParse(form);
    EXPECT_EQ(n.normalized, "198501011236");
    EXPECT_EQ(n.birth_date, absl::CivilDay(1985, 1, 1));
  }
}

TEST(IdentityNumberTest, MalformedInputIsRefused) {
  for (const char* bad : {"", "850101-123", "850101_1236", "85010I-1236", "850101--1236",
                          "1985010112367", "19850101+1236", "850101 1236", "-8501011236"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(ParseIdentityNumber(bad, kToday).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(IdentityNumberTest, CheckDigitBothSides) {
  EXPECT_TRUE(ParseIdentityNumber("850101-1236", kToday).ok());
  EXPECT_FALSE(ParseIdentityNumber("850101-1235", kToday).ok());
  EXPECT_FALSE(ParseIdentityNumber("850101-1237", kToday).ok());
  // Check digit 0 (sum ≡ 0 mod 10).
  EXPECT_TRUE(ParseIdentityNumber("240101-1230", kToday).ok());
}

TEST(IdentityNumberTest, DateMustBeReal) {
  EXPECT_FALSE(ParseIdentityNumber("850931-1232", kToday).ok());  // 31 September
  EXPECT_FALSE(ParseIdentityNumber("850100-1237", kToday).ok());  // day 0
  // Leap years: 2000 is one (divisible by 400), 1900 is not, 2004 is, 2023 is not.
  EXPECT_EQ(MustParse("000229-1235").birth_date, absl::CivilDay(2000, 2, 29));
  EXPECT_FALSE(ParseIdentityNumber("000229+1235", kToday).ok());  // 1900-02-29
  EXPECT_EQ(MustParse("040229-1231").birth_date, absl::CivilDay(2004, 2, 29));
  EXPECT_FALSE(ParseIdentityNumber("230229-1238", kToday).ok());
}

TEST(IdentityNumberTest, SamordningsnummerDayPlus60) {
  IdentityNumber n = MustParse("850161-1233");
  EXPECT_EQ(n.kind, IdentityNumberKind::kSamordningsnummer);
  EXPECT_EQ(n.birth_date, absl::CivilDay(1985, 1, 1));
  EXPECT_EQ(n.normalized, "198501611233");  // the number keeps its day + 60
  // Day 91 = 31 January: real. Day 92 = 32: not. Day 60 = a personnummer day 60: not real.
  EXPECT_EQ(MustParse("850191-1237").birth_date, absl::CivilDay(1985, 1, 31));
  EXPECT_FALSE(ParseIdentityNumber("850192-1236", kToday).ok());
  EXPECT_FALSE(ParseIdentityNumber("850160-1234", kToday).ok());
  // 29 February + 60 = 89, real in 2000 only.
  EXPECT_EQ(MustParse("000289-1232").birth_date, absl::CivilDay(2000, 2, 29));
  EXPECT_EQ(MustParse("000289-1232").kind, IdentityNumberKind::kSamordningsnummer);
}

TEST(IdentityNumberTest, CenturyOfDashFormIsTheLatestNotInTheFuture) {
  // today 2024-06-01: 24-01-01 is this year, 24-12-31 would be in the future (and '+' would
  // apply in the year of the 100th birthday), 25-01-01 is 1925 (turns 99 this year).
  EXPECT_EQ(MustParse("240101-1230").birth_date, absl::CivilDay(2024, 1, 1));
  EXPECT_FALSE(ParseIdentityNumber("241231-1231", kToday).ok());
  EXPECT_EQ(MustParse("250101-1239").birth_date, absl::CivilDay(1925, 1, 1));
  EXPECT_EQ(MustParse("990101-1230").birth_date, absl::CivilDay(1999, 1, 1));
  EXPECT_EQ(MustParse("120101-1234").birth_date, absl::CivilDay(2012, 1, 1));
  // Born today: accepted; tomorrow: in the future.
  EXPECT_EQ(MustParse("240601-1235").birth_date, kToday);
  EXPECT_FALSE(ParseIdentityNumber("240602-1234", kToday).ok());
}

TEST(IdentityNumberTest, PlusFormIsTheYearOfThe100thBirthdayOrEarlier) {
  // '+' from the calendar year the person turns 100: in 2024 that is birth year 1924 or before.
  EXPECT_EQ(MustParse("240101+1230").birth_date, absl::CivilDay(1924, 1, 1));
  EXPECT_EQ(MustParse("241231+1231").birth_date, absl::CivilDay(1924, 12, 31));
  EXPECT_EQ(MustParse("250101+1239").birth_date, absl::CivilDay(1825, 1, 1));
  EXPECT_EQ(MustParse("240101+1230").normalized, "192401011230");
  // The same digits with '-' and '+' are a century apart.
  EXPECT_EQ(MustParse("811218-9876").birth_date.year(), 1981);
  EXPECT_EQ(MustParse("811218+9876").birth_date.year(), 1881);
}

TEST(IdentityNumberTest, CenturyDependsOnToday) {
  // 250101-1239 read on 2024-06-01 is 1925; read on 2025-01-01 it is a newborn.
  EXPECT_EQ(MustParse("250101-1239", absl::CivilDay(2025, 1, 1)).birth_date,
            absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(MustParse("250101-1239", absl::CivilDay(2024, 12, 31)).birth_date,
            absl::CivilDay(1925, 1, 1));
}

TEST(IdentityNumberTest, TwelveDigitsInTheFutureAreRefused) {
  EXPECT_FALSE(ParseIdentityNumber("202412311231", kToday).ok());
  EXPECT_TRUE(ParseIdentityNumber("192412311231", kToday).ok());
}

TEST(IdentityNumberTest, ErrorsNeverEchoTheNumber) {
  for (const char* bad :
       {"850101-1235", "850931-1232", "241231-1231", "8501011236x", "850192-1236"}) {
    absl::Status s = ParseIdentityNumber(bad, kToday).status();
    ASSERT_FALSE(s.ok());
    const std::string message(s.message());
    EXPECT_EQ(message.find("850"), std::string::npos) << message;
    EXPECT_EQ(message.find("241231"), std::string::npos) << message;
    EXPECT_EQ(message.find("1236"), std::string::npos) << message;
  }
}

TEST(IdentityNumberTest, Masking) {
  EXPECT_EQ(MaskIdentityNumber(MustParse("850101-1236")), "19850101-****");
  // Samordningsnummer: the day as written (+60).
  EXPECT_EQ(MaskIdentityNumber(MustParse("850161-1233")), "19850161-****");
  EXPECT_EQ(MaskIdentityNumber(IdentityNumber{}), kFullyMaskedIdentityNumber);
}

}  // namespace
}  // namespace collab::cases
