#include "services/funding/domain/balance.h"

#include "libs/common/errors.h"
#include "libs/common/status_macros.h"
#include "services/funding/domain/error_reasons.h"

namespace collab::funding {

absl::StatusOr<Money> InKindValue(const InKindBasis& basis) {
  if (basis.hours < 0) return absl::InvalidArgumentError("in-kind hours must not be negative");
  Money value{0, basis.hourly_rate.currency_code};
  if (__builtin_mul_overflow(basis.hours, basis.hourly_rate.minor_units, &value.minor_units)) {
    return absl::OutOfRangeError("in-kind value is too large");
  }
  return value;
}

int64_t UnbackedInKindHours(const InKindBooking& entry, const std::optional<InKindBooking>& corrected) {
  if (entry.amount_minor > 0) return entry.has_time_report ? 0 : entry.hours;
  if (entry.amount_minor < 0 && corrected && corrected->amount_minor > 0 &&
      !corrected->has_time_report) {
    return -entry.hours;
  }
  return 0;
}

absl::StatusOr<CommitmentEvaluation> EvaluateCommitment(const Commitment& commitment) {
  if (commitment.kind == FundingKind::kUnspecified) {
    return absl::InvalidArgumentError("commitment kind must be CASH or IN_KIND");
  }
  CommitmentEvaluation eval;
  if (commitment.kind != FundingKind::kInKind) return eval;
  if (!commitment.in_kind) {
    eval.flags.push_back(CommitmentFlagCode::kInKindWithoutBasis);
    return eval;
  }
  if (commitment.in_kind->hourly_rate.currency_code != commitment.amount.currency_code) {
    return absl::InvalidArgumentError("hourly rate in " +
                                      commitment.in_kind->hourly_rate.currency_code +
                                      " but amount in " + commitment.amount.currency_code);
  }
  ASSIGN_OR_RETURN(Money computed, InKindValue(*commitment.in_kind));
  ASSIGN_OR_RETURN(Money difference, Subtract(commitment.amount, computed));
  eval.computed_amount = computed;
  eval.difference = difference;
  if (difference.minor_units != 0)
    eval.flags.push_back(CommitmentFlagCode::kAmountDiffersFromBasis);
  return eval;
}

absl::StatusOr<BudgetBalance> ComputeBalance(const std::vector<Money>& line_amounts,
                                             const std::vector<Commitment>& commitments,
                                             std::string_view currency_code) {
  std::vector<Money> financing;
  financing.reserve(commitments.size());
  for (const Commitment& c : commitments) financing.push_back(c.amount);
  BudgetBalance balance;
  ASSIGN_OR_RETURN(balance.total_cost, Sum(line_amounts, currency_code));
  ASSIGN_OR_RETURN(balance.total_financing, Sum(financing, currency_code));
  ASSIGN_OR_RETURN(balance.financing_gap, Subtract(balance.total_cost, balance.total_financing));
  return balance;
}

absl::Status CheckBalanced(const BudgetBalance& balance) {
  if (balance.balanced()) return absl::OkStatus();
  const std::string financing = FormatMoney(balance.total_financing);
  const std::string cost = FormatMoney(balance.total_cost);
  Money gap = balance.financing_gap;
  std::string message;
  if (gap.minor_units > 0) {
    message = "financing " + financing + " is " + FormatMoney(gap) + " short of the budget " + cost;
  } else {
    gap.minor_units = -gap.minor_units;
    message = "financing " + financing + " exceeds the budget " + cost + " by " + FormatMoney(gap);
  }
  return WithErrorInfo(absl::FailedPreconditionError(message), kBudgetNotBalancedReason,
                       kErrorDomain);
}

}  // namespace collab::funding
