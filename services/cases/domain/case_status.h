#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// The case state machine (ärendestatus), mirroring collab.cases.v1.CaseStatus and the custom
// methods of CaseService (AIP-136: state changes are custom methods, never side effects of
// UpdateCase):
//   OPEN --StartPlanning--> PLANNING --StartInterventions--> IN_PROGRESS
//   OPEN | PLANNING | IN_PROGRESS --MarkReturned--> RETURNED
//   any but CLOSED --CloseCase--> CLOSED (with a reason)
//   RETURNED | CLOSED --ReopenCase--> OPEN
namespace collab::cases {

enum class CaseStatus { kOpen, kPlanning, kInProgress, kReturned, kClosed };

enum class CaseTransition {
  kStartPlanning,
  kStartInterventions,
  kMarkReturned,
  kCloseCase,
  kReopenCase,
};

// Why a case was closed (avslutsorsak); collab.cases.v1.CaseCloseReason.
enum class CloseReason {
  kUnspecified,
  kReturnedToWork,
  kNewEmployment,
  kEmploymentEnded,
  kSicknessCompensation,
  kOldAgePension,
  kTransferredToEmploymentService,
  // No sick-leave period within the re-illness gap: FK statistics end a case only after a gap of
  // at least 5 days (domain.md; see kSpellEndingGapDays in rehab_chain.h).
  kSickLeaveEnded,
  kRegisteredInError,
  kOther,
};

// The status a transition leads to from `from`. FAILED_PRECONDITION naming the transition, the
// current status and the statuses it is allowed from, e.g. "MarkReturned is not allowed in
// status CLOSED (allowed from OPEN, PLANNING, IN_PROGRESS)".
// `close_reason` matters for kCloseCase only: required there (INVALID_ARGUMENT when
// unspecified), ignored otherwise.
absl::StatusOr<CaseStatus> ApplyTransition(CaseStatus from, CaseTransition transition,
                                           CloseReason close_reason = CloseReason::kUnspecified);

// The same rule phrased by target status: OK when some transition leads from `from` to `to`,
// else FAILED_PRECONDITION "case status cannot change from X to Y".
absl::Status CheckTransition(CaseStatus from, CaseStatus to);

// "OPEN", "PLANNING", … as in the proto enum without its prefix; "StartPlanning", ….
std::string_view CaseStatusName(CaseStatus status);
std::string_view CaseTransitionName(CaseTransition transition);

// ErrorInfo reason the service attaches to a refused transition.
inline constexpr std::string_view kIllegalTransitionReason = "CASE_STATUS_TRANSITION_NOT_ALLOWED";

}  // namespace collab::cases
