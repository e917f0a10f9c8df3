#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

// Exact decimal quantities (antal): hours, weeks, persons, months, a 0.6 share of full time.
// Never a float — 0.6 × 8 is exactly 4.8. Scale: 6 decimals, as collab.funding.v1.Factor allows
// ("at most 6 decimals"); stored as int64 millionths.
namespace collab::funding {

class Decimal {
 public:
  static constexpr int kScaleDigits = 6;
  static constexpr int64_t kScale = 1'000'000;

  constexpr Decimal() = default;
  static constexpr Decimal FromInt(int64_t whole) { return Decimal(whole * kScale); }
  static constexpr Decimal FromMicros(int64_t micros) { return Decimal(micros); }

  // Accepts "431", "0.6", "-2.5", "0,6" (Swedish decimal comma), at most 6 decimals and an
  // optional sign; no exponent, no grouping. INVALID_ARGUMENT naming `field` otherwise.
  static absl::StatusOr<Decimal> Parse(std::string_view text, std::string_view field = "value");

  // Exact product. INVALID_ARGUMENT when it needs more than 6 decimals (0.333333 × 0.333333),
  // OUT_OF_RANGE on overflow: quantities are never rounded, only money is (rounding.h).
  static absl::StatusOr<Decimal> Multiply(Decimal a, Decimal b);
  // Exact sum; OUT_OF_RANGE on overflow.
  static absl::StatusOr<Decimal> Add(Decimal a, Decimal b);

  constexpr int64_t micros() const { return micros_; }
  constexpr bool IsWhole() const { return micros_ % kScale == 0; }
  // Canonical text without trailing zeros: "4.8", "431", "-0.25".
  std::string ToString() const;

  friend constexpr bool operator==(Decimal, Decimal) = default;
  friend constexpr auto operator<=>(Decimal, Decimal) = default;
  friend constexpr Decimal operator-(Decimal a, Decimal b) {
    return Decimal(a.micros_ - b.micros_);
  }

 private:
  constexpr explicit Decimal(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

}  // namespace collab::funding
