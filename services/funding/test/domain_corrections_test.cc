// A correction (rättelse) takes back no more than remains of the entry it corrects
// (domain/corrections.h): KUPO's working-group time at 328 kr/h and a travel cost.
#include <gtest/gtest.h>

#include "services/funding/domain/corrections.h"

namespace collab::funding {
namespace {

Money Sek(int64_t kronor) { return Major(kronor, "SEK"); }
Booked Hours(int64_t hours) { return Booked{Sek(hours * 328), hours}; }
Booked TakeBack(int64_t hours) { return Booked{Sek(-hours * 328), hours}; }
const Booked kNothing{Sek(0), 0};

TEST(CorrectionTest, ExactlyWhatRemainsMayBeTakenBack) {
  EXPECT_FALSE(CheckCorrection(Hours(12), kNothing, TakeBack(12)));
  EXPECT_FALSE(CheckCorrection(Hours(12), TakeBack(5), TakeBack(7)));
  EXPECT_FALSE(
      CheckCorrection(Booked{Sek(12'000), 0}, Booked{Sek(-2'000), 0}, Booked{Sek(-10'000), 0}));
}

TEST(CorrectionTest, OneHourMoreThanRemainsIsRefused) {
  std::optional<CorrectionRefusal> r = CheckCorrection(Hours(12), kNothing, TakeBack(13));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kHours);
  EXPECT_EQ(r->message,
            "takes back 13 hours but the corrected entry has only 12 hours left (12 hours "
            "booked, 0 hours taken back by earlier corrections)");
  r = CheckCorrection(Hours(12), TakeBack(11), TakeBack(2));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kHours);
  EXPECT_EQ(r->message,
            "takes back 2 hours but the corrected entry has only 1 hour left (12 hours booked, "
            "11 hours taken back by earlier corrections)");
}

TEST(CorrectionTest, MoreThanRemainsOfTheAmountIsRefused) {
  // Cash: no hours, the amount alone.
  std::optional<CorrectionRefusal> r =
      CheckCorrection(Booked{Sek(12'000), 0}, Booked{Sek(-2'000), 0}, Booked{Sek(-10'001), 0});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kAmount);
  EXPECT_EQ(r->message,
            "takes back 10 001,00 kr but the corrected entry has only 10 000,00 kr left "
            "(12 000,00 kr booked, 2 000,00 kr taken back by earlier corrections)");
  // In kind: hours within what remains, but at a higher rate than booked.
  r = CheckCorrection(Hours(12), kNothing, Booked{Sek(-12 * 400), 12});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kAmount);
  // The most negative amount there is does not overflow.
  r = CheckCorrection(Hours(12), kNothing, Booked{Money{INT64_MIN, "SEK"}, 0});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kAmount);
}

TEST(CorrectionTest, ACorrectionIsNegativeAndCorrectsABookedEntry) {
  std::optional<CorrectionRefusal> r = CheckCorrection(Hours(12), kNothing, Hours(2));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kAmount);
  r = CheckCorrection(TakeBack(12), kNothing, TakeBack(2));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, CorrectionField::kCorrects);
}

}  // namespace
}  // namespace collab::funding
