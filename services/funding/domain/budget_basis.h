#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "services/funding/domain/decimal.h"
#include "services/funding/domain/money.h"

// Budget lines (budgetposter) and their structured basis (beräkningsgrund), mirroring
// collab.funding.v1.BudgetLine. Rule (domain.md, "Funding"; the KUPO application's budget):
// a line keeps its structured basis AND the amount the applicant entered (angivet belopp); the
// service computes the basis, shows both and flags every difference, and never silently
// replaces what was entered. The entered amount is the budget figure used everywhere.
namespace collab::funding {

// Kostnadsslag, as collab.funding.v1.BudgetCategory (the KUPO application's rows).
enum class BudgetCategory {
  kUnspecified,
  kProjectManagement,   // Projektledning
  kWorkingGroup,        // Arbetsgrupp
  kConferenceTraining,  // Konferens/utbildning
  kTravel,              // Resor
  kMaterialPrintFilm,   // Material/tryck/film
  kIndirectCosts,       // Indirekta kostnader (ESF flat rate 15 % / 40 %)
  kOther,               // Övrigt
};

// One factor of a product: {3, "h"} × {12, "weeks"} × {5, "persons"}.
struct Factor {
  Decimal value;
  std::string unit;
};

// Quantity × unit price, the quantity being the product of the factors:
// KUPO project management 8 months × 41 000 kr/month (or 0.6 × 8 months × 41 000 kr).
struct QuantityPriceBasis {
  std::vector<Factor> factors;
  Money unit_price;
};

// One part of a parts basis: "Uppf: 3h*4v*5 pers = 135 h" (the applicant's stated subtotal).
struct BasisPart {
  std::string description;
  std::vector<Factor> factors;
  std::optional<Decimal> stated_subtotal;
};

// Parts whose quantities add up, priced at one unit price: KUPO's working group,
// 180 + 96 + "135" + 20 h "Tot = 431 h" at 328 kr/h.
struct PartsBasis {
  std::vector<BasisPart> parts;
  Money unit_price;
  std::optional<Decimal> stated_total_quantity;
};

// A flat rate (schablon) on other lines' entered amounts, e.g. ESF indirect costs at 15 % of
// staff costs (domain.md, "Funding": flat rates 15 %, 40 %). Empty `base_categories`: every line
// without a flat-rate basis.
struct FlatRateBasis {
  int32_t rate_basis_points = 0;  // 1500 = 15 %
  std::vector<BudgetCategory> base_categories;
};

// No basis (monostate): only an entered amount, e.g. KUPO's travel "Uppskattning".
using Basis = std::variant<std::monostate, QuantityPriceBasis, PartsBasis, FlatRateBasis>;

struct BudgetLineInput {
  std::string name;
  BudgetCategory category = BudgetCategory::kUnspecified;
  Basis basis;
  Money entered_amount;
};

// Why a line needs attention. Flags never block saving a line (collab.funding.v1.BudgetLineFlag).
enum class BasisFlagCode {
  // Only an entered amount (BUDGET_LINE_FLAG_NO_BASIS).
  kNoBasis,
  // A part's stated subtotal differs from its factors: "3 × 4 × 5 = 135" is 60
  // (BUDGET_LINE_FLAG_PART_SUBTOTAL_DIFFERS).
  kPartSubtotalMismatch,
  // The stated total differs from the sum of the stated parts, an addition slip
  // (BUDGET_LINE_FLAG_STATED_TOTAL_DIFFERS).
  kBasisTotalMismatch,
  // The stated total differs from the sum of the computed parts: KUPO 431 h stated, 356 h
  // computed (BUDGET_LINE_FLAG_STATED_TOTAL_DIFFERS).
  kComputedTotalMismatch,
  // The entered amount differs from the priced basis: KUPO 140 000 entered vs 431 × 328 =
  // 141 368 (BUDGET_LINE_FLAG_AMOUNT_DIFFERS_FROM_BASIS).
  kAmountDiffersFromBasis,
  // The product had fractions of an öre that were rounded away
  // (BUDGET_LINE_FLAG_COMPUTED_AMOUNT_ROUNDED).
  kComputedAmountRounded,
};
// "NO_BASIS", "PART_SUBTOTAL_MISMATCH", "BASIS_TOTAL_MISMATCH", "COMPUTED_TOTAL_MISMATCH",
// "AMOUNT_DIFFERS_FROM_BASIS", "COMPUTED_AMOUNT_ROUNDED".
std::string_view BasisFlagCodeName(BasisFlagCode code);

struct BasisFlag {
  BasisFlagCode code = BasisFlagCode::kNoBasis;
  // Index of the part (0-based) for kPartSubtotalMismatch, else −1.
  int part_index = -1;
  // Quantity flags: what the applicant stated and what the factors give.
  Decimal stated_quantity;
  Decimal computed_quantity;
  // kAmountDiffersFromBasis: entered, computed and entered − computed.
  Money entered_amount;
  Money computed_amount;
  Money difference;
  // Human-readable, names the figures: "part 3 (Uppf): stated 135, computed 3 × 4 × 5 = 60".
  std::string message;
};

struct PartEvaluation {
  Decimal computed_subtotal;
  std::optional<Decimal> stated_subtotal;
  bool subtotal_differs = false;
};

struct BasisEvaluation {
  // As entered; never replaced by a computed figure.
  Money entered_amount;
  bool has_basis = false;
  // Quantity-price: product of the factors. Parts: sum of the computed part subtotals.
  // Flat rate: the rate as a fraction (0.15).
  Decimal computed_quantity;
  std::optional<Decimal> stated_total_quantity;
  // Parts: sum of the stated subtotals (a part without one counts with its computed subtotal).
  Decimal stated_parts_sum;
  // The quantity priced: the applicant's stated total when given, else computed_quantity, so
  // kAmountDiffersFromBasis isolates the pricing step while the quantity slips have their own
  // flags (domain.md: "the computed 431 × 328 = 141 368 differs from the 140 000 entered").
  Decimal priced_quantity;
  std::vector<PartEvaluation> parts;
  // priced_quantity × unit price (rounded once); unset without a basis.
  std::optional<Money> computed_amount;
  // computed_quantity × unit price, set when it differs from computed_amount: what the line
  // would cost with the arithmetic corrected (KUPO working group: 356 × 328 = 116 768).
  std::optional<Money> amount_at_computed_quantity;
  // entered − computed_amount; unset without a basis (proto BudgetLine.difference).
  std::optional<Money> difference;
  std::vector<BasisFlag> flags;

  bool HasFlag(BasisFlagCode code) const;
};

// Evaluates one line's basis against its entered amount. A flat-rate basis needs
// `flat_rate_base` (the sum its rate applies to; see EvaluateBudget). INVALID_ARGUMENT for a
// basis without factors or parts, a negative factor, a currency different from the entered
// amount's, or a rate outside 0–10000 basis points.
absl::StatusOr<BasisEvaluation> EvaluateBasis(const Basis& basis, const Money& entered_amount,
                                              const Money* flat_rate_base = nullptr);

// Evaluates every line of a budget; a flat-rate line applies to the entered amounts of the
// lines in its base categories that are not flat-rate lines themselves.
absl::StatusOr<std::vector<BasisEvaluation>> EvaluateBudget(
    const std::vector<BudgetLineInput>& lines);

}  // namespace collab::funding
