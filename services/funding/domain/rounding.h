#pragma once

#include <cstdint>

// The one rounding rule of the funding service, stated once (collab.common.v1.Money: "computed
// amounts are rounded half away from zero to whole minor units at the point where they are
// computed, never later"). Every division in the domain — money × quantity, percent used,
// forecasts, coverage shares — goes through RoundedDivide so the rule cannot drift.
namespace collab::funding {

// numerator / denominator rounded half away from zero: 5/2 → 3, −5/2 → −3, 4/3 → 1.
// `denominator` must be non-zero (a broken invariant, not user input: callers check first).
// Sets *inexact (when given) to whether a remainder was dropped or rounded.
__int128 RoundedDivide(__int128 numerator, __int128 denominator, bool* inexact = nullptr);

// part / whole in basis points (10000 = 100 %), rounded half away from zero; 0 when whole is 0,
// clamped to the int32 range (proto fields are int32).
int32_t BasisPoints(int64_t part, int64_t whole);

// Narrows to int64; false when the value does not fit (the caller reports OUT_OF_RANGE).
bool FitsInt64(__int128 value);

}  // namespace collab::funding
