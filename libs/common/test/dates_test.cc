#include "libs/common/dates.h"

#include <gtest/gtest.h>

namespace collab {
namespace {

Date D(int y, int m, int d) {
  Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

TEST(DatesTest, RealAndImpossibleDates) {
  EXPECT_TRUE(ToCivilDay(D(2016, 5, 1)));
  // The KUPO application's "31 sept" does not exist.
  EXPECT_FALSE(ToCivilDay(D(2016, 9, 31)));
  EXPECT_TRUE(ToCivilDay(D(2024, 2, 29)));
  EXPECT_FALSE(ToCivilDay(D(2023, 2, 29)));
  EXPECT_FALSE(ToCivilDay(D(0, 0, 0)));
}

TEST(DatesTest, IsoRoundTrip) {
  auto day = ParseIsoDate("2017-01-31");
  ASSERT_TRUE(day);
  EXPECT_EQ(ToIsoDate(*day), "2017-01-31");
  EXPECT_FALSE(ParseIsoDate("2017-02-30"));
  EXPECT_FALSE(ParseIsoDate("17-01-31"));
}

TEST(DatesTest, RangeValidation) {
  DateRange r;
  *r.mutable_start_date() = D(2016, 5, 1);
  *r.mutable_end_date() = D(2016, 4, 30);
  FieldViolations v;
  ValidateDateRange(r, "period", v);
  EXPECT_NE(v.ToStatus().message().find("period.end_date"), std::string::npos);
  *r.mutable_end_date() = D(2016, 9, 31);
  FieldViolations v2;
  ValidateDateRange(r, "period", v2);
  EXPECT_NE(v2.ToStatus().message().find("not a real calendar date"), std::string::npos);
}

}  // namespace
}  // namespace collab
