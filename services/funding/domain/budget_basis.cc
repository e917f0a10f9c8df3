#include "services/funding/domain/budget_basis.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "libs/common/status_macros.h"

namespace collab::funding {

std::string_view BasisFlagCodeName(BasisFlagCode code) {
  switch (code) {
    case BasisFlagCode::kNoBasis:
      return "NO_BASIS";
    case BasisFlagCode::kPartSubtotalMismatch:
      return "PART_SUBTOTAL_MISMATCH";
    case BasisFlagCode::kBasisTotalMismatch:
      return "BASIS_TOTAL_MISMATCH";
    case BasisFlagCode::kComputedTotalMismatch:
      return "COMPUTED_TOTAL_MISMATCH";
    case BasisFlagCode::kAmountDiffersFromBasis:
      return "AMOUNT_DIFFERS_FROM_BASIS";
    case BasisFlagCode::kComputedAmountRounded:
      return "COMPUTED_AMOUNT_ROUNDED";
  }
  return "UNKNOWN";
}

bool BasisEvaluation::HasFlag(BasisFlagCode code) const {
  return std::any_of(flags.begin(), flags.end(),
                     [code](const BasisFlag& f) { return f.code == code; });
}

namespace {

// "3 × 4 × 5"
std::string FactorText(const std::vector<Factor>& factors) {
  std::string out;
  for (const Factor& f : factors) {
    if (!out.empty()) out += " × ";
    out += f.value.ToString();
  }
  return out;
}

absl::StatusOr<Decimal> Product(const std::vector<Factor>& factors, const std::string& where) {
  if (factors.empty()) return absl::InvalidArgumentError(where + " has no factors");
  Decimal product = Decimal::FromInt(1);
  for (const Factor& f : factors) {
    if (f.value < Decimal()) {
      return absl::InvalidArgumentError(where + ": factor " + f.value.ToString() +
                                        " must not be negative");
    }
    ASSIGN_OR_RETURN(product, Decimal::Multiply(product, f.value));
  }
  return product;
}

BasisFlag QuantityFlag(BasisFlagCode code, Decimal stated, Decimal computed, std::string message) {
  BasisFlag flag;
  flag.code = code;
  flag.stated_quantity = stated;
  flag.computed_quantity = computed;
  flag.message = std::move(message);
  return flag;
}

absl::Status CheckCurrency(const Money& price, const Money& entered) {
  if (price.currency_code == entered.currency_code) return absl::OkStatus();
  return absl::InvalidArgumentError("unit price in " + price.currency_code +
                                    " but entered amount in " + entered.currency_code);
}

// Prices the quantity and compares with the entered amount: the step every basis shares.
absl::Status PriceAndCompare(const Money& unit_price, std::string basis_text,
                             BasisEvaluation& eval) {
  ASSIGN_OR_RETURN(PricedAmount priced, MultiplyByQuantity(eval.priced_quantity, unit_price));
  eval.computed_amount = priced.amount;
  if (priced.rounded) {
    BasisFlag flag;
    flag.code = BasisFlagCode::kComputedAmountRounded;
    flag.computed_amount = priced.amount;
    flag.message = basis_text + " was rounded to " + FormatMoney(priced.amount);
    eval.flags.push_back(std::move(flag));
  }
  if (eval.computed_quantity != eval.priced_quantity) {
    ASSIGN_OR_RETURN(PricedAmount at_computed,
                     MultiplyByQuantity(eval.computed_quantity, unit_price));
    eval.amount_at_computed_quantity = at_computed.amount;
  }
  ASSIGN_OR_RETURN(Money difference, Subtract(eval.entered_amount, priced.amount));
  eval.difference = difference;
  if (difference.minor_units != 0) {
    BasisFlag flag;
    flag.code = BasisFlagCode::kAmountDiffersFromBasis;
    flag.entered_amount = eval.entered_amount;
    flag.computed_amount = priced.amount;
    flag.difference = difference;
    flag.message = "entered " + FormatMoney(eval.entered_amount) + " differs from the basis " +
                   basis_text + " = " + FormatMoney(priced.amount) + " by " +
                   FormatMoney(difference);
    eval.flags.push_back(std::move(flag));
  }
  return absl::OkStatus();
}

absl::Status EvaluateQuantityPrice(const QuantityPriceBasis& basis, BasisEvaluation& eval) {
  RETURN_IF_ERROR(CheckCurrency(basis.unit_price, eval.entered_amount));
  ASSIGN_OR_RETURN(eval.computed_quantity, Product(basis.factors, "quantity-price basis"));
  eval.priced_quantity = eval.computed_quantity;
  return PriceAndCompare(basis.unit_price,
                         FactorText(basis.factors) + " × " + FormatMoney(basis.unit_price), eval);
}

absl::Status EvaluateParts(const PartsBasis& basis, BasisEvaluation& eval) {
  RETURN_IF_ERROR(CheckCurrency(basis.unit_price, eval.entered_amount));
  if (basis.parts.empty()) return absl::InvalidArgumentError("parts basis has no parts");
  for (size_t i = 0; i < basis.parts.size(); ++i) {
    const BasisPart& part = basis.parts[i];
    const std::string label = "part " + std::to_string(i + 1) +
                              (part.description.empty() ? "" : " (" + part.description + ")");
    PartEvaluation pe;
    ASSIGN_OR_RETURN(pe.computed_subtotal, Product(part.factors, label));
    pe.stated_subtotal = part.stated_subtotal;
    const Decimal stated = part.stated_subtotal.value_or(pe.computed_subtotal);
    pe.subtotal_differs = stated != pe.computed_subtotal;
    if (pe.subtotal_differs) {
      BasisFlag flag =
          QuantityFlag(BasisFlagCode::kPartSubtotalMismatch, stated, pe.computed_subtotal,
                       label + ": stated " + stated.ToString() + ", computed " +
                           FactorText(part.factors) + " = " + pe.computed_subtotal.ToString());
      flag.part_index = static_cast<int>(i);
      eval.flags.push_back(std::move(flag));
    }
    ASSIGN_OR_RETURN(eval.computed_quantity,
                     Decimal::Add(eval.computed_quantity, pe.computed_subtotal));
    ASSIGN_OR_RETURN(eval.stated_parts_sum, Decimal::Add(eval.stated_parts_sum, stated));
    eval.parts.push_back(std::move(pe));
  }
  eval.stated_total_quantity = basis.stated_total_quantity;
  if (basis.stated_total_quantity) {
    const Decimal stated_total = *basis.stated_total_quantity;
    // An addition slip: the stated total is not the sum of the stated parts.
    if (stated_total != eval.stated_parts_sum) {
      eval.flags.push_back(QuantityFlag(
          BasisFlagCode::kBasisTotalMismatch, stated_total, eval.stated_parts_sum,
          "stated total " + stated_total.ToString() + " differs from the sum of the stated parts " +
              eval.stated_parts_sum.ToString()));
    }
    // The stated total against what the factors give (KUPO: 431 stated, 356 computed).
    if (stated_total != eval.computed_quantity) {
      eval.flags.push_back(
          QuantityFlag(BasisFlagCode::kComputedTotalMismatch, stated_total, eval.computed_quantity,
                       "stated total " + stated_total.ToString() +
                           " differs from the computed parts " + eval.computed_quantity.ToString() +
                           " by " + (stated_total - eval.computed_quantity).ToString()));
    }
  }
  eval.priced_quantity = basis.stated_total_quantity.value_or(eval.computed_quantity);
  return PriceAndCompare(basis.unit_price,
                         eval.priced_quantity.ToString() + " × " + FormatMoney(basis.unit_price),
                         eval);
}

absl::Status EvaluateFlatRate(const FlatRateBasis& basis, const Money* base,
                              BasisEvaluation& eval) {
  if (basis.rate_basis_points < 0 || basis.rate_basis_points > 10000) {
    return absl::InvalidArgumentError("flat rate must be 0–10000 basis points");
  }
  if (base == nullptr) return absl::InvalidArgumentError("flat rate needs the lines it applies to");
  RETURN_IF_ERROR(CheckCurrency(*base, eval.entered_amount));
  eval.computed_quantity = Decimal::FromMicros(int64_t{basis.rate_basis_points} * 100);
  eval.priced_quantity = eval.computed_quantity;
  return PriceAndCompare(*base, eval.priced_quantity.ToString() + " × " + FormatMoney(*base), eval);
}

bool InBase(const FlatRateBasis& rate, const BudgetLineInput& line) {
  if (std::holds_alternative<FlatRateBasis>(line.basis)) return false;
  if (rate.base_categories.empty()) return true;
  return std::find(rate.base_categories.begin(), rate.base_categories.end(), line.category) !=
         rate.base_categories.end();
}

}  // namespace

absl::StatusOr<BasisEvaluation> EvaluateBasis(const Basis& basis, const Money& entered_amount,
                                              const Money* flat_rate_base) {
  BasisEvaluation eval;
  eval.entered_amount = entered_amount;
  eval.has_basis = !std::holds_alternative<std::monostate>(basis);
  if (const auto* qp = std::get_if<QuantityPriceBasis>(&basis)) {
    RETURN_IF_ERROR(EvaluateQuantityPrice(*qp, eval));
  } else if (const auto* parts = std::get_if<PartsBasis>(&basis)) {
    RETURN_IF_ERROR(EvaluateParts(*parts, eval));
  } else if (const auto* rate = std::get_if<FlatRateBasis>(&basis)) {
    RETURN_IF_ERROR(EvaluateFlatRate(*rate, flat_rate_base, eval));
  } else {
    BasisFlag flag;
    flag.code = BasisFlagCode::kNoBasis;
    flag.entered_amount = entered_amount;
    flag.message = "no basis; entered " + FormatMoney(entered_amount);
    eval.flags.push_back(std::move(flag));
  }
  return eval;
}

absl::StatusOr<std::vector<BasisEvaluation>> EvaluateBudget(
    const std::vector<BudgetLineInput>& lines) {
  std::vector<BasisEvaluation> out;
  out.reserve(lines.size());
  for (const BudgetLineInput& line : lines) {
    std::optional<Money> base;
    if (const auto* rate = std::get_if<FlatRateBasis>(&line.basis)) {
      std::vector<Money> amounts;
      for (const BudgetLineInput& other : lines) {
        if (InBase(*rate, other)) amounts.push_back(other.entered_amount);
      }
      ASSIGN_OR_RETURN(base, Sum(amounts, line.entered_amount.currency_code));
    }
    absl::StatusOr<BasisEvaluation> eval =
        EvaluateBasis(line.basis, line.entered_amount, base ? &*base : nullptr);
    if (!eval.ok()) {
      return absl::Status(eval.status().code(),
                          "budget line " + line.name + ": " + std::string(eval.status().message()));
    }
    out.push_back(*std::move(eval));
  }
  return out;
}

}  // namespace collab::funding
