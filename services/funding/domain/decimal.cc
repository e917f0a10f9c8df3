#include "services/funding/domain/decimal.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "libs/common/errors.h"
#include "services/funding/domain/rounding.h"

namespace collab::funding {

absl::StatusOr<Decimal> Decimal::Parse(std::string_view text, std::string_view field) {
  const std::string name(field);
  auto bad = [&](std::string why) {
    return InvalidField(name, "\"" + std::string(text) + "\" " + why);
  };
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  __int128 whole = 0;
  int whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > static_cast<__int128>(INT64_MAX) / kScale) return bad("is too large");
  }
  int64_t fraction = 0;
  int fraction_digits = 0;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction_digits) {
      if (fraction_digits == kScaleDigits) return bad("has more than 6 decimals");
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (fraction_digits == 0) return bad("is not a decimal number");
  }
  if (i != text.size() || whole_digits == 0) return bad("is not a decimal number");
  for (int d = fraction_digits; d < kScaleDigits; ++d) fraction *= 10;
  const int64_t micros = static_cast<int64_t>(whole) * kScale + fraction;
  return Decimal(negative ? -micros : micros);
}

absl::StatusOr<Decimal> Decimal::Multiply(Decimal a, Decimal b) {
  const __int128 scaled = static_cast<__int128>(a.micros_) * b.micros_;
  if (scaled % kScale != 0) {
    return absl::InvalidArgumentError("product " + a.ToString() + " × " + b.ToString() +
                                      " needs more than 6 decimals");
  }
  const __int128 micros = scaled / kScale;
  if (!FitsInt64(micros)) {
    return absl::OutOfRangeError("product " + a.ToString() + " × " + b.ToString() +
                                 " is too large");
  }
  return Decimal(static_cast<int64_t>(micros));
}

absl::StatusOr<Decimal> Decimal::Add(Decimal a, Decimal b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a.micros_, b.micros_, &sum)) {
    return absl::OutOfRangeError("sum " + a.ToString() + " + " + b.ToString() + " is too large");
  }
  return Decimal(sum);
}

std::string Decimal::ToString() const {
  const bool negative = micros_ < 0;
  // Magnitude via unsigned arithmetic so INT64_MIN does not overflow.
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(micros_) + 1 : static_cast<uint64_t>(micros_);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / kScale);
  uint64_t fraction = magnitude % kScale;
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, kScaleDigits - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

}  // namespace collab::funding
