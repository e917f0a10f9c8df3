#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/funding/domain/money.h"

// Financing (finansiering, medfinansiering) against cost: funding commitments and the balance
// rule. domain.md, "Funding": "financing must equal cost exactly before a project is submitted;
// in-kind contributions are working time valued at an hourly rate". The KUPO application: costs
// 860 000 kr against 190 000 (Samordningsförbundet Arvika-Eda) + 120 000 (Fryksdalen) + 110 000
// (Klarälvdalen) + 200 000 (Samspelet) cash, 100 000 in kind (FK SF Värmland, 15 % of the
// project manager's time) + 140 000 in kind (all parties, working-group time) = 860 000.
namespace collab::funding {

// Finansieringsform, as collab.funding.v1.FundingKind.
enum class FundingKind {
  kUnspecified,
  kCash,    // kontant medfinansiering
  kInKind,  // medfinansiering in natura: own working time (egen arbetstid)
};

// Working time valued at an hourly rate (collab.funding.v1.InKindBasis). Whole hours, as ESF
// requires in-kind time to be backed by time reports in whole hours (domain.md, "Funding").
struct InKindBasis {
  int64_t hours = 0;
  Money hourly_rate;
};

// A funder's commitment (finansieringsåtagande); the funder is typically a samordningsförbund
// (financial coordination association, SFS 2003:1210).
struct Commitment {
  std::string funder;
  FundingKind kind = FundingKind::kUnspecified;
  // As entered; the financing figure used everywhere (like a budget line's entered amount).
  Money amount;
  std::optional<InKindBasis> in_kind;
};

// In-kind value = hours × hourly rate (exact: whole hours × whole öre). OUT_OF_RANGE on
// overflow, INVALID_ARGUMENT for negative hours.
absl::StatusOr<Money> InKindValue(const InKindBasis& basis);

// One in-kind booking as far as its backing goes (collab.funding.v1.LedgerEntry with kind
// IN_KIND): its hours, the sign of its amount (a correction is negative and books the hours it
// takes back) and whether it names a time report (time_report_reference, tidrapport).
struct InKindBooking {
  int64_t hours = 0;
  int64_t amount_minor = 0;
  bool has_time_report = false;
};

// How an in-kind booking changes the project's hours of in-kind time not backed by a time
// report (BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED). domain.md, "Funding" (ESF co-financing):
// "in-kind working time must be backed by time reports in whole hours". Hours are whole by type
// (int64 in the contract and the table) and an entry's amount must equal hours × rate, so the
// only thing that can be missing is the time report: CreateLedgerEntry refuses an in-kind entry
// without one in an ESF co-funded project (esf_cofunded is fixed once the project leaves DRAFT
// and bookings need ACTIVE); elsewhere the entry is booked and counted here.
//   +hours  a positive in-kind entry without a time report;
//   −hours  a negative in-kind entry (correction) naming an entry that counted (+), so taking
//           unbacked time back (to rebook it with its time report) clears the warning; never
//           more than that entry's hours in all (CreateLedgerEntry, domain/corrections.h);
//   0       anything else (backed time, corrections of backed time, cash).
// `corrected` is the entry `entry` names in `corrects`, if it is an in-kind entry.
int64_t UnbackedInKindHours(const InKindBooking& entry, const std::optional<InKindBooking>& corrected);

enum class CommitmentFlagCode {
  kInKindWithoutBasis,      // COMMITMENT_FLAG_IN_KIND_WITHOUT_BASIS
  kAmountDiffersFromBasis,  // COMMITMENT_FLAG_AMOUNT_DIFFERS_FROM_BASIS
};

struct CommitmentEvaluation {
  std::optional<Money> computed_amount;  // hours × rate, for in-kind with a basis
  std::optional<Money> difference;       // amount − computed_amount
  std::vector<CommitmentFlagCode> flags;
};

// Like a budget line: computes hours × rate, keeps the entered amount, flags a difference.
// INVALID_ARGUMENT when the kind is unspecified or the rate's currency differs from the amount's.
absl::StatusOr<CommitmentEvaluation> EvaluateCommitment(const Commitment& commitment);

// Total kostnad, total finansiering and the gap (proto Project.total_cost, total_financing,
// financing_gap = cost − financing).
struct BudgetBalance {
  Money total_cost;
  Money total_financing;
  Money financing_gap;
  bool balanced() const { return financing_gap.minor_units == 0; }
};

// Sums the lines' entered amounts and the commitments' amounts. INVALID_ARGUMENT on a currency
// other than `currency_code`.
absl::StatusOr<BudgetBalance> ComputeBalance(const std::vector<Money>& line_amounts,
                                             const std::vector<Commitment>& commitments,
                                             std::string_view currency_code);

// OK when financing equals cost exactly. Otherwise FAILED_PRECONDITION with ErrorInfo reason
// BUDGET_NOT_BALANCED (domain funding.collab.se) naming the difference:
//   "financing 850 000,00 kr is 10 000,00 kr short of the budget 860 000,00 kr"
//   "financing 870 000,00 kr exceeds the budget 860 000,00 kr by 10 000,00 kr"
// Checked by SubmitProject and ApproveProject.
absl::Status CheckBalanced(const BudgetBalance& balance);

}  // namespace collab::funding
