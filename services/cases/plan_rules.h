#pragma once

#include <vector>

#include "absl/status/status.h"
#include "collab/cases/v1/plan.pb.h"
#include "services/cases/case_scope.h"

// Who writes what of the return-to-work plan, and when a plan may be submitted (domain.md,
// "Sick-leave timeline" and "Typical plan measures"; plan.proto). The gateway's policy table
// admits every case role to the plan methods; these sets narrow each object to its owners.
namespace collab::cases {

// SFB 30 kap. 6 §: the employer draws up the plan (HR or the first-line manager).
inline const WriterRoles kPlanDrafters = {Role::kEmployerHr, Role::kEmployerManager};
// The measures: the employer, and the occupational health provider it engaged for them
// (method_policy.cc: "occupational health contributes to plans, not the case").
inline const WriterRoles kPlanActionWriters = {Role::kEmployerHr, Role::kEmployerManager,
                                               Role::kOccupationalHealth};
// Comments (synpunkter): FK, the employer, occupational health, and the employee through any
// of them (PlanCommentAuthorKind).
inline const WriterRoles kPlanCommenters = {Role::kCaseWorker, Role::kAgencySystem,
                                            Role::kEmployerHr, Role::kEmployerManager,
                                            Role::kOccupationalHealth};
// SFB 30 kap. 6 § andra stycket: the exemption is the employer's finding, which FK may also
// record (method_policy.cc kCaseWriters).
inline const WriterRoles kPlanExemptionWriters = {Role::kEmployerHr, Role::kEmployerManager,
                                                  Role::kCaseWorker, Role::kAgencySystem};
// FK may request the plan (domain.md, "Typical plan measures").
inline const WriterRoles kPlanRequesters = {Role::kCaseWorker, Role::kAgencySystem};

// May this viewer record a comment as `kind`? Each party speaks for itself; anyone who may
// comment may record the employee's own comment on the employee's behalf.
bool MayCommentAs(const Viewer& viewer, collab::cases::v1::PlanCommentAuthorKind kind);

// SubmitPlan requires a goal, an expected return date and at least one live action
// (case_service.proto): FAILED_PRECONDITION naming every missing part, with ErrorInfo reason
// "PLAN_INCOMPLETE" in `error_domain`.
absl::Status CheckSubmittable(const collab::cases::v1::ReturnToWorkPlan& plan, int live_actions,
                              std::string_view error_domain);
inline constexpr char kPlanIncompleteReason[] = "PLAN_INCOMPLETE";
// FAILED_PRECONDITION with ErrorInfo reason "PLAN_STATE": a change the state of the plan (or of
// the case's plan facts) forbids, e.g. editing a SUBMITTED version.
inline constexpr char kPlanStateReason[] = "PLAN_STATE";
absl::Status PlanStateError(std::string_view error_domain, std::string message);

}  // namespace collab::cases
