#include "services/funding/domain/project_status.h"

#include "absl/status/status.h"
#include "libs/common/errors.h"
#include "services/funding/domain/error_reasons.h"

namespace collab::funding {

std::string_view ProjectStatusName(ProjectStatus status) {
  switch (status) {
    case ProjectStatus::kDraft:
      return "DRAFT";
    case ProjectStatus::kSubmitted:
      return "SUBMITTED";
    case ProjectStatus::kApproved:
      return "APPROVED";
    case ProjectStatus::kActive:
      return "ACTIVE";
    case ProjectStatus::kClosed:
      return "CLOSED";
  }
  return "UNSPECIFIED";
}

std::string_view ProjectTransitionName(ProjectTransition transition) {
  switch (transition) {
    case ProjectTransition::kSubmit:
      return "SubmitProject";
    case ProjectTransition::kApprove:
      return "ApproveProject";
    case ProjectTransition::kReturn:
      return "ReturnProject";
    case ProjectTransition::kActivate:
      return "ActivateProject";
    case ProjectTransition::kClose:
      return "CloseProject";
  }
  return "Unknown";
}

namespace {

struct Edge {
  ProjectStatus from;
  ProjectStatus to;
};

// The whole table: one source status per method (proto ProjectStatus comment).
Edge EdgeOf(ProjectTransition transition) {
  switch (transition) {
    case ProjectTransition::kSubmit:
      return {ProjectStatus::kDraft, ProjectStatus::kSubmitted};
    case ProjectTransition::kApprove:
      return {ProjectStatus::kSubmitted, ProjectStatus::kApproved};
    case ProjectTransition::kReturn:
      return {ProjectStatus::kSubmitted, ProjectStatus::kDraft};
    case ProjectTransition::kActivate:
      return {ProjectStatus::kApproved, ProjectStatus::kActive};
    case ProjectTransition::kClose:
      return {ProjectStatus::kActive, ProjectStatus::kClosed};
  }
  return {ProjectStatus::kClosed, ProjectStatus::kClosed};
}

absl::Status NotAllowed(ProjectStatus from, ProjectTransition transition) {
  const std::string message = std::string(ProjectTransitionName(transition)) +
                              " is not allowed in status " + std::string(ProjectStatusName(from)) +
                              " (allowed from " +
                              std::string(ProjectStatusName(EdgeOf(transition).from)) + ")";
  return WithErrorInfo(absl::FailedPreconditionError(message), kProjectTransitionReason,
                       kErrorDomain);
}

}  // namespace

absl::StatusOr<ProjectStatus> ApplyProjectTransition(ProjectStatus from,
                                                     ProjectTransition transition) {
  const Edge edge = EdgeOf(transition);
  if (edge.from != from) return NotAllowed(from, transition);
  return edge.to;
}

absl::StatusOr<ProjectStatus> StatusAfterApproval(ProjectStatus from,
                                                  const std::set<std::string>& committed_funders,
                                                  const std::set<std::string>& approved_funders,
                                                  const std::string& approving_funder) {
  if (from != ProjectStatus::kSubmitted) return NotAllowed(from, ProjectTransition::kApprove);
  if (committed_funders.count(approving_funder) == 0) {
    return absl::PermissionDeniedError(approving_funder + " has no commitment to the project");
  }
  for (const std::string& funder : committed_funders) {
    if (funder != approving_funder && approved_funders.count(funder) == 0) {
      return ProjectStatus::kSubmitted;  // still waiting for this funder's decision
    }
  }
  return ProjectStatus::kApproved;
}

absl::Status CheckCanBook(ProjectStatus status) {
  if (status == ProjectStatus::kActive) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "entries can be booked only while the project is ACTIVE, "
      "not " +
      std::string(ProjectStatusName(status)));
}

}  // namespace collab::funding
