#include "services/funding/domain/money.h"

#include <utility>

#include "absl/status/status.h"
#include "libs/common/errors.h"
#include "services/funding/domain/rounding.h"

namespace collab::funding {

Money Major(int64_t major_units, std::string currency_code) {
  return Money{major_units * kMinorPerMajor, std::move(currency_code)};
}

absl::Status ValidateCurrencyCode(std::string_view code, std::string_view field) {
  bool ok = code.size() == 3;
  for (char c : code) ok = ok && c >= 'A' && c <= 'Z';
  if (ok) return absl::OkStatus();
  return InvalidField(std::string(field), "must be an ISO 4217 code such as SEK");
}

namespace {

absl::Status SameCurrency(const Money& a, const Money& b, std::string_view verb) {
  if (a.currency_code == b.currency_code) return absl::OkStatus();
  return absl::InvalidArgumentError("cannot " + std::string(verb) + " " + b.currency_code +
                                    " and " + a.currency_code + " amounts");
}

}  // namespace

absl::StatusOr<Money> Add(const Money& a, const Money& b) {
  if (absl::Status s = SameCurrency(a, b, "add"); !s.ok()) return s;
  Money out{0, a.currency_code};
  if (__builtin_add_overflow(a.minor_units, b.minor_units, &out.minor_units)) {
    return absl::OutOfRangeError("amount is too large");
  }
  return out;
}

absl::StatusOr<Money> Subtract(const Money& a, const Money& b) {
  if (absl::Status s = SameCurrency(a, b, "subtract"); !s.ok()) return s;
  Money out{0, a.currency_code};
  if (__builtin_sub_overflow(a.minor_units, b.minor_units, &out.minor_units)) {
    return absl::OutOfRangeError("amount is too large");
  }
  return out;
}

absl::StatusOr<Money> Sum(const std::vector<Money>& amounts, std::string_view currency_code) {
  Money total = Zero(std::string(currency_code));
  for (const Money& m : amounts) {
    absl::StatusOr<Money> next = Add(total, m);
    if (!next.ok()) return next.status();
    total = *std::move(next);
  }
  return total;
}

absl::StatusOr<PricedAmount> MultiplyByQuantity(Decimal quantity, const Money& unit_price) {
  bool inexact = false;
  const __int128 minor = RoundedDivide(
      static_cast<__int128>(quantity.micros()) * unit_price.minor_units, Decimal::kScale, &inexact);
  if (!FitsInt64(minor)) return absl::OutOfRangeError("amount is too large");
  return PricedAmount{Money{static_cast<int64_t>(minor), unit_price.currency_code}, inexact};
}

std::string FormatMoney(const Money& money) {
  const bool negative = money.minor_units < 0;
  const uint64_t magnitude = negative ? ~static_cast<uint64_t>(money.minor_units) + 1
                                      : static_cast<uint64_t>(money.minor_units);
  std::string major = std::to_string(magnitude / kMinorPerMajor);
  for (int pos = static_cast<int>(major.size()) - 3; pos > 0; pos -= 3) major.insert(pos, " ");
  const uint64_t minor = magnitude % kMinorPerMajor;
  std::string out = negative ? "-" : "";
  out += major + "," + (minor < 10 ? "0" : "") + std::to_string(minor);
  out += money.currency_code == "SEK" ? " kr" : " " + money.currency_code;
  return out;
}

}  // namespace collab::funding
