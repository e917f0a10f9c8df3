// Project period and phases (domain.md, "Funding"; the KUPO application's "Finansieringstid":
// "Projektid: 1 maj 2016 – 31 januari 2017; 1 maj – 31 sept: Behovskartläggning och
// metodutveckling; 1 sept – 31 dec: Genomförande insatser; 1-31 jan: Uppföljning och
// utvärdering").
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "libs/common/errors.h"
#include "services/funding/domain/periods.h"

namespace collab::funding {
namespace {

Period KupoPeriod() { return *ValidatePeriod({2016, 5, 1}, {2017, 1, 31}, "period"); }

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  google::rpc::BadRequest detail;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload) detail.ParseFromString(std::string(*payload));
  std::vector<std::string> fields;
  for (const auto& v : detail.field_violations()) fields.push_back(v.field());
  return fields;
}

TEST(PeriodTest, KupoProjectPeriod) {
  const Period p = KupoPeriod();
  EXPECT_EQ(p.start, absl::CivilDay(2016, 5, 1));
  EXPECT_EQ(p.end, absl::CivilDay(2017, 1, 31));
  EXPECT_EQ(DaysInclusive(p), 276);
}

TEST(PeriodTest, ThirtyFirstOfSeptemberDoesNotExist) {
  absl::StatusOr<Period> p = ValidatePeriod({2016, 5, 1}, {2016, 9, 31}, "phases[0].period");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            "phases[0].period.end_date: 2016-09-31 is not a real calendar date");
  EXPECT_EQ(ViolatedFields(p.status()), std::vector<std::string>{"phases[0].period.end_date"});
}

TEST(PeriodTest, OtherBadPeriods) {
  EXPECT_TRUE(ValidatePeriod({2016, 2, 29}, {2016, 3, 1}, "period").ok());  // leap year
  EXPECT_FALSE(ValidatePeriod({2017, 2, 29}, {2017, 3, 1}, "period").ok());
  absl::StatusOr<Period> reversed = ValidatePeriod({2017, 1, 31}, {2016, 5, 1}, "period");
  EXPECT_EQ(ViolatedFields(reversed.status()), std::vector<std::string>{"period.end_date"});
  absl::StatusOr<Period> unset = ValidatePeriod({}, {2016, 13, 1}, "period");
  EXPECT_EQ(ViolatedFields(unset.status()),
            (std::vector<std::string>{"period.start_date", "period.end_date"}));
  EXPECT_FALSE(ValidatePeriod({1899, 12, 31}, {2016, 1, 1}, "period").ok());
}

TEST(PhasesTest, ApplicationAsWrittenIsRefusedNamingTheField) {
  absl::StatusOr<PhasePlan> plan =
      ValidatePhases(KupoPeriod(), {{"phases/1", {2016, 5, 1}, {2016, 9, 31}},
                                    {"phases/2", {2016, 9, 1}, {2016, 12, 31}},
                                    {"phases/3", {2017, 1, 1}, {2017, 1, 31}}});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(ViolatedFields(plan.status()), std::vector<std::string>{"phases[0].period.end_date"});
}

TEST(PhasesTest, OverlapOnFirstSeptemberIsAWarningNotAnError) {
  PhasePlan plan = *ValidatePhases(KupoPeriod(), {{"phases/1", {2016, 5, 1}, {2016, 9, 1}},
                                                  {"phases/2", {2016, 9, 1}, {2016, 12, 31}},
                                                  {"phases/3", {2017, 1, 1}, {2017, 1, 31}}});
  ASSERT_EQ(plan.phases.size(), 3u);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].first, "phases/1");
  EXPECT_EQ(plan.warnings[0].second, "phases/2");
  EXPECT_EQ(plan.warnings[0].overlap,
            (Period{absl::CivilDay(2016, 9, 1), absl::CivilDay(2016, 9, 1)}));
  EXPECT_EQ(plan.warnings[0].message,
            "phases/1 and phases/2 overlap 2016-09-01 – 2016-09-01 (1 day)");
}

TEST(PhasesTest, CorrectedToThirtiethOfSeptemberOverlapsTheWholeMonth) {
  PhasePlan plan = *ValidatePhases(KupoPeriod(), {{"phases/1", {2016, 5, 1}, {2016, 9, 30}},
                                                  {"phases/2", {2016, 9, 1}, {2016, 12, 31}}});
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(DaysInclusive(plan.warnings[0].overlap), 30);
}

TEST(PhasesTest, SixMonthFollowUpFallsOutsideTheProjectPeriod) {
  // "Ytterligare uppföljning kommer att genomföras 6 månader efter sista insatsen": after the
  // project period ends on 31 January 2017, so it cannot be a phase of this project.
  absl::StatusOr<PhasePlan> plan =
      ValidatePhases(KupoPeriod(), {{"phases/1", {2016, 5, 1}, {2016, 8, 31}},
                                    {"phases/2", {2016, 9, 1}, {2016, 12, 31}},
                                    {"phases/3", {2017, 1, 1}, {2017, 1, 31}},
                                    {"phases/4", {2017, 6, 1}, {2017, 6, 30}}});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(ViolatedFields(plan.status()), std::vector<std::string>{"phases[3].period.end_date"});
  EXPECT_NE(plan.status().message().find("after the project period 2016-05-01 – 2017-01-31"),
            absl::string_view::npos);
}

TEST(PhasesTest, NoOverlapNoWarning) {
  PhasePlan plan = *ValidatePhases(KupoPeriod(), {{"phases/1", {2016, 5, 1}, {2016, 8, 31}},
                                                  {"phases/2", {2016, 9, 1}, {2016, 12, 31}}});
  EXPECT_TRUE(plan.warnings.empty());
  EXPECT_FALSE(Intersect(plan.phases[0].period, plan.phases[1].period).has_value());
}

}  // namespace
}  // namespace collab::funding
