#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/money.h"

// Pro-rata splits that add up exactly (fördelning). Funders want budget against outcome (utfall)
// per funder (domain.md, "Funding"); a funder's share of the actuals is its share of the
// commitments, and the shares must sum to the actuals to the öre.
namespace collab::funding {

// Splits `total` minor units over `weights` in proportion (largest-remainder / Hamilton method):
// each gets floor(total × w / Σw); the units left over go one each to the largest remainders,
// ties to the earlier index. The result sums exactly to `total`. A negative total is split by
// magnitude and the sign reapplied, so a correction mirrors the entry it corrects.
// INVALID_ARGUMENT for a negative weight, or a non-zero total over weights summing to zero.
absl::StatusOr<std::vector<int64_t>> AllocateLargestRemainder(int64_t total,
                                                              const std::vector<int64_t>& weights);

struct FunderShare {
  std::string funder;
  Money committed;
  Money share;
};

// Each funder's share of the actuals = actuals × (its commitment / total commitments), cash and
// in-kind alike, rounded by AllocateLargestRemainder so the shares sum to the actuals exactly.
// INVALID_ARGUMENT on a currency mismatch.
absl::StatusOr<std::vector<FunderShare>> ShareOfActuals(const Money& actuals,
                                                        const std::vector<Commitment>& commitments);

}  // namespace collab::funding
