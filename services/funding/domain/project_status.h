#pragma once

#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

// The project state machine (projektstatus), mirroring collab.funding.v1.ProjectStatus and the
// custom methods of FundingService (conventions.md: state changes are custom methods):
//   DRAFT --SubmitProject--> SUBMITTED --ApproveProject (every funder)--> APPROVED
//   SUBMITTED --ReturnProject--> DRAFT;  APPROVED --ActivateProject--> ACTIVE
//   ACTIVE --CloseProject--> CLOSED
// SubmitProject and ApproveProject also require a balanced budget (balance.h, CheckBalanced).
namespace collab::funding {

enum class ProjectStatus {
  kDraft,      // utkast: budget and financing editable
  kSubmitted,  // inskickad ansökan: waiting for the funders' decisions
  kApproved,   // beviljad by every funder with a commitment
  kActive,     // pågående: costs and in-kind time are booked
  kClosed,     // avslutat
};

enum class ProjectTransition { kSubmit, kApprove, kReturn, kActivate, kClose };

// The status `transition` leads to from `from`. FAILED_PRECONDITION with ErrorInfo reason
// PROJECT_STATUS_TRANSITION_NOT_ALLOWED otherwise, naming the method, the current status and
// where it is allowed from: "ActivateProject is not allowed in status DRAFT (allowed from
// APPROVED)". kApprove leads to APPROVED; while funders are still outstanding use
// StatusAfterApproval.
absl::StatusOr<ProjectStatus> ApplyProjectTransition(ProjectStatus from,
                                                     ProjectTransition transition);

// One funder's approval (beslut om medfinansiering) of a SUBMITTED project: the project becomes
// APPROVED when every funder with a commitment has approved, and stays SUBMITTED until then.
// FAILED_PRECONDITION when not SUBMITTED; PERMISSION_DENIED when `approving_funder` has no
// commitment. `approved_funders` are the approvals recorded before this one.
absl::StatusOr<ProjectStatus> StatusAfterApproval(ProjectStatus from,
                                                  const std::set<std::string>& committed_funders,
                                                  const std::set<std::string>& approved_funders,
                                                  const std::string& approving_funder);

// Bookings (LedgerEntry) are accepted only while ACTIVE (proto ProjectStatus ACTIVE: "costs and
// in-kind time are booked"); FAILED_PRECONDITION otherwise.
absl::Status CheckCanBook(ProjectStatus status);

// "DRAFT", … as the proto enum without its prefix; "SubmitProject", ….
std::string_view ProjectStatusName(ProjectStatus status);
std::string_view ProjectTransitionName(ProjectTransition transition);

}  // namespace collab::funding
