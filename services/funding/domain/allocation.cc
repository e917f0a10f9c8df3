#include "services/funding/domain/allocation.h"

#include <algorithm>
#include <numeric>

#include "absl/status/status.h"

namespace collab::funding {

absl::StatusOr<std::vector<int64_t>> AllocateLargestRemainder(int64_t total,
                                                              const std::vector<int64_t>& weights) {
  __int128 weight_sum = 0;
  for (int64_t w : weights) {
    if (w < 0) return absl::InvalidArgumentError("allocation weights must not be negative");
    weight_sum += w;
  }
  std::vector<int64_t> shares(weights.size(), 0);
  if (total == 0) return shares;
  if (weight_sum == 0) {
    return absl::InvalidArgumentError("cannot allocate a non-zero amount over zero weights");
  }
  const bool negative = total < 0;
  const __int128 magnitude = negative ? -static_cast<__int128>(total) : total;
  std::vector<__int128> remainders(weights.size());
  __int128 allocated = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const __int128 exact = magnitude * weights[i];
    shares[i] = static_cast<int64_t>(exact / weight_sum);
    remainders[i] = exact % weight_sum;
    allocated += shares[i];
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  // Fewer units are left than there are weights, since each floor loses less than one.
  for (size_t k = 0; allocated < magnitude; ++k, ++allocated) ++shares[order[k]];
  if (negative) {
    for (int64_t& s : shares) s = -s;
  }
  return shares;
}

absl::StatusOr<std::vector<FunderShare>> ShareOfActuals(
    const Money& actuals, const std::vector<Commitment>& commitments) {
  std::vector<int64_t> weights;
  weights.reserve(commitments.size());
  for (const Commitment& c : commitments) {
    if (c.amount.currency_code != actuals.currency_code) {
      return absl::InvalidArgumentError("commitment of " + c.funder + " in " +
                                        c.amount.currency_code + ", actuals in " +
                                        actuals.currency_code);
    }
    weights.push_back(c.amount.minor_units);
  }
  absl::StatusOr<std::vector<int64_t>> split =
      AllocateLargestRemainder(actuals.minor_units, weights);
  if (!split.ok()) return split.status();
  std::vector<FunderShare> out;
  out.reserve(commitments.size());
  for (size_t i = 0; i < commitments.size(); ++i) {
    out.push_back(FunderShare{commitments[i].funder, commitments[i].amount,
                              Money{(*split)[i], actuals.currency_code}});
  }
  return out;
}

}  // namespace collab::funding
