// The KUPO application (domain.md, "Funding") reproduced to the krona: the lines with their
// bases, the application's own slips flagged beside what was entered, six commitments making
// 860 000 kr, the balance rule on submission, approval by every funder.
#include "services/funding/test/funding_service_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// The ErrorInfo reason in a status, as a standard client decodes it.
std::string ReasonOf(const grpc::Status& status) { return collab::testing::ErrorReason(status); }

class KupoBudgetTest : public FundingServiceTest {};

TEST_F(KupoBudgetTest, TotalsBalanceAtEightHundredSixtyThousand) {
  const v1::Project p = CreateKupo();
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_DRAFT);
  EXPECT_EQ(p.total_cost().minor_units(), 860'000'00);
  EXPECT_EQ(p.total_financing().minor_units(), 860'000'00);
  EXPECT_EQ(p.financing_gap().minor_units(), 0);
  EXPECT_EQ(p.total_cost().currency_code(), "SEK");
}

TEST_F(KupoBudgetTest, ProjectManagementShowsBasisBesideEnteredAmount) {
  const v1::Project p = CreateKupo();
  const v1::BudgetLine l = Line(p.name(), v1::BUDGET_CATEGORY_PROJECT_MANAGEMENT);
  EXPECT_EQ(l.entered_amount().minor_units(), 400'000'00);  // never replaced
  EXPECT_EQ(l.computed_amount().minor_units(), 328'000'00);  // 8 × 41 000
  EXPECT_EQ(l.difference().minor_units(), 72'000'00);
  EXPECT_EQ(l.quantity_price().computed_quantity(), "8");
  EXPECT_THAT(l.flags(), Contains(v1::BUDGET_LINE_FLAG_AMOUNT_DIFFERS_FROM_BASIS));
}

TEST_F(KupoBudgetTest, WorkingGroupSlipsAreFlagged) {
  const v1::Project p = CreateKupo();
  const v1::BudgetLine l = Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP);
  ASSERT_EQ(l.parts().parts_size(), 4);
  EXPECT_EQ(l.parts().parts(0).computed_subtotal(), "180");
  EXPECT_FALSE(l.parts().parts(0).subtotal_differs());
  // "3 × 4 × 5 = 135": it is 60.
  EXPECT_EQ(l.parts().parts(2).stated_subtotal(), "135");
  EXPECT_EQ(l.parts().parts(2).computed_subtotal(), "60");
  EXPECT_TRUE(l.parts().parts(2).subtotal_differs());
  EXPECT_EQ(l.parts().computed_total_quantity(), "356");
  EXPECT_EQ(l.parts().stated_total_quantity(), "431");
  // 431 × 328 = 141 368 against the 140 000 entered.
  EXPECT_EQ(l.computed_amount().minor_units(), 141'368'00);
  EXPECT_EQ(l.entered_amount().minor_units(), 140'000'00);
  EXPECT_EQ(l.difference().minor_units(), -1'368'00);
  EXPECT_THAT(l.flags(), UnorderedElementsAre(v1::BUDGET_LINE_FLAG_PART_SUBTOTAL_DIFFERS,
                                              v1::BUDGET_LINE_FLAG_STATED_TOTAL_DIFFERS,
                                              v1::BUDGET_LINE_FLAG_AMOUNT_DIFFERS_FROM_BASIS));
}

TEST_F(KupoBudgetTest, LineWithoutBasisIsFlaggedNotRefused) {
  const v1::Project p = CreateKupo();
  const v1::BudgetLine l = Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL);
  EXPECT_EQ(l.entered_amount().minor_units(), 10'000'00);
  EXPECT_FALSE(l.has_computed_amount());
  EXPECT_THAT(l.flags(), UnorderedElementsAre(v1::BUDGET_LINE_FLAG_NO_BASIS));
}

