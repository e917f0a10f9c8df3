#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "collab/cases/v1/plan.pb.h"
#include "libs/common/errors.h"
#include "services/cases/keys.h"
#include "services/cases/plan_store.h"

// Plan rows ↔ protos: the plan's personal text encrypted at rest (associated data = plan id and
// column, so a ciphertext cannot move to another plan or column), input checked field by field
// (INVALID_ARGUMENT naming each, with the caller's field prefix), names built and parsed.
namespace collab::cases {

namespace v1 = collab::cases::v1;

// Updatable through UpdatePlan's / UpdatePlanAction's mask (case_service.proto).
inline const std::vector<std::string_view> kPlanUpdatable = {
    "goal", "expected_return_date", "expected_remaining_degree", "employee_participated",
    "employee_view"};
inline const std::vector<std::string_view> kActionUpdatable = {
    "kind", "description", "owner_organisation", "owner_role", "start_date", "due_date",
    "state", "state_note"};
// In a SUBMITTED plan only the state of a measure moves.
inline const std::vector<std::string_view> kSubmittedActionUpdatable = {"state", "state_note"};

std::string PlanName(const std::string& case_id, const std::string& plan_id);

// DATA_LOSS when a ciphertext does not verify.
absl::StatusOr<v1::ReturnToWorkPlan> RenderPlan(const PlanRow& row, const CaseKeys& keys);
// Checks the editable fields of `in` (prefix "plan.") into `v`.
void ValidatePlanInput(const v1::ReturnToWorkPlan& in, FieldViolations& v);
// Writes the editable fields of `in` into `row`, encrypting the text under row.id.
absl::Status SealPlanInput(const v1::ReturnToWorkPlan& in, const CaseKeys& keys, PlanRow& row);

v1::PlanAction RenderPlanAction(const PlanActionRow& row);
// Checks the editable fields (prefix "action."): kind and description required, dates valid and
// ordered, owner organisation a name, state known (unset means PLANNED on create).
void ValidatePlanActionInput(const v1::PlanAction& in, FieldViolations& v);
// The editable fields of a validated `in` into `row`.
void ApplyPlanActionInput(const v1::PlanAction& in, PlanActionRow& row);

v1::PlanComment RenderPlanComment(const PlanCommentRow& row);

}  // namespace collab::cases
