#include "services/funding/domain/rounding.h"

#include <cstdlib>
#include <limits>

namespace collab::funding {

__int128 RoundedDivide(__int128 numerator, __int128 denominator, bool* inexact) {
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const bool negative = numerator < 0;
  const __int128 magnitude = negative ? -numerator : numerator;
  __int128 quotient = magnitude / denominator;
  const __int128 remainder = magnitude % denominator;
  if (inexact != nullptr) *inexact = remainder != 0;
  // Half away from zero: round the magnitude up when the remainder is at least half.
  if (remainder * 2 >= denominator && remainder != 0) ++quotient;
  return negative ? -quotient : quotient;
}

int32_t BasisPoints(int64_t part, int64_t whole) {
  if (whole == 0) return 0;
  const __int128 bp = RoundedDivide(static_cast<__int128>(part) * 10000, whole);
  if (bp > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int32_t>::max();
  if (bp < std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(bp);
}

bool FitsInt64(__int128 value) {
  return value >= std::numeric_limits<int64_t>::min() &&
         value <= std::numeric_limits<int64_t>::max();
}

}  // namespace collab::funding