TEST_F(KupoBudgetTest, InKindCommitmentShowsHoursTimesRate) {
  const v1::Project p = CreateKupo();
  v1::ListFundingCommitmentsRequest req;
  req.set_parent(p.name());
  req.set_kind(v1::FUNDING_KIND_IN_KIND);
  v1::ListFundingCommitmentsResponse resp;
  ASSERT_TRUE(stub_->ListFundingCommitments(Ctx(Manager()).get(), req, &resp).ok());
  ASSERT_EQ(resp.funding_commitments_size(), 2);
  int with_basis = 0;
  for (const v1::FundingCommitment& c : resp.funding_commitments()) {
    if (!c.has_in_kind()) {
      EXPECT_THAT(c.flags(), UnorderedElementsAre(v1::COMMITMENT_FLAG_IN_KIND_WITHOUT_BASIS));
      continue;
    }
    ++with_basis;
    EXPECT_EQ(c.computed_amount().minor_units(), 141'368'00);  // 431 h × 328 kr
    EXPECT_EQ(c.amount().minor_units(), 140'000'00);
    EXPECT_THAT(c.flags(), UnorderedElementsAre(v1::COMMITMENT_FLAG_AMOUNT_DIFFERS_FROM_BASIS));
  }
  EXPECT_EQ(with_basis, 1);
}

TEST_F(KupoBudgetTest, PhasesOverlapOnFirstSeptemberAndFollowUpAfterPeriodIsRefused) {
  const v1::Project p = CreateKupo();
  v1::ListPhasesRequest req;
  req.set_parent(p.name());
  v1::ListPhasesResponse resp;
  ASSERT_TRUE(stub_->ListPhases(Ctx(Manager()).get(), req, &resp).ok());
  ASSERT_EQ(resp.phases_size(), 3);
  EXPECT_EQ(resp.phases(0).ordinal(), 1);
  EXPECT_EQ(resp.phases(2).ordinal(), 3);
  EXPECT_THAT(resp.phases(0).overlapping_phases(), UnorderedElementsAre(resp.phases(1).name()));
  EXPECT_TRUE(resp.phases(2).overlapping_phases().empty());

  // The follow-up six months after the last intervention lies after the project period.
  v1::CreatePhaseRequest create;
  create.set_parent(p.name());
  create.mutable_phase()->set_display_name("Uppföljning av sjukfrånvaro");
  *create.mutable_phase()->mutable_period()->mutable_start_date() = D(2017, 6, 1);
  *create.mutable_phase()->mutable_period()->mutable_end_date() = D(2017, 6, 30);
  v1::Phase out;
  grpc::Status s = stub_->CreatePhase(Ctx(Manager()).get(), create, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("phase.period"));
}

