#include "services/cases/plan_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"

namespace collab::cases {

namespace v1 = collab::cases::v1;

bool MayCommentAs(const Viewer& viewer, v1::PlanCommentAuthorKind kind) {
  auto has = [&](std::initializer_list<Role> roles) {
    return std::any_of(viewer.roles.begin(), viewer.roles.end(), [&](Role r) {
      return std::find(roles.begin(), roles.end(), r) != roles.end();
    });
  };
  switch (kind) {
    case v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER:
      return has({Role::kCaseWorker, Role::kAgencySystem});
    case v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER:
      return has({Role::kEmployerHr, Role::kEmployerManager});
    case v1::PLAN_COMMENT_AUTHOR_KIND_OCCUPATIONAL_HEALTH:
      return has({Role::kOccupationalHealth});
    case v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE:
      return MayWrite(viewer, kPlanCommenters);
    default:
      return false;
  }
}

absl::Status CheckSubmittable(const v1::ReturnToWorkPlan& plan, int live_actions,
                              std::string_view error_domain) {
  std::vector<std::string> missing;
  if (plan.goal().empty()) missing.push_back("goal is required");
  if (IsUnset(plan.expected_return_date())) missing.push_back("expected_return_date is required");
  if (live_actions == 0) missing.push_back("at least one action is required");
  if (missing.empty()) return absl::OkStatus();
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           "the plan cannot be submitted: ", absl::StrJoin(missing, "; "))),
                       kPlanIncompleteReason, error_domain);
}

absl::Status PlanStateError(std::string_view error_domain, std::string message) {
  return WithErrorInfo(absl::FailedPreconditionError(std::move(message)), kPlanStateReason,
                       error_domain);
}

}  // namespace collab::cases
