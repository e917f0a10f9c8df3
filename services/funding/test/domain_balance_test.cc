// Financing must equal cost exactly (domain.md, "Funding"); the KUPO application's financing:
// four cash contributions and two in kind, 860 000 kr against 860 000 kr of costs.
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "libs/common/errors.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/error_reasons.h"

namespace collab::funding {
namespace {

Money Sek(int64_t kronor) { return Major(kronor, "SEK"); }

// "Projektledning 400 000, Arbetsgrupp 140 000, Konferens/utbildning 210 000, Resor 10 000,
//  Material/Tryck/Film 100 000 — Tot 860 000".
const std::vector<Money> kKupoCosts = {Sek(400'000), Sek(140'000), Sek(210'000), Sek(10'000),
                                       Sek(100'000)};

std::vector<Commitment> KupoFinancing() {
  return {
      {"samordningsforbundet-arvika-eda", FundingKind::kCash, Sek(190'000), std::nullopt},
      {"samordningsforbundet-fryksdalen", FundingKind::kCash, Sek(120'000), std::nullopt},
      {"samordningsforbundet-klaralvdalen", FundingKind::kCash, Sek(110'000), std::nullopt},
      {"samspelet", FundingKind::kCash, Sek(200'000), std::nullopt},
      // "Arbets tid (15%), projektledare": valued here as 250 h × 400 kr.
      {"fk-sf-varmland", FundingKind::kInKind, Sek(100'000), InKindBasis{250, Sek(400)}},
      // "Samtliga parter: Arbets tid arbetsgrupp": the working group's 431 h × 328 kr.
      {"samtliga-parter", FundingKind::kInKind, Sek(140'000), InKindBasis{431, Sek(328)}},
  };
}

google::rpc::ErrorInfo ErrorInfoOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (payload) info.ParseFromString(std::string(*payload));
  return info;
}

TEST(BalanceTest, KupoFinancingEqualsCost) {
  BudgetBalance balance = *ComputeBalance(kKupoCosts, KupoFinancing(), "SEK");
  EXPECT_EQ(balance.total_cost, Sek(860'000));
  EXPECT_EQ(balance.total_financing, Sek(860'000));
  EXPECT_EQ(balance.financing_gap, Sek(0));
  EXPECT_TRUE(balance.balanced());
  EXPECT_TRUE(CheckBalanced(balance).ok());
}

TEST(BalanceTest, OneCommitmentChangedFailsNamingTheShortfall) {
  std::vector<Commitment> financing = KupoFinancing();
  financing[2].amount = Sek(100'000);  // Klarälvdalen 110 000 → 100 000
  BudgetBalance balance = *ComputeBalance(kKupoCosts, financing, "SEK");
  EXPECT_EQ(balance.financing_gap, Sek(10'000));
  absl::Status status = CheckBalanced(balance);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "financing 850 000,00 kr is 10 000,00 kr short of the budget 860 000,00 kr");
  google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "BUDGET_NOT_BALANCED");
  EXPECT_EQ(info.domain(), kErrorDomain);
}

TEST(BalanceTest, OverFinancingFailsToo) {
  std::vector<Commitment> financing = KupoFinancing();
  financing[3].amount = Sek(210'000);  // Samspelet 200 000 → 210 000
  absl::Status status = CheckBalanced(*ComputeBalance(kKupoCosts, financing, "SEK"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "financing 870 000,00 kr exceeds the budget 860 000,00 kr by 10 000,00 kr");
}

TEST(BalanceTest, ExactlyMeansToTheOre) {
  std::vector<Commitment> financing = KupoFinancing();
  financing[0].amount.minor_units -= 1;
  absl::Status status = CheckBalanced(*ComputeBalance(kKupoCosts, financing, "SEK"));
  EXPECT_EQ(status.message(),
            "financing 859 999,99 kr is 0,01 kr short of the budget 860 000,00 kr");
}

TEST(BalanceTest, CurrenciesDoNotMix) {
  std::vector<Commitment> financing = KupoFinancing();
  financing[0].amount = Major(190'000, "EUR");
  EXPECT_EQ(ComputeBalance(kKupoCosts, financing, "SEK").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(InKindTest, WorkingTimeIsHoursTimesRate) {
  EXPECT_EQ(*InKindValue(InKindBasis{431, Sek(328)}), Sek(141'368));
  EXPECT_EQ(*InKindValue(InKindBasis{250, Sek(400)}), Sek(100'000));
  EXPECT_EQ(InKindValue(InKindBasis{-1, Sek(400)}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(InKindValue(InKindBasis{INT64_MAX, Sek(400)}).status().code(),
            absl::StatusCode::kOutOfRange);
}

TEST(InKindTest, CommitmentKeepsItsAmountAndFlagsADifferentBasis) {
  std::vector<Commitment> financing = KupoFinancing();
  CommitmentEvaluation fk = *EvaluateCommitment(financing[4]);
  EXPECT_EQ(fk.computed_amount, Sek(100'000));
  EXPECT_TRUE(fk.flags.empty());
  // The working-group time, 431 h × 328 kr = 141 368 kr, is committed as 140 000 kr.
  CommitmentEvaluation wg = *EvaluateCommitment(financing[5]);
  EXPECT_EQ(wg.computed_amount, Sek(141'368));
  EXPECT_EQ(wg.difference, Sek(-1'368));
  ASSERT_EQ(wg.flags.size(), 1u);
  EXPECT_EQ(wg.flags[0], CommitmentFlagCode::kAmountDiffersFromBasis);
  CommitmentEvaluation cash = *EvaluateCommitment(financing[0]);
  EXPECT_TRUE(cash.flags.empty());
  EXPECT_FALSE(cash.computed_amount.has_value());
}

TEST(InKindTest, InKindWithoutHoursIsFlaggedAndBadInputRefused) {
  Commitment c{"fk-sf-varmland", FundingKind::kInKind, Sek(100'000), std::nullopt};
  CommitmentEvaluation eval = *EvaluateCommitment(c);
  ASSERT_EQ(eval.flags.size(), 1u);
  EXPECT_EQ(eval.flags[0], CommitmentFlagCode::kInKindWithoutBasis);
  c.kind = FundingKind::kUnspecified;
  EXPECT_EQ(EvaluateCommitment(c).status().code(), absl::StatusCode::kInvalidArgument);
  c.kind = FundingKind::kInKind;
  c.in_kind = InKindBasis{250, Major(40, "EUR")};
  EXPECT_EQ(EvaluateCommitment(c).status().code(), absl::StatusCode::kInvalidArgument);
}

// ESF: in-kind working time backed by time reports in whole hours (domain.md, "Funding").
TEST(InKindTest, UnbackedHoursCountTimeWithoutATimeReportNetOfItsCorrections) {
  const InKindBooking unbacked{100, 32'800'00, false};
  const InKindBooking backed{100, 32'800'00, true};
  EXPECT_EQ(UnbackedInKindHours(unbacked, std::nullopt), 100);
  EXPECT_EQ(UnbackedInKindHours(backed, std::nullopt), 0);
  // A correction takes back unbacked hours whether or not it names a time report itself …
  EXPECT_EQ(UnbackedInKindHours({40, -13'120'00, false}, unbacked), -40);
  EXPECT_EQ(UnbackedInKindHours({40, -13'120'00, true}, unbacked), -40);
  // … and nothing when the time it takes back was backed, or names no entry.
  EXPECT_EQ(UnbackedInKindHours({40, -13'120'00, false}, backed), 0);
  EXPECT_EQ(UnbackedInKindHours({40, -13'120'00, false}, std::nullopt), 0);
}

}  // namespace
}  // namespace collab::funding
