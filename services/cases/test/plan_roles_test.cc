// Who sees and writes what of the plan, table-driven over the roles (domain.md, "Who sees what";
// SFB 30 kap. 6 §: the employer draws up the plan, FK may request it; plan_rules.h). A case the
// caller may not see answers NOT_FOUND whatever the method; a visible case whose object the role
// may not write answers PERMISSION_DENIED; roles outside the gateway's policy are refused first.
#include "services/cases/test/plan_fixture.h"

namespace collab::cases {
namespace {

using grpc::StatusCode;
constexpr StatusCode OK = StatusCode::OK, NF = StatusCode::NOT_FOUND,
                     PD = StatusCode::PERMISSION_DENIED;

struct RoleRow {
  std::string label;
  std::function<auth::Principal()> who;
  v1::PlanCommentAuthorKind own_kind;
  StatusCode create_plan, get_plan, create_action, comment, exemption, request_plan;
};

class PlanRolesTest : public PlanFixture {};

TEST_F(PlanRolesTest, EachRoleSeesAndWritesWhatTheDomainAllows) {
  const std::vector<RoleRow> rows = {
      {"EMPLOYER_HR", Hr, v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, OK, OK, OK, OK, OK, PD},
      {"EMPLOYER_MANAGER", Manager, v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, OK, OK, OK, OK, OK, PD},
      {"OCCUPATIONAL_HEALTH", Oh, v1::PLAN_COMMENT_AUTHOR_KIND_OCCUPATIONAL_HEALTH, PD, OK, OK, OK, PD, PD},
      {"CASE_WORKER", [] { return CaseWorker(); }, v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER, PD, OK, PD, OK, OK, OK},
      {"AGENCY_SYSTEM", Agency, v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER, PD, OK, PD, OK, OK, OK},
      {"EMPLOYER_HR of another employer", ForeignHr, v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, NF, NF, NF, NF, NF, PD},
      {"EMPLOYER_MANAGER of another unit", OtherUnitManager, v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, NF, NF, NF, NF, NF, PD},
      {"CASE_WORKER of another office", OtherOfficeCaseWorker, v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER, NF, NF, NF, NF, NF, NF},
      {"ANALYST", [] { return P(cv1::ROLE_ANALYST, employer_a_, "analyst"); },
       v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, PD, PD, PD, PD, PD, PD},
      {"ADMIN", [] { return Admin(); }, v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, PD, PD, PD, PD, PD, PD},
  };
  int n = 200;
  for (const RoleRow& row : rows) {
    SCOPED_TRACE(row.label);
    const auth::Principal who = row.who();
    const v1::Case c = CaseWithPeriod(n++);

    v1::ReturnToWorkPlan plan;
    EXPECT_EQ(CreatePlan(who, c.name(), &plan).error_code(), row.create_plan);
    if (row.create_plan != OK) {
      ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
    }

    const int64_t reads_before = AuditRows(c.name(), plan.name(), v1::AUDIT_ACTION_READ);
    v1::GetPlanRequest get;
    get.set_name(plan.name());
    v1::ReturnToWorkPlan got;
    EXPECT_EQ(stub_->GetPlan(Ctx(who).get(), get, &got).error_code(), row.get_plan);
    // Every read that answers appends its audit row; a refused one leaves none.
    EXPECT_EQ(AuditRows(c.name(), plan.name(), v1::AUDIT_ACTION_READ) - reads_before,
              row.get_plan == OK ? 1 : 0);
    if (row.get_plan == OK) {
      EXPECT_EQ(got.goal(), plan.goal());
    }

    v1::PlanAction action;
    EXPECT_EQ(AddAction(who, plan.name(), &action).error_code(), row.create_action);

    v1::CreatePlanCommentRequest comment;
    comment.set_parent(plan.name());
    comment.mutable_comment()->set_author_kind(row.own_kind);
    comment.mutable_comment()->set_text("Synpunkt på planen");
    v1::PlanComment created;
    EXPECT_EQ(stub_->CreatePlanComment(Ctx(who).get(), comment, &created).error_code(), row.comment);
    if (row.comment == OK) {
      EXPECT_EQ(created.recorded_by(), who.subject());
    }

    v1::RecordPlanExemptionRequest exemption;
    exemption.set_name(c.name());
    exemption.set_reason(v1::PLAN_EXEMPTION_REASON_RETURN_IMPOSSIBLE);
    v1::Case out;
    EXPECT_EQ(stub_->RecordPlanExemption(Ctx(who).get(), exemption, &out).error_code(), row.exemption);

    v1::RequestPlanRequest request;
    request.set_name(c.name());
    EXPECT_EQ(stub_->RequestPlan(Ctx(who).get(), request, &out).error_code(), row.request_plan);
  }
}

TEST_F(PlanRolesTest, EachPartyCommentsForItselfOrForTheEmployee) {
  const v1::Case c = CaseWithPeriod(230);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  struct Try {
    std::string label;
    auth::Principal who;
    v1::PlanCommentAuthorKind kind;
    StatusCode want;
  };
  const std::vector<Try> cases = {
      {"HR as FK", Hr(), v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER, PD},
      {"HR for the employee", Hr(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE, OK},
      {"FK as the employer", CaseWorker(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, PD},
      {"FK for the employee", CaseWorker(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE, OK},
      {"OH as the employer", Oh(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYER, PD},
      {"OH for the employee", Oh(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE, OK},
  };
  for (const Try& k : cases) {
    SCOPED_TRACE(k.label);
    v1::CreatePlanCommentRequest req;
    req.set_parent(plan.name());
    req.mutable_comment()->set_author_kind(k.kind);
    req.mutable_comment()->set_text("Den anställde vill prova arbetsträning först");
    v1::PlanComment out;
    EXPECT_EQ(stub_->CreatePlanComment(Ctx(k.who).get(), req, &out).error_code(), k.want);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM cases.plan_comments WHERE plan_id = '" + IdOf(plan.name()) + "'"), 3);
}

}  // namespace
}  // namespace collab::cases
