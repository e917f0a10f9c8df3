#include "services/funding/domain/budget_status.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "libs/common/status_macros.h"
#include "services/funding/domain/allocation.h"
#include "services/funding/domain/rounding.h"

namespace collab::funding {

std::string_view StatusWarningCodeName(StatusWarningCode code) {
  switch (code) {
    case StatusWarningCode::kLineOverBudget:
      return "LINE_OVER_BUDGET";
    case StatusWarningCode::kProjectOverBudget:
      return "PROJECT_OVER_BUDGET";
    case StatusWarningCode::kForecastExceedsBudget:
      return "FORECAST_EXCEEDS_BUDGET";
    case StatusWarningCode::kPeriodEndingUnspent:
      return "PERIOD_ENDING_UNSPENT";
    case StatusWarningCode::kCommitmentExceeded:
      return "COMMITMENT_EXCEEDED";
    case StatusWarningCode::kPhaseReportDue:
      return "PHASE_REPORT_DUE";
  }
  return "UNKNOWN";
}

absl::StatusOr<BudgetFigures> ComputeFigures(const Money& budget, const Money& spent,
                                             const Period& period, absl::CivilDay as_of) {
  BudgetFigures f;
  f.budget = budget;
  f.spent = spent;
  ASSIGN_OR_RETURN(f.remaining, Subtract(budget, spent));
  f.percent_used_basis_points = BasisPoints(spent.minor_units, budget.minor_units);
  f.forecast = spent;
  if (as_of >= period.start && as_of < period.end) {
    const int64_t elapsed = as_of - period.start + 1;
    const __int128 forecast =
        RoundedDivide(static_cast<__int128>(spent.minor_units) * DaysInclusive(period), elapsed);
    if (!FitsInt64(forecast)) return absl::OutOfRangeError("forecast is too large");
    f.forecast.minor_units = std::max(static_cast<int64_t>(forecast), spent.minor_units);
  }
  return f;
}

std::vector<Period> CalendarPeriods(const Period& span, Granularity granularity) {
  std::vector<Period> out;
  absl::CivilMonth month(span.start);
  if (granularity == Granularity::kQuarter) {
    month = absl::CivilMonth(month.year(), (month.month() - 1) / 3 * 3 + 1);
  } else if (granularity == Granularity::kYear) {
    month = absl::CivilMonth(month.year(), 1);
  }
  const int step = granularity == Granularity::kMonth     ? 1
                   : granularity == Granularity::kQuarter ? 3
                                                          : 12;
  while (absl::CivilDay(month) <= span.end) {
    const absl::CivilMonth next = month + step;
    const Period calendar{absl::CivilDay(month), absl::CivilDay(next) - 1};
    if (std::optional<Period> clipped = Intersect(calendar, span)) out.push_back(*clipped);
    month = next;
  }
  return out;
}

absl::StatusOr<std::vector<Money>> SpreadByDays(const Money& budget, const Period& span,
                                                const std::vector<Period>& periods) {
  std::vector<int64_t> days;
  int64_t total_days = 0;
  for (const Period& p : periods) {
    const std::optional<Period> common = Intersect(p, span);
    days.push_back(common ? DaysInclusive(*common) : 0);
    total_days += days.back();
  }
  std::vector<Money> out(periods.size(), Zero(budget.currency_code));
  if (total_days == 0) return out;
  ASSIGN_OR_RETURN(std::vector<int64_t> parts, AllocateLargestRemainder(budget.minor_units, days));
  for (size_t i = 0; i < parts.size(); ++i) out[i].minor_units = parts[i];
  return out;
}

namespace {

struct Sums {
  Money budget;
  Money spent;
};

absl::Status Accumulate(Sums& sums, const Money& budget, const Money& spent) {
  ASSIGN_OR_RETURN(sums.budget, Add(sums.budget, budget));
  ASSIGN_OR_RETURN(sums.spent, Add(sums.spent, spent));
  return absl::OkStatus();
}

// PERIOD_ENDING_UNSPENT: fewer than 10 % of the days left after as_of and more than 25 % of the
// budget unspent (thresholds in the header). Not once the period has ended: then it is history.
bool EndingUnspent(const BudgetFigures& f, const Period& period, absl::CivilDay as_of) {
  if (as_of < period.start || as_of >= period.end || f.budget.minor_units <= 0) return false;
  const int64_t days_left = period.end - as_of;
  const bool ending = days_left * 10000 < kPeriodEndingTimeLeftBasisPoints * DaysInclusive(period);
  const bool unspent =
      static_cast<__int128>(f.remaining.minor_units) * 10000 >
      static_cast<__int128>(kPeriodEndingUnspentBasisPoints) * f.budget.minor_units;
  return ending && unspent;
}

std::string Describe(const BudgetFigures& f) {
  return "spent " + FormatMoney(f.spent) + " of " + FormatMoney(f.budget);
}

// Unattributed cash over the cash funders pro rata to their commitments (proto LedgerEntry.funder).
absl::StatusOr<std::vector<int64_t>> SpreadUnattributed(const BudgetStatusInput& in) {
  std::vector<int64_t> weights;
  bool any_cash = false;
  for (const FunderTotals& f : in.funders) {
    any_cash = any_cash || (f.kind == FundingKind::kCash && f.committed.minor_units > 0);
  }
  for (const FunderTotals& f : in.funders) {
    const bool counts = !any_cash || f.kind == FundingKind::kCash;
    weights.push_back(counts ? std::max<int64_t>(f.committed.minor_units, 0) : 0);
  }
  if (in.unattributed_spent.minor_units == 0) return std::vector<int64_t>(weights.size(), 0);
  return AllocateLargestRemainder(in.unattributed_spent.minor_units, weights);
}

}  // namespace

std::vector<StatusWarning> PhaseReportsDue(ProjectStatus project_status,
                                           const std::vector<PhaseReport>& phases,
                                           absl::CivilDay as_of) {
  std::vector<StatusWarning> out;
  if (project_status != ProjectStatus::kActive) return out;
  for (const PhaseReport& p : phases) {
    if (as_of <= p.period.end) continue;  // the end date is the phase's last day
    if (p.report_delivered && *p.report_delivered <= as_of) continue;
    std::string message = "phase \"" + p.display_name + "\" ended " + IsoDate(p.period.end) +
                          ": its report to the funders is ";
    if (!p.report_due) {
      message += "due";
    } else if (as_of > *p.report_due) {
      message += "overdue (due by " + IsoDate(*p.report_due) + ")";
    } else {
      message += "due by " + IsoDate(*p.report_due);
    }
    out.push_back({StatusWarningCode::kPhaseReportDue, p.phase, std::move(message)});
  }
  return out;
}

absl::StatusOr<BudgetStatusResult> ComputeBudgetStatus(const BudgetStatusInput& in) {
  const std::string& cur = in.currency_code;
  const Money zero = Zero(cur);
  BudgetStatusResult out;
  std::map<std::string, Period> phase_periods;
  for (const Phase& p : in.phases) phase_periods[p.name] = p.period;

  // Lines, categories, phases, total.
  Sums total{zero, zero};
  std::map<BudgetCategory, Sums> by_category;
  std::map<std::string, Sums> by_phase;
  std::vector<Period> line_periods;
  for (const LineTotals& line : in.lines) {
    Period period = in.project_period;
    if (!line.phase.empty()) {
      auto it = phase_periods.find(line.phase);
      if (it == phase_periods.end()) {
        return absl::InvalidArgumentError("budget line " + line.line + " names unknown phase " +
                                          line.phase);
      }
      period = it->second;
      auto [slot, _] = by_phase.try_emplace(line.phase, Sums{zero, zero});
      RETURN_IF_ERROR(Accumulate(slot->second, line.budget, line.spent));
    }
    line_periods.push_back(period);
    ASSIGN_OR_RETURN(BudgetFigures f, ComputeFigures(line.budget, line.spent, period, in.as_of));
    if (f.spent.minor_units > f.budget.minor_units) {
      out.warnings.push_back({StatusWarningCode::kLineOverBudget, line.line,
                              "budget line " + line.line + " over budget: " + Describe(f)});
    }
    out.lines.push_back(LineStatus{line.line, line.category, line.phase, f});
    RETURN_IF_ERROR(Accumulate(total, line.budget, line.spent));
    auto [slot, _] = by_category.try_emplace(line.category, Sums{zero, zero});
    RETURN_IF_ERROR(Accumulate(slot->second, line.budget, line.spent));
  }
  ASSIGN_OR_RETURN(out.total,
                   ComputeFigures(total.budget, total.spent, in.project_period, in.as_of));
  if (out.total.spent.minor_units > out.total.budget.minor_units) {
    out.warnings.push_back(
        {StatusWarningCode::kProjectOverBudget, "", "project over budget: " + Describe(out.total)});
  } else if (out.total.forecast.minor_units > out.total.budget.minor_units) {
    out.warnings.push_back({StatusWarningCode::kForecastExceedsBudget, "",
                            "forecast " + FormatMoney(out.total.forecast) + " exceeds the budget " +
                                FormatMoney(out.total.budget)});
  }
  if (EndingUnspent(out.total, in.project_period, in.as_of)) {
    out.warnings.push_back({StatusWarningCode::kPeriodEndingUnspent, "",
                            "project period ends " + IsoDate(in.project_period.end) + " with " +
                                FormatMoney(out.total.remaining) + " unspent"});
  }
  for (const auto& [category, sums] : by_category) {
    ASSIGN_OR_RETURN(BudgetFigures f,
                     ComputeFigures(sums.budget, sums.spent, in.project_period, in.as_of));
    out.categories.push_back(CategoryStatus{category, f});
  }
  for (const Phase& phase : in.phases) {
    const auto it = by_phase.find(phase.name);
    const Sums sums = it == by_phase.end() ? Sums{zero, zero} : it->second;
    ASSIGN_OR_RETURN(BudgetFigures f,
                     ComputeFigures(sums.budget, sums.spent, phase.period, in.as_of));
    if (EndingUnspent(f, phase.period, in.as_of)) {
      out.warnings.push_back({StatusWarningCode::kPeriodEndingUnspent, phase.name,
                              "phase " + phase.name + " ends " + IsoDate(phase.period.end) +
                                  " with " + FormatMoney(f.remaining) + " unspent"});
    }
    out.phases.push_back(PhaseStatus{phase.name, phase.period, f});
  }

  // Funders (finansiärer): committed against contributed.
  if (in.unattributed_spent.currency_code != cur) {
    return absl::InvalidArgumentError("unattributed spent in " +
                                      in.unattributed_spent.currency_code);
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> spread, SpreadUnattributed(in));
  for (size_t i = 0; i < in.funders.size(); ++i) {
    const FunderTotals& funder = in.funders[i];
    ASSIGN_OR_RETURN(Money spent, Add(funder.attributed_spent, Money{spread[i], cur}));
    ASSIGN_OR_RETURN(BudgetFigures f,
                     ComputeFigures(funder.committed, spent, in.project_period, in.as_of));
    if (f.spent.minor_units > f.budget.minor_units) {
      out.warnings.push_back({StatusWarningCode::kCommitmentExceeded, funder.funder,
                              "funder " + funder.funder + " contributed " + FormatMoney(f.spent) +
                                  ", more than its commitment " + FormatMoney(f.budget)});
    }
    out.funders.push_back(FunderStatus{funder.funder, funder.kind, f});
  }

  // Periods (månad/kvartal/år): budget spread by days, spent from the month totals.
  const std::vector<Period> periods = CalendarPeriods(in.project_period, in.granularity);
  std::vector<Sums> period_sums(periods.size(), Sums{zero, zero});
  for (size_t l = 0; l < in.lines.size(); ++l) {
    ASSIGN_OR_RETURN(std::vector<Money> parts,
                     SpreadByDays(in.lines[l].budget, line_periods[l], periods));
    for (size_t p = 0; p < periods.size(); ++p) {
      ASSIGN_OR_RETURN(period_sums[p].budget, Add(period_sums[p].budget, parts[p]));
    }
  }
  for (const MonthSpent& m : in.spent_by_month) {
    for (size_t p = 0; p < periods.size(); ++p) {
      if (absl::CivilMonth(periods[p].start) <= m.month &&
          m.month <= absl::CivilMonth(periods[p].end)) {
        ASSIGN_OR_RETURN(period_sums[p].spent, Add(period_sums[p].spent, m.spent));
      }
    }
  }
  for (size_t p = 0; p < periods.size(); ++p) {
    ASSIGN_OR_RETURN(BudgetFigures f, ComputeFigures(period_sums[p].budget, period_sums[p].spent,
                                                     periods[p], in.as_of));
    out.periods.push_back(PeriodStatus{periods[p], f});
  }
  return out;
}

}  // namespace collab::funding
