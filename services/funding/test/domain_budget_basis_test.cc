// Budget lines with a structured basis: the KUPO application's budget reproduced to the krona
// (shared/seeds/003, "Budget"; domain.md, "Funding": the system must catch the application's
// own arithmetic slips, show both figures and never replace the entered amount).
#include <gtest/gtest.h>

#include "services/funding/domain/budget_basis.h"

namespace collab::funding {
namespace {

Decimal D(std::string_view text) { return *Decimal::Parse(text); }
Money Sek(int64_t kronor) { return Major(kronor, "SEK"); }
Factor F(std::string_view value, std::string unit) { return Factor{D(value), std::move(unit)}; }

// "Arbetsgrupp: Förb: 3h*12v*5 pers = 180 h Genomf: 4h*12v*2 pers = 96 h
//  Uppf: 3h*4v*5 pers = 135 h 6 mån uppf: 2h*10 org = 20 h Tot = 431 h, 328 kr per timme: 140 000"
PartsBasis KupoWorkingGroupBasis() {
  PartsBasis basis;
  basis.parts = {
      {"Förb", {F("3", "h"), F("12", "weeks"), F("5", "persons")}, D("180")},
      {"Genomf", {F("4", "h"), F("12", "weeks"), F("2", "persons")}, D("96")},
      {"Uppf", {F("3", "h"), F("4", "weeks"), F("5", "persons")}, D("135")},
      {"6 mån uppf", {F("2", "h"), F("10", "organisations")}, D("20")},
  };
  basis.unit_price = Sek(328);
  basis.stated_total_quantity = D("431");
  return basis;
}

const BasisFlag* FindFlag(const BasisEvaluation& eval, BasisFlagCode code) {
  for (const BasisFlag& f : eval.flags) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(BudgetBasisTest, KupoWorkingGroupCatchesEverySlipAndKeepsTheEnteredAmount) {
  BasisEvaluation eval = *EvaluateBasis(KupoWorkingGroupBasis(), Sek(140'000));

  // Never replaced: the entered amount stays the budget figure.
  EXPECT_EQ(eval.entered_amount, Sek(140'000));
  ASSERT_EQ(eval.parts.size(), 4u);
  EXPECT_EQ(eval.parts[0].computed_subtotal, D("180"));
  EXPECT_EQ(eval.parts[1].computed_subtotal, D("96"));
  EXPECT_EQ(eval.parts[2].computed_subtotal, D("60"));
  EXPECT_TRUE(eval.parts[2].subtotal_differs);
  EXPECT_EQ(eval.parts[3].computed_subtotal, D("20"));

  // "3 × 4 × 5 = 135" — it is 60.
  const BasisFlag* part = FindFlag(eval, BasisFlagCode::kPartSubtotalMismatch);
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(part->part_index, 2);
  EXPECT_EQ(part->stated_quantity, D("135"));
  EXPECT_EQ(part->computed_quantity, D("60"));
  EXPECT_EQ(part->message, "part 3 (Uppf): stated 135, computed 3 × 4 × 5 = 60");

  // 180 + 96 + 135 + 20 = 431 does add up, so no addition slip …
  EXPECT_EQ(eval.stated_parts_sum, D("431"));
  EXPECT_FALSE(eval.HasFlag(BasisFlagCode::kBasisTotalMismatch));
  // … but the factors give 356 hours, 75 fewer than the 431 stated.
  EXPECT_EQ(eval.computed_quantity, D("356"));
  const BasisFlag* total = FindFlag(eval, BasisFlagCode::kComputedTotalMismatch);
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->stated_quantity, D("431"));
  EXPECT_EQ(total->computed_quantity, D("356"));

  // domain.md: "the computed 431 × 328 = 141 368 differs from the 140 000 entered".
  EXPECT_EQ(eval.priced_quantity, D("431"));
  EXPECT_EQ(eval.computed_amount, Sek(141'368));
  EXPECT_EQ(eval.difference, Sek(-1'368));
  EXPECT_EQ(eval.amount_at_computed_quantity, Sek(116'768));  // 356 × 328
  const BasisFlag* amount = FindFlag(eval, BasisFlagCode::kAmountDiffersFromBasis);
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(amount->entered_amount, Sek(140'000));
  EXPECT_EQ(amount->computed_amount, Sek(141'368));
  EXPECT_EQ(amount->difference, Sek(-1'368));
  EXPECT_EQ(amount->message,
            "entered 140 000,00 kr differs from the basis 431 × 328,00 kr = 141 368,00 kr by "
            "-1 368,00 kr");
  EXPECT_FALSE(eval.HasFlag(BasisFlagCode::kComputedAmountRounded));
}

TEST(BudgetBasisTest, StatedTotalThatIsNotTheSumOfTheStatedPartsIsAnAdditionSlip) {
  PartsBasis basis = KupoWorkingGroupBasis();
  basis.stated_total_quantity = D("430");
  BasisEvaluation eval = *EvaluateBasis(basis, Sek(140'000));
  const BasisFlag* flag = FindFlag(eval, BasisFlagCode::kBasisTotalMismatch);
  ASSERT_NE(flag, nullptr);
  EXPECT_EQ(flag->stated_quantity, D("430"));
  EXPECT_EQ(flag->computed_quantity, D("431"));
  EXPECT_EQ(BasisFlagCodeName(flag->code), "BASIS_TOTAL_MISMATCH");
}

TEST(BudgetBasisTest, CorrectedWorkingGroupHasNoFlags) {
  PartsBasis basis = KupoWorkingGroupBasis();
  basis.parts[2].stated_subtotal = D("60");
  basis.stated_total_quantity = D("356");
  BasisEvaluation eval = *EvaluateBasis(basis, Sek(116'768));
  EXPECT_TRUE(eval.flags.empty());
  EXPECT_EQ(eval.difference, Sek(0));
  EXPECT_FALSE(eval.amount_at_computed_quantity.has_value());
}

TEST(BudgetBasisTest, PartsWithoutStatedFiguresArePricedOnTheComputedTotal) {
  PartsBasis basis = KupoWorkingGroupBasis();
  for (BasisPart& p : basis.parts) p.stated_subtotal.reset();
  basis.stated_total_quantity.reset();
  BasisEvaluation eval = *EvaluateBasis(basis, Sek(116'768));
  EXPECT_EQ(eval.priced_quantity, D("356"));
  EXPECT_TRUE(eval.flags.empty());
}

TEST(BudgetBasisTest, KupoProjectManagementEightMonthsIsNotFourHundredThousand) {
  // domain.md: "project management at 41 000/month for 8 months is 328 000 before any share or
  // overhead, entered as 400 000".
  QuantityPriceBasis basis{{F("8", "months")}, Sek(41'000)};
  BasisEvaluation eval = *EvaluateBasis(basis, Sek(400'000));
  EXPECT_EQ(eval.computed_quantity, D("8"));
  EXPECT_EQ(eval.computed_amount, Sek(328'000));
  EXPECT_EQ(eval.difference, Sek(72'000));
  EXPECT_EQ(eval.entered_amount, Sek(400'000));
  EXPECT_TRUE(eval.HasFlag(BasisFlagCode::kAmountDiffersFromBasis));
}

TEST(BudgetBasisTest, FractionalShareOfFullTime) {
  // "60 %, 8 mån … 41000/mån" read as 0.6 × 8 months × 41 000 kr.
  QuantityPriceBasis basis{{F("0.6", "share"), F("8", "months")}, Sek(41'000)};
  BasisEvaluation eval = *EvaluateBasis(basis, Sek(400'000));
  EXPECT_EQ(eval.computed_quantity, D("4.8"));
  EXPECT_EQ(eval.computed_amount, Sek(196'800));
  EXPECT_EQ(eval.difference, Sek(203'200));
}

TEST(BudgetBasisTest, RoundedProductIsFlagged) {
  QuantityPriceBasis basis{{F("2.5", "h")}, Money{33'333, "SEK"}};  // 2.5 × 333,33 kr
  BasisEvaluation eval = *EvaluateBasis(basis, Money{83'333, "SEK"});
  EXPECT_EQ(eval.computed_amount, (Money{83'333, "SEK"}));  // 833,325 → 833,33 kr
  EXPECT_TRUE(eval.HasFlag(BasisFlagCode::kComputedAmountRounded));
  EXPECT_FALSE(eval.HasFlag(BasisFlagCode::kAmountDiffersFromBasis));
}

TEST(BudgetBasisTest, TravelEstimateHasNoBasis) {
  BasisEvaluation eval = *EvaluateBasis(Basis{}, Sek(10'000));  // "Resor: Uppskattning"
  EXPECT_FALSE(eval.has_basis);
  EXPECT_TRUE(eval.HasFlag(BasisFlagCode::kNoBasis));
  EXPECT_FALSE(eval.computed_amount.has_value());
  EXPECT_FALSE(eval.difference.has_value());
  EXPECT_EQ(eval.entered_amount, Sek(10'000));
}

TEST(BudgetBasisTest, RejectsMalformedBases) {
  EXPECT_EQ(EvaluateBasis(QuantityPriceBasis{{}, Sek(1)}, Sek(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateBasis(QuantityPriceBasis{{F("-1", "h")}, Sek(1)}, Sek(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      EvaluateBasis(QuantityPriceBasis{{F("1", "h")}, Major(1, "EUR")}, Sek(1)).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateBasis(PartsBasis{{}, Sek(328), std::nullopt}, Sek(1)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EvaluateBasis(FlatRateBasis{1500, {}}, Sek(1)).status().code(),
            absl::StatusCode::kInvalidArgument);  // no base given
  const Money base = Sek(100);
  EXPECT_EQ(EvaluateBasis(FlatRateBasis{12000, {}}, Sek(1), &base).status().code(),
            absl::StatusCode::kInvalidArgument);
}

std::vector<BudgetLineInput> KupoBudget() {
  return {
      {"projektledning", BudgetCategory::kProjectManagement,
       QuantityPriceBasis{{F("8", "months")}, Sek(41'000)}, Sek(400'000)},
      {"arbetsgrupp", BudgetCategory::kWorkingGroup, KupoWorkingGroupBasis(), Sek(140'000)},
      {"konferens", BudgetCategory::kConferenceTraining, Basis{}, Sek(210'000)},
      {"resor", BudgetCategory::kTravel, Basis{}, Sek(10'000)},
      {"material", BudgetCategory::kMaterialPrintFilm, Basis{}, Sek(100'000)},
  };
}

TEST(BudgetBasisTest, WholeKupoBudgetTotalsTheEnteredAmounts) {
  std::vector<BasisEvaluation> evals = *EvaluateBudget(KupoBudget());
  ASSERT_EQ(evals.size(), 5u);
  std::vector<Money> entered;
  for (const BasisEvaluation& e : evals) entered.push_back(e.entered_amount);
  EXPECT_EQ(*Sum(entered, "SEK"), Sek(860'000));  // "Tot 860 000"
  EXPECT_TRUE(evals[0].HasFlag(BasisFlagCode::kAmountDiffersFromBasis));
  EXPECT_TRUE(evals[1].HasFlag(BasisFlagCode::kPartSubtotalMismatch));
  EXPECT_TRUE(evals[2].HasFlag(BasisFlagCode::kNoBasis));
}

TEST(BudgetBasisTest, FlatRateAppliesToItsBaseCategories) {
  // ESF-style indirect costs at 15 % of staff costs (domain.md: flat rates 15 %, 40 %):
  // 15 % × (400 000 + 140 000) = 81 000.
  std::vector<BudgetLineInput> lines = KupoBudget();
  lines.push_back(
      {"indirekt", BudgetCategory::kIndirectCosts,
       FlatRateBasis{1500, {BudgetCategory::kProjectManagement, BudgetCategory::kWorkingGroup}},
       Sek(81'000)});
  std::vector<BasisEvaluation> evals = *EvaluateBudget(lines);
  EXPECT_EQ(evals[5].computed_amount, Sek(81'000));
  EXPECT_TRUE(evals[5].flags.empty());
  // Every non-flat line: 15 % of 860 000 = 129 000.
  lines.back().basis = FlatRateBasis{1500, {}};
  evals = *EvaluateBudget(lines);
  EXPECT_EQ(evals[5].computed_amount, Sek(129'000));
  EXPECT_EQ(evals[5].difference, Sek(-48'000));
}

TEST(BudgetBasisTest, BudgetErrorsNameTheLine) {
  std::vector<BudgetLineInput> lines = KupoBudget();
  lines[3].entered_amount = Major(10'000, "EUR");
  lines[3].basis = QuantityPriceBasis{{F("1", "trip")}, Sek(10'000)};
  absl::StatusOr<std::vector<BasisEvaluation>> evals = EvaluateBudget(lines);
  ASSERT_FALSE(evals.ok());
  EXPECT_NE(evals.status().message().find("budget line resor"), absl::string_view::npos);
}

}  // namespace
}  // namespace collab::funding
