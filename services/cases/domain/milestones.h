#pragma once

#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/cases/domain/rehab_chain.h"

// Milestones of the rehabilitation chain (milstolpar i rehabiliteringskedjan), computed from the
// periods and a few recorded facts, never typed in (domain.md, "Milestones the case service
// computes"; proto collab.cases.v1.Milestone).
//
// States relative to `today` (all dates inclusive):
//   MET       a met date is recorded (even if late: met_late says so), whatever else holds
//   WAIVED    the plan only: not required (expected < 60 days, or an exemption is recorded)
//   UPCOMING  today < window_start
//   DUE       window_start ≤ today ≤ due_date
//   OVERDUE   today > due_date
// Windows: the employer report opens on spell day 15 and closes 7 calendar days after the
// sick-pay period (on day 21 when the sick leave is continuous); every other milestone's window
// is its due date alone (window_start = due_date, as the proto says), so it is DUE on that day.
// A milestone whose chain day the periods never reach (closed periods ending earlier) is not
// produced; it appears once a period reaches or, ongoing, is projected to reach it. The plan is
// the exception: once required (expected ≥ 60 days) it is produced even if the recorded periods
// stop before chain day 30, falling back to calendar day 30 from the first sick day.
namespace collab::cases {

enum class MilestoneKind {
  kEmployerReport,    // sjukanmälan till FK, day 15–21
  kReturnToWorkPlan,  // plan för återgång i arbete, day 30 (SFB 30 kap. 6 §)
  kAssessmentDay90,   // SFB 27 kap. 47 §
  kDay180,            // SFB 27 kap. 48 §
  kDay365,            // SFB 27 kap. 49 §
};

enum class MilestoneState { kUpcoming, kDue, kMet, kOverdue, kWaived };

// SFB 30 kap. 6 § andra stycket: why no return-to-work plan is required.
enum class PlanExemptionReason {
  kExpectedFullReturnWithin60Days,
  kHealthPreventsReturn,
  kReturnImpossible,
};

// Employer report window: from the first day FK pays (day 15) to 7 calendar days after the
// sick-pay period (day 14) ends (FK employer pages; domain.md).
inline constexpr int kEmployerReportFirstDay = kSickPayPeriodDays + 1;  // 15
inline constexpr int kEmployerReportDaysAfterSickPay = 7;               // → day 21
// The plan is due by day 30 when work capacity is expected to be reduced for at least 60 days
// (SFB 30 kap. 6 §, in force since 2018-07-01).
inline constexpr int kPlanDueChainDay = 30;
inline constexpr int kPlanRequiredMinDays = 60;
// Assessment days of the rehabilitation chain (SFB 27 kap. 46–49 §§).
inline constexpr int kAssessmentDay90 = 90;
inline constexpr int kAssessmentDay180 = 180;
inline constexpr int kAssessmentDay365 = 365;

struct MilestoneInputs {
  absl::CivilDay today;
  // Expected length of reduced work capacity, counted from the first sick day. Unknown counts
  // as not long: the plan is then WAIVED until the expectation is recorded.
  std::optional<int> expected_duration_days;
  // When the need for a plan became known: an expectation of ≥ 60 days recorded, or a plan
  // exemption cleared (ClearPlanExemption). Later than chain day 30 → the plan is due at once,
  // on that date (SFB 30 kap. 6 §: "if that becomes clear later"). Unset: known from the start.
  std::optional<absl::CivilDay> plan_need_known_on;
  std::optional<PlanExemptionReason> plan_exemption;
  // When each milestone was met: report made, plan submitted (SubmitPlan), assessment made.
  std::map<MilestoneKind, absl::CivilDay> met_on;
};

struct Milestone {
  MilestoneKind kind;
  int due_chain_day = 0;  // 21, 30, 90, 180, 365
  absl::CivilDay window_start;
  absl::CivilDay due_date;
  MilestoneState state = MilestoneState::kUpcoming;
  std::optional<absl::CivilDay> met_on;
  bool met_late = false;  // met after due_date
  // The due date rests on sick days after `today` (an ongoing or planned period) and moves if
  // the periods change.
  bool projected = false;
  // Set for a WAIVED plan with a recorded exemption; unset when waived as not expected long.
  std::optional<PlanExemptionReason> exemption;
};

// The milestones of a case in due-date order, ties in kind order (ListMilestones pages on it).
// Empty when the chain has no periods.
std::vector<Milestone> ComputeMilestones(const RehabChain& chain, const MilestoneInputs& inputs);

// State of a milestone that is neither met nor waived, on `today` (see the table above).
MilestoneState OpenState(absl::CivilDay window_start, absl::CivilDay due_date,
                         absl::CivilDay today);

// SFB 30 kap. 6 §: required when expected ≥ 60 days and no exemption is recorded.
bool PlanRequired(std::optional<int> expected_duration_days,
                  std::optional<PlanExemptionReason> exemption);

// Checks a met date given to MarkMilestoneMet / SubmitPlan: not after `today`
// (INVALID_ARGUMENT); the employer report not before its window opens, since FK takes no
// report before day 15 (FAILED_PRECONDITION).
absl::Status CheckMetDate(const Milestone& milestone, absl::CivilDay met_on, absl::CivilDay today);

// Resource id of a milestone: "employer-report", "return-to-work-plan", "assessment-day-90",
// "day-180", "day-365" (proto Milestone.name).
std::string_view MilestoneId(MilestoneKind kind);
std::optional<MilestoneKind> MilestoneKindFromId(std::string_view id);

}  // namespace collab::cases
