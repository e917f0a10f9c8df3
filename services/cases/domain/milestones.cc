#include "services/cases/domain/milestones.h"

#include <algorithm>
#include <string>

#include "libs/common/dates.h"

namespace collab::cases {
namespace {

// Fills state, met_on and met_late of a milestone whose window and due date are set.
void Settle(Milestone& m, const MilestoneInputs& inputs, bool waived) {
  auto met = inputs.met_on.find(m.kind);
  if (met != inputs.met_on.end()) {
    m.state = MilestoneState::kMet;
    m.met_on = met->second;
    m.met_late = met->second > m.due_date;
  } else if (waived) {
    m.state = MilestoneState::kWaived;
  } else {
    m.state = OpenState(m.window_start, m.due_date, inputs.today);
  }
}

// Employer's report to FK (arbetsgivarens sjukanmälan): FK employer pages, domain.md. It
// belongs to a sick-pay period, i.e. a spell: a spell after a gap of 5 days or more starts a
// new sick-pay period and needs a new report. The milestone follows the latest spell that
// reaches (or, ongoing, will reach) day 15; a report recorded before that spell's window
// opened was for an earlier spell and does not meet it.
std::optional<Milestone> EmployerReport(const RehabChain& chain, const MilestoneInputs& inputs) {
  for (int s = static_cast<int>(chain.spells().size()) - 1; s >= 0; --s) {
    std::optional<absl::CivilDay> first = chain.DateOfSpellDay(s, kEmployerReportFirstDay);
    if (!first) continue;
    std::optional<absl::CivilDay> last_sick_pay_day = chain.DateOfSpellDay(s, kSickPayPeriodDays);
    Milestone m{MilestoneKind::kEmployerReport};
    m.due_chain_day = kSickPayPeriodDays + kEmployerReportDaysAfterSickPay;  // 21
    m.window_start = *first;
    // "No later than 7 days after the end of the sick-pay period": calendar days after day 14,
    // which is day 21 when the sick leave is continuous.
    m.due_date = *last_sick_pay_day + kEmployerReportDaysAfterSickPay;
    m.projected = m.window_start > inputs.today;
    MilestoneInputs own = inputs;
    auto met = own.met_on.find(MilestoneKind::kEmployerReport);
    if (met != own.met_on.end() && met->second < m.window_start) own.met_on.erase(met);
    Settle(m, own, /*waived=*/false);
    return m;
  }
  return std::nullopt;
}

// Return-to-work plan (plan för återgång i arbete), SFB 30 kap. 6 §.
std::optional<Milestone> ReturnToWorkPlan(const RehabChain& chain, const MilestoneInputs& inputs) {
  Milestone m{MilestoneKind::kReturnToWorkPlan};
  m.due_chain_day = kPlanDueChainDay;
  std::optional<absl::CivilDay> day30 = chain.DateOfChainDay(kPlanDueChainDay);
  // The law counts "30 days from the day work capacity became reduced"; when the recorded
  // periods stop before chain day 30 but a long absence is expected, fall back to calendar
  // day 30 from the first sick day.
  m.due_date = day30 ? *day30 : chain.first_sick_day() + (kPlanDueChainDay - 1);
  m.projected = m.due_date > inputs.today;
  // "If that becomes clear later, the plan is due at once."
  if (inputs.plan_need_known_on && *inputs.plan_need_known_on > m.due_date) {
    m.due_date = *inputs.plan_need_known_on;
    m.projected = false;
  }
  m.window_start = m.due_date;
  const bool expected_long = inputs.expected_duration_days.value_or(0) >= kPlanRequiredMinDays;
  if (!expected_long && !day30 && !inputs.met_on.count(m.kind)) {
    return std::nullopt;  // neither required nor reached: nothing to show
  }
  const bool waived = !PlanRequired(inputs.expected_duration_days, inputs.plan_exemption);
  if (waived && expected_long) m.exemption = inputs.plan_exemption;
  Settle(m, inputs, waived);
  return m;
}

std::optional<Milestone> Assessment(const RehabChain& chain, const MilestoneInputs& inputs,
                                    MilestoneKind kind, int chain_day) {
  std::optional<absl::CivilDay> due = chain.DateOfChainDay(chain_day);
  if (!due) return std::nullopt;  // the periods end before this chain day
  Milestone m{kind};
  m.due_chain_day = chain_day;
  m.due_date = *due;
  m.window_start = *due;
  m.projected = *due > inputs.today;
  Settle(m, inputs, /*waived=*/false);
  return m;
}

}  // namespace

MilestoneState OpenState(absl::CivilDay window_start, absl::CivilDay due_date,
                         absl::CivilDay today) {
  if (today < window_start) return MilestoneState::kUpcoming;
  if (today <= due_date) return MilestoneState::kDue;
  return MilestoneState::kOverdue;
}

bool PlanRequired(std::optional<int> expected_duration_days,
                  std::optional<PlanExemptionReason> exemption) {
  // SFB 30 kap. 6 §: expected reduced capacity of at least 60 days, no recorded exemption.
  return expected_duration_days.value_or(0) >= kPlanRequiredMinDays && !exemption.has_value();
}

std::vector<Milestone> ComputeMilestones(const RehabChain& chain, const MilestoneInputs& inputs) {
  std::vector<Milestone> out;
  if (chain.empty()) return out;
  auto add = [&out](std::optional<Milestone> m) {
    if (m) out.push_back(*m);
  };
  add(EmployerReport(chain, inputs));
  add(ReturnToWorkPlan(chain, inputs));
  // SFB 27 kap. 47 §: from day 91 any work at the employer.
  add(Assessment(chain, inputs, MilestoneKind::kAssessmentDay90, kAssessmentDay90));
  // SFB 27 kap. 48 §: from day 181 work normally found on the labour market.
  add(Assessment(chain, inputs, MilestoneKind::kDay180, kAssessmentDay180));
  // SFB 27 kap. 49 §: from day 366 without the exceptions of day 181.
  add(Assessment(chain, inputs, MilestoneKind::kDay365, kAssessmentDay365));
  std::sort(out.begin(), out.end(), [](const Milestone& a, const Milestone& b) {
    return a.due_date != b.due_date ? a.due_date < b.due_date : a.kind < b.kind;
  });
  return out;
}

absl::Status CheckMetDate(const Milestone& milestone, absl::CivilDay met_on, absl::CivilDay today) {
  if (met_on > today) {
    return absl::InvalidArgumentError("met date " + ToIsoDate(met_on) + " is in the future");
  }
  if (milestone.kind == MilestoneKind::kEmployerReport && met_on < milestone.window_start) {
    // FK employer pages: the report is made no earlier than day 15.
    return absl::FailedPreconditionError(
        "the employer's report to FK can be made no earlier than sick day 15 (" +
        ToIsoDate(milestone.window_start) + ")");
  }
  return absl::OkStatus();
}

std::string_view MilestoneId(MilestoneKind kind) {
  switch (kind) {
    case MilestoneKind::kEmployerReport:
      return "employer-report";
    case MilestoneKind::kReturnToWorkPlan:
      return "return-to-work-plan";
    case MilestoneKind::kAssessmentDay90:
      return "assessment-day-90";
    case MilestoneKind::kDay180:
      return "day-180";
    case MilestoneKind::kDay365:
      return "day-365";
  }
  return "";
}

std::optional<MilestoneKind> MilestoneKindFromId(std::string_view id) {
  for (MilestoneKind k :
       {MilestoneKind::kEmployerReport, MilestoneKind::kReturnToWorkPlan,
        MilestoneKind::kAssessmentDay90, MilestoneKind::kDay180, MilestoneKind::kDay365}) {
    if (MilestoneId(k) == id) return k;
  }
  return std::nullopt;
}

}  // namespace collab::cases
