#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/budget_basis.h"
#include "services/funding/domain/money.h"
#include "services/funding/domain/periods.h"
#include "services/funding/domain/project_status.h"

// Budget against outcome (budgetuppföljning: budget mot utfall), as funders ask for it
// (domain.md, "Funding": "funders want budget against outcome (utfall) per period and per
// funder"; issue 5, "Budget status"). Pure functions over running totals the service keeps in
// SQL, so a status query never scans the ledger. Mirrors collab.funding.v1.BudgetStatus.
namespace collab::funding {

// PERIOD_ENDING_UNSPENT fires when less than 10 % of a period's days are left and more than
// 25 % of its budget is unspent: late enough that the money will probably not be used, early
// enough that the funders can still be told before the final report.
inline constexpr int64_t kPeriodEndingTimeLeftBasisPoints = 1000;  // < 10 % of the days left
inline constexpr int64_t kPeriodEndingUnspentBasisPoints = 2500;   // > 25 % of budget unspent

// Budget against outcome for one slice (collab.funding.v1.BudgetFigures).
struct BudgetFigures {
  Money budget;
  Money spent;      // utfall
  Money remaining;  // budget − spent; negative when overspent
  // spent / budget in basis points (10000 = 100 %), rounded half away from zero; 0 when the
  // budget is zero.
  int32_t percent_used_basis_points = 0;
  // Prognos at the current burn rate: spent / elapsed days × total days, rounded half away from
  // zero to whole öre; elapsed days count from the period start through as_of inclusive. Equals
  // spent before the period starts and from its last day on; never less than spent.
  Money forecast;
};

// INVALID_ARGUMENT when budget and spent differ in currency.
absl::StatusOr<BudgetFigures> ComputeFigures(const Money& budget, const Money& spent,
                                             const Period& period, absl::CivilDay as_of);

enum class Granularity { kMonth, kQuarter, kYear };  // collab.common.v1.PeriodGranularity

// Running totals the service keeps (same transaction as each ledger entry).
struct LineTotals {
  std::string line;  // projects/{project}/budgetLines/{line}
  BudgetCategory category = BudgetCategory::kUnspecified;
  std::string phase;  // empty: no phase, the line runs over the project period
  Money budget;       // the entered amount
  Money spent;
};

struct FunderTotals {
  std::string funder;  // organisations/{organisation}
  FundingKind kind = FundingKind::kUnspecified;
  Money committed;
  // In-kind time booked by this funder plus cash entries attributed to it.
  Money attributed_spent;
};

struct MonthSpent {
  absl::CivilMonth month;
  Money spent;
};

struct BudgetStatusInput {
  std::string currency_code;
  Period project_period;
  absl::CivilDay as_of;
  Granularity granularity = Granularity::kMonth;
  std::vector<Phase> phases;
  std::vector<LineTotals> lines;
  std::vector<FunderTotals> funders;
  // Cash spent without a funder attribution: spread over the CASH funders pro rata to their
  // commitments (proto LedgerEntry.funder), or over every funder when there is no cash funder.
  Money unattributed_spent;
  std::vector<MonthSpent> spent_by_month;
};

enum class StatusWarningCode {
  kLineOverBudget,         // a line's spent exceeds its budget  (proto LINE_OVERSPENT)
  kProjectOverBudget,      // the project's spent exceeds its budget
  kForecastExceedsBudget,  // the project's forecast exceeds its budget
  kPeriodEndingUnspent,    // project or phase ending with money unspent (thresholds above)
  kCommitmentExceeded,     // a funder's contribution exceeds its commitment
  kPhaseReportDue,         // a phase has ended: its report to the funders is owed (below)
};
// "LINE_OVER_BUDGET", "PROJECT_OVER_BUDGET", "FORECAST_EXCEEDS_BUDGET", "PERIOD_ENDING_UNSPENT",
// "COMMITMENT_EXCEEDED", "PHASE_REPORT_DUE".
std::string_view StatusWarningCodeName(StatusWarningCode code);

struct StatusWarning {
  StatusWarningCode code = StatusWarningCode::kLineOverBudget;
  std::string resource;  // line, phase, funder or project ("" for the project)
  std::string message;   // no personal data
};

struct LineStatus {
  std::string line;
  BudgetCategory category = BudgetCategory::kUnspecified;
  std::string phase;
  BudgetFigures figures;
};
struct CategoryStatus {
  BudgetCategory category = BudgetCategory::kUnspecified;
  BudgetFigures figures;
};
struct PhaseStatus {
  std::string phase;
  Period period;
  BudgetFigures figures;  // the lines assigned to the phase
};
struct FunderStatus {
  std::string funder;
  FundingKind kind = FundingKind::kUnspecified;
  BudgetFigures figures;  // budget = committed, spent = contributed
};
struct PeriodStatus {
  Period period;  // a calendar month/quarter/year clipped to the project period
  BudgetFigures figures;
};

struct BudgetStatusResult {
  BudgetFigures total;
  std::vector<LineStatus> lines;
  std::vector<CategoryStatus> categories;  // in enum order, only categories with lines
  std::vector<PhaseStatus> phases;
  std::vector<FunderStatus> funders;
  std::vector<PeriodStatus> periods;
  std::vector<StatusWarning> warnings;
};

// A phase as far as its report to the funders goes (collab.funding.v1.Phase).
struct PhaseReport {
  std::string phase;         // projects/{project}/phases/{phase}
  std::string display_name;  // e.g. "Insatser"
  Period period;
  std::optional<absl::CivilDay> report_due;  // Phase.report_due_date, when set
  // Phase.report_delivered_date, when set: the day the report (lägesrapport / delrapport) was
  // delivered to the funders.
  std::optional<absl::CivilDay> report_delivered;
};

// PHASE_REPORT_DUE. domain.md, "Funding": "a project reports to its funders after each phase".
// While the project is ACTIVE, one warning for each phase whose last day is before `as_of`,
// naming the phase, its end date and, when set, the report's due date ("due by …", "overdue
// (due by …)" once `as_of` is past it), unless its report was delivered on or before `as_of`
// (report_delivered: as of an earlier day the report was still owed); none in any other status
// (before ACTIVE no phase has run; once CLOSED its reporting is over).
std::vector<StatusWarning> PhaseReportsDue(ProjectStatus project_status,
                                           const std::vector<PhaseReport>& phases,
                                           absl::CivilDay as_of);

// The calendar periods of `granularity` that meet `span`, clipped to it.
std::vector<Period> CalendarPeriods(const Period& span, Granularity granularity);

// Spreads `budget` evenly over the days of `span` into `periods` (largest remainder by days, so
// the parts sum exactly to the budget); a period outside `span` gets zero.
absl::StatusOr<std::vector<Money>> SpreadByDays(const Money& budget, const Period& span,
                                                const std::vector<Period>& periods);

// The whole status. A line's period is its phase's (or the project's); per-period budget is each
// line's budget spread by days over its period; per-period spent is the month totals inside it.
// INVALID_ARGUMENT on a currency mismatch or a line naming an unknown phase.
absl::StatusOr<BudgetStatusResult> ComputeBudgetStatus(const BudgetStatusInput& input);

}  // namespace collab::funding
