#include "services/cases/plan_view.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/status_macros.h"
#include "services/cases/case_validation.h"

namespace collab::cases {
namespace {

using google::protobuf::util::TimeUtil;

// Free text limits: long enough for a plan, short enough to keep rows small.
constexpr size_t kMaxPlanText = 4000;
constexpr size_t kMaxActionText = 2000;

std::string Aad(const std::string& plan_id, std::string_view column) {
  return absl::StrCat(plan_id, "/", std::string(column));
}

absl::StatusOr<std::string> Open(const std::string& cipher, const CaseKeys& keys,
                                 const std::string& plan_id, std::string_view column) {
  if (cipher.empty()) return std::string();
  return crypto::AesGcmDecrypt(keys.identity_key, cipher, Aad(plan_id, column));
}

absl::StatusOr<std::string> Seal(const std::string& text, const CaseKeys& keys,
                                 const std::string& plan_id, std::string_view column) {
  if (text.empty()) return std::string();
  return crypto::AesGcmEncrypt(keys.identity_key, text, Aad(plan_id, column));
}

void CheckDate(const collab::common::v1::Date& d, const std::string& field, FieldViolations& v) {
  if (!IsUnset(d) && !ToCivilDay(d)) v.Add(field, "is not a valid date");
}

std::string IsoOrEmpty(const collab::common::v1::Date& d) {
  auto day = ToCivilDay(d);
  return IsUnset(d) || !day ? std::string() : ToIsoDate(*day);
}

collab::common::v1::Date DateOf(const std::string& iso) {
  return iso.empty() ? collab::common::v1::Date() : FromCivilDay(*ParseIsoDate(iso));
}

}  // namespace

std::string PlanName(const std::string& case_id, const std::string& plan_id) {
  return absl::StrCat("cases/", case_id, "/plans/", plan_id);
}

absl::StatusOr<v1::ReturnToWorkPlan> RenderPlan(const PlanRow& row, const CaseKeys& keys) {
  v1::ReturnToWorkPlan p;
  p.set_name(PlanName(row.case_id, row.id));
  p.set_version(row.plan_version);
  p.set_state(static_cast<v1::PlanState>(row.state));
  ASSIGN_OR_RETURN(std::string goal, Open(row.goal_cipher, keys, row.id, "goal"));
  ASSIGN_OR_RETURN(std::string view, Open(row.employee_view_cipher, keys, row.id, "employee_view"));
  p.set_goal(goal);
  *p.mutable_expected_return_date() = DateOf(row.expected_return_date);
  if (row.expected_return_date.empty()) p.clear_expected_return_date();
  p.set_expected_remaining_degree(static_cast<v1::SickLeaveDegree>(row.expected_remaining_degree));
  p.set_employee_participated(row.employee_participated);
  p.set_employee_view(view);
  if (!row.previous_version_id.empty()) {
    p.set_previous_version(PlanName(row.case_id, row.previous_version_id));
  }
  if (row.submit_micros) *p.mutable_submit_time() = TimeUtil::MicrosecondsToTimestamp(*row.submit_micros);
  p.set_submitted_by(row.submitted_by);
  *p.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  *p.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.update_micros);
  p.set_etag(std::to_string(row.version));
  return p;
}

void ValidatePlanInput(const v1::ReturnToWorkPlan& in, FieldViolations& v) {
  if (in.goal().size() > kMaxPlanText) v.Add("plan.goal", "must be at most 4000 characters");
  if (in.employee_view().size() > kMaxPlanText) {
    v.Add("plan.employee_view", "must be at most 4000 characters");
  }
  CheckDate(in.expected_return_date(), "plan.expected_return_date", v);
  if (in.expected_remaining_degree() < 0 || in.expected_remaining_degree() > 4) {
    v.Add("plan.expected_remaining_degree", "must be 25, 50, 75 or 100 percent, or unspecified");
  }
}

