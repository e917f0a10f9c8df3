#pragma once

#include <optional>
#include <string>

#include "libs/common/dates.h"
#include "services/cases/test/case_service_fixture.h"
#include "tests/support/status_details.h"

// Shared steps of the plan and meeting tests: the parties of employer A's cases as principals,
// a case with an ongoing sick-leave period (so its milestones exist), a draft plan and an action.
namespace collab::cases {

namespace cv1 = collab::common::v1;

class PlanFixture : public CaseServiceTest {
 protected:
  static auth::Principal Hr() { return P(cv1::ROLE_EMPLOYER_HR, employer_a_, "hr-a"); }
  static auth::Principal Manager() {
    return P(cv1::ROLE_EMPLOYER_MANAGER, employer_a_, "mgr-a1", unit_a1_);
  }
  static auth::Principal Oh() { return P(cv1::ROLE_OCCUPATIONAL_HEALTH, oh_, "oh"); }
  static auth::Principal Agency() { return P(cv1::ROLE_AGENCY_SYSTEM, fk_, "fk-integration"); }
  // Parties of other cases: employer B's HR, the manager of unit A2, a case worker at office F2.
  static auth::Principal ForeignHr() { return P(cv1::ROLE_EMPLOYER_HR, employer_b_, "hr-b"); }
  static auth::Principal OtherUnitManager() {
    return P(cv1::ROLE_EMPLOYER_MANAGER, employer_a_, "mgr-a2", unit_a2_);
  }
  static auth::Principal OtherOfficeCaseWorker() {
    return P(cv1::ROLE_CASE_WORKER, fk_, "cw-f2", "", f2_);
  }

  static cv1::Date D(int y, int m, int d) {
    cv1::Date out;
    out.set_year(y);
    out.set_month(m);
    out.set_day(d);
    return out;
  }

  // A case of employer A (SampleCase(n), or first sick on `first`) with one ongoing full-time
  // period from its first sick day; the plan is required (expected 90 days).
  static v1::Case CaseWithPeriod(int n, std::optional<absl::CivilDay> first = std::nullopt) {
    v1::Case sample = SampleCase(n);
    if (first) *sample.mutable_first_sick_day() = FromCivilDay(*first);
    const v1::Case c = Create(sample);
    v1::CreateSickLeavePeriodRequest req;
    req.set_parent(c.name());
    *req.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = c.first_sick_day();
    req.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_100);
    v1::SickLeavePeriod out;
    grpc::Status s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return c;
  }

  static v1::ReturnToWorkPlan PlanInput() {
    v1::ReturnToWorkPlan p;
    p.set_goal("Tillbaka i ordinarie arbete på heltid");
    *p.mutable_expected_return_date() = D(2027, 1, 15);
    p.set_expected_remaining_degree(v1::SICK_LEAVE_DEGREE_UNSPECIFIED);
    p.set_employee_participated(true);
    p.set_employee_view("Vill börja med förmiddagar");
    return p;
  }

  static grpc::Status CreatePlan(const auth::Principal& who, const std::string& case_name,
                                 v1::ReturnToWorkPlan* out, bool copy_actions = false) {
    v1::CreatePlanRequest req;
    req.set_parent(case_name);
    *req.mutable_plan() = PlanInput();
    req.set_copy_current_actions(copy_actions);
    return stub_->CreatePlan(Ctx(who).get(), req, out);
  }

  static v1::PlanAction ActionInput() {
    v1::PlanAction a;
    a.set_kind(v1::PLAN_ACTION_KIND_ADAPTED_HOURS);
    a.set_description("Arbetstid 50 % förmiddagar i fyra veckor");
    a.set_owner_organisation("organisations/" + employer_a_);
    a.set_owner_role(v1::PARTY_ROLE_FIRST_LINE_MANAGER);
    *a.mutable_start_date() = D(2026, 12, 1);
    *a.mutable_due_date() = D(2026, 12, 31);
    return a;
  }

  static grpc::Status AddAction(const auth::Principal& who, const std::string& plan_name,
                                v1::PlanAction* out, v1::PlanAction in = ActionInput()) {
    v1::CreatePlanActionRequest req;
    req.set_parent(plan_name);
    *req.mutable_action() = std::move(in);
    return stub_->CreatePlanAction(Ctx(who).get(), req, out);
  }

  static grpc::Status Submit(const auth::Principal& who, const std::string& plan_name,
                             v1::ReturnToWorkPlan* out) {
    v1::SubmitPlanRequest req;
    req.set_name(plan_name);
    return stub_->SubmitPlan(Ctx(who).get(), req, out);
  }

  // The case's return-to-work-plan milestone, as GetMilestone shows it, and its state.
  static v1::Milestone PlanMilestoneOf(const std::string& case_name) {
    v1::GetMilestoneRequest req;
    req.set_name(case_name + "/milestones/return-to-work-plan");
    v1::Milestone m;
    grpc::Status s = stub_->GetMilestone(Ctx(CaseWorker()).get(), req, &m);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return m;
  }
  static v1::MilestoneState PlanMilestone(const std::string& case_name) {
    return PlanMilestoneOf(case_name).state();
  }

  static int64_t AuditRows(const std::string& case_name) {
    return Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(case_name) + "'");
  }
  static int64_t AuditRows(const std::string& case_name, const std::string& resource,
                           v1::AuditAction action) {
    return Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(case_name) +
                 "' AND resource = '" + resource + "' AND action = " + std::to_string(action));
  }
};

}  // namespace collab::cases
