#include "services/cases/domain/case_status.h"

#include <string>

namespace collab::cases {
namespace {

constexpr CaseStatus kAllStatuses[] = {CaseStatus::kOpen, CaseStatus::kPlanning,
                                       CaseStatus::kInProgress, CaseStatus::kReturned,
                                       CaseStatus::kClosed};
constexpr CaseTransition kAllTransitions[] = {
    CaseTransition::kStartPlanning, CaseTransition::kStartInterventions,
    CaseTransition::kMarkReturned, CaseTransition::kCloseCase, CaseTransition::kReopenCase};

// The transition table of case.proto (CaseStatus comment).
bool AllowedFrom(CaseTransition t, CaseStatus from) {
  switch (t) {
    case CaseTransition::kStartPlanning:
      return from == CaseStatus::kOpen;
    case CaseTransition::kStartInterventions:
      return from == CaseStatus::kPlanning;
    case CaseTransition::kMarkReturned:
      return from == CaseStatus::kOpen || from == CaseStatus::kPlanning ||
             from == CaseStatus::kInProgress;
    case CaseTransition::kCloseCase:
      return from != CaseStatus::kClosed;
    case CaseTransition::kReopenCase:
      return from == CaseStatus::kReturned || from == CaseStatus::kClosed;
  }
  return false;
}

CaseStatus Target(CaseTransition t) {
  switch (t) {
    case CaseTransition::kStartPlanning:
      return CaseStatus::kPlanning;
    case CaseTransition::kStartInterventions:
      return CaseStatus::kInProgress;
    case CaseTransition::kMarkReturned:
      return CaseStatus::kReturned;
    case CaseTransition::kCloseCase:
      return CaseStatus::kClosed;
    case CaseTransition::kReopenCase:
      return CaseStatus::kOpen;
  }
  return CaseStatus::kOpen;
}

}  // namespace

absl::StatusOr<CaseStatus> ApplyTransition(CaseStatus from, CaseTransition transition,
                                           CloseReason close_reason) {
  if (!AllowedFrom(transition, from)) {
    std::string allowed;
    for (CaseStatus s : kAllStatuses) {
      if (!AllowedFrom(transition, s)) continue;
      if (!allowed.empty()) allowed += ", ";
      allowed += CaseStatusName(s);
    }
    return absl::FailedPreconditionError(
        std::string(CaseTransitionName(transition)) + " is not allowed in status " +
        std::string(CaseStatusName(from)) + " (allowed from " + allowed + ")");
  }
  if (transition == CaseTransition::kCloseCase && close_reason == CloseReason::kUnspecified) {
    return absl::InvalidArgumentError("close_reason: a case is closed with a reason");
  }
  return Target(transition);
}

absl::Status CheckTransition(CaseStatus from, CaseStatus to) {
  for (CaseTransition t : kAllTransitions) {
    if (Target(t) == to && AllowedFrom(t, from)) return absl::OkStatus();
  }
  return absl::FailedPreconditionError("case status cannot change from " +
                                       std::string(CaseStatusName(from)) + " to " +
                                       std::string(CaseStatusName(to)));
}

std::string_view CaseStatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kOpen:
      return "OPEN";
    case CaseStatus::kPlanning:
      return "PLANNING";
    case CaseStatus::kInProgress:
      return "IN_PROGRESS";
    case CaseStatus::kReturned:
      return "RETURNED";
    case CaseStatus::kClosed:
      return "CLOSED";
  }
  return "UNSPECIFIED";
}

std::string_view CaseTransitionName(CaseTransition transition) {
  switch (transition) {
    case CaseTransition::kStartPlanning:
      return "StartPlanning";
    case CaseTransition::kStartInterventions:
      return "StartInterventions";
    case CaseTransition::kMarkReturned:
      return "MarkReturned";
    case CaseTransition::kCloseCase:
      return "CloseCase";
    case CaseTransition::kReopenCase:
      return "ReopenCase";
  }
  return "Unknown";
}

}  // namespace collab::cases