TEST_F(KupoBudgetTest, SubmitsWhenBalancedAndEveryFunderApproves) {
  v1::Project p = CreateKupo();
  v1::SubmitProjectRequest submit;
  submit.set_name(p.name());
  submit.set_etag(p.etag());
  ASSERT_TRUE(stub_->SubmitProject(Ctx(Manager()).get(), submit, &p).ok());
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_SUBMITTED);
  EXPECT_TRUE(p.has_submit_time());

  // Submitted: the budget is read-only.
  v1::CreateBudgetLineRequest line;
  line.set_parent(p.name());
  line.mutable_budget_line()->set_category(v1::BUDGET_CATEGORY_OTHER);
  *line.mutable_budget_line()->mutable_entered_amount() = Sek(1);
  v1::BudgetLine out;
  EXPECT_EQ(stub_->CreateBudgetLine(Ctx(Manager()).get(), line, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  const std::vector<std::string> funders = {arvika_eda_, fryksdalen_, klaralvdalen_, samspelet_, fk_};
  for (size_t i = 0; i < funders.size(); ++i) {
    v1::ApproveProjectRequest approve;
    approve.set_name(p.name());
    approve.set_decision_reference("Dnr 2016/" + std::to_string(i));
    grpc::Status s = stub_->ApproveProject(Ctx(Funder(funders[i])).get(), approve, &p);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(p.status(), i + 1 < funders.size() ? v1::PROJECT_STATUS_SUBMITTED
                                                 : v1::PROJECT_STATUS_APPROVED);
  }
  EXPECT_EQ(p.approvals_size(), 5);
  // A municipality with no commitment does not see the project at all.
  v1::ApproveProjectRequest stranger;
  stranger.set_name(p.name());
  EXPECT_EQ(stub_->ApproveProject(Ctx(Funder(karlstad_)).get(), stranger, &p).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(KupoBudgetTest, ChangedCommitmentBlocksSubmissionNamingTheDifference) {
  v1::Project p = CreateKupo();
  v1::FundingCommitment samspelet = CommitmentOf(p.name(), samspelet_, v1::FUNDING_KIND_CASH);
  v1::UpdateFundingCommitmentRequest update;
  *update.mutable_funding_commitment() = samspelet;
  *update.mutable_funding_commitment()->mutable_amount() = Sek(190'000);
  update.mutable_update_mask()->add_paths("amount");
  ASSERT_TRUE(stub_->UpdateFundingCommitment(Ctx(Manager()).get(), update, &samspelet).ok());

  v1::SubmitProjectRequest submit;
  submit.set_name(p.name());
  v1::Project out;
  grpc::Status s = stub_->SubmitProject(Ctx(Manager()).get(), submit, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("10 000,00 kr"));
  EXPECT_EQ(ReasonOf(s), "BUDGET_NOT_BALANCED");

  v1::GetProjectRequest get;
  get.set_name(p.name());
  ASSERT_TRUE(stub_->GetProject(Ctx(Manager()).get(), get, &out).ok());
  EXPECT_EQ(out.status(), v1::PROJECT_STATUS_DRAFT);
  EXPECT_EQ(out.financing_gap().minor_units(), 10'000'00);
}

TEST_F(KupoBudgetTest, StaleEtagIsAborted) {
  v1::Project p = CreateKupo();
  v1::SubmitProjectRequest submit;
  submit.set_name(p.name());
  submit.set_etag("1");  // the lines and commitments have moved it on
  v1::Project out;
  EXPECT_EQ(stub_->SubmitProject(Ctx(Manager()).get(), submit, &out).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(KupoBudgetTest, ReturnClearsApprovalsAndReopensTheBudget) {
  v1::Project p = CreateKupo();
  v1::SubmitProjectRequest submit;
  submit.set_name(p.name());
  ASSERT_TRUE(stub_->SubmitProject(Ctx(Manager()).get(), submit, &p).ok());
  v1::ApproveProjectRequest approve;
  approve.set_name(p.name());
  ASSERT_TRUE(stub_->ApproveProject(Ctx(Funder(samspelet_)).get(), approve, &p).ok());
  v1::ReturnProjectRequest ret;
  ret.set_name(p.name());
  EXPECT_THAT(collab::testing::ViolatedFields(
                  stub_->ReturnProject(Ctx(Funder(samspelet_)).get(), ret, &p)),
              Contains("note"));
  ret.set_note("Specificera resekostnaderna");
  ASSERT_TRUE(stub_->ReturnProject(Ctx(Funder(samspelet_)).get(), ret, &p).ok());
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_DRAFT);
  EXPECT_EQ(p.approvals_size(), 0);
  EXPECT_EQ(p.return_note(), "Specificera resekostnaderna");
}

TEST_F(KupoBudgetTest, CreateIsIdempotentByRequestId) {
  v1::CreateProjectRequest req;
  *req.mutable_project() = KupoProject();
  req.set_request_id("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
  v1::Project first, again;
  ASSERT_TRUE(stub_->CreateProject(Ctx(Manager()).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateProject(Ctx(Manager()).get(), req, &again).ok());
  EXPECT_EQ(first.name(), again.name());
  req.mutable_project()->set_display_name("KUPO 2");
  EXPECT_EQ(stub_->CreateProject(Ctx(Manager()).get(), req, &again).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace collab::funding