absl::Status SealPlanInput(const v1::ReturnToWorkPlan& in, const CaseKeys& keys, PlanRow& row) {
  ASSIGN_OR_RETURN(row.goal_cipher, Seal(in.goal(), keys, row.id, "goal"));
  ASSIGN_OR_RETURN(row.employee_view_cipher, Seal(in.employee_view(), keys, row.id, "employee_view"));
  row.expected_return_date = IsoOrEmpty(in.expected_return_date());
  row.expected_remaining_degree = in.expected_remaining_degree();
  row.employee_participated = in.employee_participated();
  return absl::OkStatus();
}

v1::PlanAction RenderPlanAction(const PlanActionRow& row) {
  v1::PlanAction a;
  a.set_name(absl::StrCat(PlanName(row.case_id, row.plan_id), "/actions/", row.id));
  a.set_kind(static_cast<v1::PlanActionKind>(row.kind));
  a.set_description(row.description);
  if (!row.owner_organisation_id.empty()) {
    a.set_owner_organisation(absl::StrCat("organisations/", row.owner_organisation_id));
  }
  a.set_owner_role(static_cast<v1::PartyRole>(row.owner_role));
  if (!row.start_date.empty()) *a.mutable_start_date() = DateOf(row.start_date);
  if (!row.due_date.empty()) *a.mutable_due_date() = DateOf(row.due_date);
  a.set_state(static_cast<v1::PlanActionState>(row.state));
  a.set_state_note(row.state_note);
  if (row.state_change_micros) {
    *a.mutable_state_change_time() = TimeUtil::MicrosecondsToTimestamp(*row.state_change_micros);
  }
  *a.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  *a.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.update_micros);
  if (row.delete_micros) *a.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(*row.delete_micros);
  a.set_etag(std::to_string(row.version));
  return a;
}

void ValidatePlanActionInput(const v1::PlanAction& in, FieldViolations& v) {
  if (in.kind() == 0 || !v1::PlanActionKind_IsValid(in.kind())) v.Add("action.kind", "is required");
  if (in.description().empty()) v.Add("action.description", "is required");
  else if (in.description().size() > kMaxActionText) {
    v.Add("action.description", "must be at most 2000 characters");
  }
  if (!in.owner_organisation().empty() && OrganisationId(in.owner_organisation()).empty()) {
    v.Add("action.owner_organisation", "must be organisations/{organisation}");
  }
  if (!v1::PartyRole_IsValid(in.owner_role())) v.Add("action.owner_role", "is not a known value");
  CheckDate(in.start_date(), "action.start_date", v);
  CheckDate(in.due_date(), "action.due_date", v);
  auto start = ToCivilDay(in.start_date()), due = ToCivilDay(in.due_date());
  if (!IsUnset(in.start_date()) && !IsUnset(in.due_date()) && start && due && *due < *start) {
    v.Add("action.due_date", "must not be before start_date");
  }
  if (!v1::PlanActionState_IsValid(in.state())) v.Add("action.state", "is not a known value");
  if (in.state_note().size() > kMaxActionText) {
    v.Add("action.state_note", "must be at most 2000 characters");
  }
}

void ApplyPlanActionInput(const v1::PlanAction& in, PlanActionRow& row) {
  row.kind = in.kind();
  row.description = in.description();
  row.owner_organisation_id = OrganisationId(in.owner_organisation());
  row.owner_role = in.owner_role();
  row.start_date = IsoOrEmpty(in.start_date());
  row.due_date = IsoOrEmpty(in.due_date());
  row.state = in.state() == 0 ? v1::PLAN_ACTION_STATE_PLANNED : in.state();
  row.state_note = in.state_note();
}

v1::PlanComment RenderPlanComment(const PlanCommentRow& row) {
  v1::PlanComment c;
  c.set_name(absl::StrCat(PlanName(row.case_id, row.plan_id), "/comments/", row.id));
  c.set_author_kind(static_cast<v1::PlanCommentAuthorKind>(row.author_kind));
  c.set_text(row.text);
  c.set_recorded_by(row.recorded_by);
  *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  return c;
}

}  // namespace collab::cases
