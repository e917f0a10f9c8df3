#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/funding/domain/decimal.h"

// Money (belopp) as integer minor units (öre for SEK) plus an ISO 4217 currency code, mirroring
// collab.common.v1.Money. Never a float. Amounts of different currencies never mix: adding
// SEK to EUR is INVALID_ARGUMENT, not a conversion.
//
// Rounding rule, stated once (collab.common.v1.Money, rounding.h): a computed amount is rounded
// half away from zero to whole öre at the point where it is computed — quantity × unit price is
// one exact product and one rounding, never a rounding per factor.
namespace collab::funding {

struct Money {
  int64_t minor_units = 0;
  std::string currency_code;

  friend bool operator==(const Money&, const Money&) = default;
};

inline constexpr int64_t kMinorPerMajor = 100;  // 1 krona = 100 öre (also EUR, NOK, DKK).

// Whole kronor (or other major units): Major(141'368, "SEK") is 141 368,00 kr.
Money Major(int64_t major_units, std::string currency_code);
// Zero in `currency_code`.
inline Money Zero(std::string currency_code) { return Money{0, std::move(currency_code)}; }

// OK for three upper-case letters ("SEK"); INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidateCurrencyCode(std::string_view code, std::string_view field = "currency_code");

// a + b, a − b. INVALID_ARGUMENT when the currencies differ ("cannot add EUR to SEK"),
// OUT_OF_RANGE on int64 overflow.
absl::StatusOr<Money> Add(const Money& a, const Money& b);
absl::StatusOr<Money> Subtract(const Money& a, const Money& b);
// Sum of `amounts`, all in `currency_code`; zero for an empty list.
absl::StatusOr<Money> Sum(const std::vector<Money>& amounts, std::string_view currency_code);

struct PricedAmount {
  Money amount;
  // The exact product had fractions of an öre that were rounded away (flag
  // BUDGET_LINE_FLAG_COMPUTED_AMOUNT_ROUNDED).
  bool rounded = false;
};
// quantity × unit price: one exact product, rounded once, half away from zero, to whole öre.
// 431 × 328,00 kr = 141 368,00 kr; 4.8 × 41 000,00 kr = 196 800,00 kr; 2.5 × 0,33 kr = 0,83 kr.
// OUT_OF_RANGE on overflow.
absl::StatusOr<PricedAmount> MultiplyByQuantity(Decimal quantity, const Money& unit_price);

// Swedish style: "141 368,00 kr" for SEK (space as thousands separator, decimal comma,
// "-10 000,00 kr" when negative); other currencies end in their code: "12,50 EUR".
std::string FormatMoney(const Money& money);

}  // namespace collab::funding
