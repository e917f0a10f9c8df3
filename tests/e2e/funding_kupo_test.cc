// End-to-end: the KUPO application (domain.md, "Funding") through the real gateway, the real
// collab-funding and collab-organisations binaries and a real PostgreSQL (issue 5, Tests): the
// budget with its slips flagged, six commitments balancing at 860 000 kr, submission, every
// funder's approval, a booking, and each funder's view of where its money stands.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "collab/funding/v1/funding_service.grpc.pb.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "tests/e2e/stack_suite.h"

namespace collab::e2e {
namespace {

namespace fv1 = collab::funding::v1;
namespace ov1 = collab::organisations::v1;

class FundingKupoTest : public StackSuite<FundingKupoTest> {
 public:
  static StackOptions Options() {
    StackOptions options;
    options.start_funding = true;
    return options;
  }

 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StackSuite::SetUp());
    funding_ = fv1::FundingService::NewStub(stack_->GatewayChannel());
  }

  static collab::common::v1::Money Sek(int64_t kronor) {
    collab::common::v1::Money m;
    m.set_currency_code("SEK");
    m.set_minor_units(kronor * 100);
    return m;
  }
  static collab::common::v1::Date D(int y, int m, int d) {
    collab::common::v1::Date out;
    out.set_year(y);
    out.set_month(m);
    out.set_day(d);
    return out;
  }

  std::unique_ptr<fv1::FundingService::Stub> funding_;
};

TEST_F(FundingKupoTest, BudgetToBookingThroughTheGateway) {
  const auto association = ov1::ORGANISATION_KIND_COORDINATION_ASSOCIATION;
  const std::string fk = Org("Försäkringskassan", ov1::ORGANISATION_KIND_AGENCY);
  const std::string samspelet = Org("Samordningsförbundet Samspelet", association);
  const std::map<std::string, int64_t> cash = {
      {Org("Samordningsförbundet Arvika-Eda", association), 190'000},
      {Org("Samordningsförbundet Fryksdalen", association), 120'000},
      {Org("Samordningsförbundet Klarälvdalen", association), 110'000},
      {samspelet, 200'000}};
  const std::string stranger = Org("Karlstads kommun", ov1::ORGANISATION_KIND_MUNICIPALITY);
  const std::string pm = stack_->TokenFor("PROJECT_MANAGER", fk, "pm-kupo");

  fv1::CreateProjectRequest create;
  fv1::Project* p = create.mutable_project();
  p->set_display_name("KUPO");
  p->set_owner_organisation("organisations/" + fk);
  *p->mutable_period()->mutable_start_date() = D(2016, 5, 1);
  *p->mutable_period()->mutable_end_date() = D(2017, 1, 31);
  p->set_currency_code("SEK");
  create.set_request_id("9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b");
  fv1::Project project;
  grpc::Status s = funding_->CreateProject(BearerContext(pm).get(), create, &project);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(project.project_manager(), "pm-kupo");

  // The five lines: bases as the application states them, entered amounts as it enters them.
  auto add_line = [&](fv1::BudgetLine line) {
    fv1::CreateBudgetLineRequest req;
    req.set_parent(project.name());
    *req.mutable_budget_line() = std::move(line);
    fv1::BudgetLine out;
    grpc::Status st = funding_->CreateBudgetLine(BearerContext(pm).get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  };
  fv1::BudgetLine management;
  management.set_category(fv1::BUDGET_CATEGORY_PROJECT_MANAGEMENT);
  fv1::Factor* months = management.mutable_quantity_price()->add_factors();
  months->set_value("8");
  months->set_unit("months");
  *management.mutable_quantity_price()->mutable_unit_price() = Sek(41'000);
  *management.mutable_entered_amount() = Sek(400'000);
  management = add_line(management);
  EXPECT_EQ(management.computed_amount().minor_units(), 328'000'00);
  EXPECT_EQ(management.difference().minor_units(), 72'000'00);

  fv1::BudgetLine group;
  group.set_category(fv1::BUDGET_CATEGORY_WORKING_GROUP);
  fv1::Factor* hours = group.mutable_quantity_price()->add_factors();
  hours->set_value("431");
  hours->set_unit("h");
  *group.mutable_quantity_price()->mutable_unit_price() = Sek(328);
  *group.mutable_entered_amount() = Sek(140'000);
  group = add_line(group);
  EXPECT_EQ(group.computed_amount().minor_units(), 141'368'00);
  EXPECT_EQ(group.difference().minor_units(), -1'368'00);

  const std::pair<fv1::BudgetCategory, int64_t> plain[] = {
      {fv1::BUDGET_CATEGORY_CONFERENCE_TRAINING, 210'000},
      {fv1::BUDGET_CATEGORY_TRAVEL, 10'000},
      {fv1::BUDGET_CATEGORY_MATERIAL_PRINT_FILM, 100'000}};
  fv1::BudgetLine travel;
  for (const auto& [category, kronor] : plain) {
    fv1::BudgetLine line;
    line.set_category(category);
    *line.mutable_entered_amount() = Sek(kronor);
    line = add_line(line);
    if (category == fv1::BUDGET_CATEGORY_TRAVEL) travel = line;
  }

  auto commit = [&](const std::string& funder, fv1::FundingKind kind, int64_t kronor) {
    fv1::CreateFundingCommitmentRequest req;
    req.set_parent(project.name());
    req.mutable_funding_commitment()->set_funder("organisations/" + funder);
    req.mutable_funding_commitment()->set_kind(kind);
    *req.mutable_funding_commitment()->mutable_amount() = Sek(kronor);
    fv1::FundingCommitment out;
    return funding_->CreateFundingCommitment(BearerContext(pm).get(), req, &out);
  };
  for (const auto& [funder, kronor] : cash) {
    ASSERT_TRUE(commit(funder, fv1::FUNDING_KIND_CASH, kronor).ok());
  }
  ASSERT_TRUE(commit(fk, fv1::FUNDING_KIND_IN_KIND, 100'000).ok());
  // 10 000 kr short of the all-parties working-group time: submission names the gap.
  ASSERT_TRUE(commit(fk, fv1::FUNDING_KIND_IN_KIND, 130'000).ok());
  fv1::SubmitProjectRequest submit;
  submit.set_name(project.name());
  s = funding_->SubmitProject(BearerContext(pm).get(), submit, &project);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("10 000,00 kr"), std::string::npos) << s.error_message();
  ASSERT_TRUE(commit(fk, fv1::FUNDING_KIND_IN_KIND, 10'000).ok());

  s = funding_->SubmitProject(BearerContext(pm).get(), submit, &project);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(project.total_cost().minor_units(), 860'000'00);
  EXPECT_EQ(project.total_financing().minor_units(), 860'000'00);

  // Every funder decides with its own token; the last approval makes the project APPROVED.
  std::vector<std::string> funders;
  for (const auto& [funder, kronor] : cash) funders.push_back(funder);
  funders.push_back(fk);
  for (const std::string& funder : funders) {
    fv1::ApproveProjectRequest approve;
    approve.set_name(project.name());
    s = funding_->ApproveProject(BearerContext(stack_->TokenFor("FUNDER", funder, "beslut")).get(),
                                 approve, &project);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(project.status(), fv1::PROJECT_STATUS_APPROVED);
  fv1::ActivateProjectRequest activate;
  activate.set_name(project.name());
  ASSERT_TRUE(funding_->ActivateProject(BearerContext(pm).get(), activate, &project).ok());

  // Utfall: a travel booking over the line's budget, retried once (one booking).
  fv1::CreateLedgerEntryRequest book;
  book.set_parent(project.name());
  book.set_request_id("0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c");
  fv1::LedgerEntry* e = book.mutable_ledger_entry();
  e->set_budget_line(travel.name());
  *e->mutable_booking_date() = D(2016, 10, 5);
  *e->mutable_amount() = Sek(12'400);
  e->set_kind(fv1::FUNDING_KIND_CASH);
  e->set_voucher_reference("V-2016-0533");
  fv1::LedgerEntry first, again;
  ASSERT_TRUE(funding_->CreateLedgerEntry(BearerContext(pm).get(), book, &first).ok());
  ASSERT_TRUE(funding_->CreateLedgerEntry(BearerContext(pm).get(), book, &again).ok());
  EXPECT_EQ(first.name(), again.name());

  // Samspelet asks where its money stands: 200/620 of the cash spent, and the overspent line.
  fv1::GetBudgetStatusRequest status;
  status.set_project(project.name());
  *status.mutable_as_of_date() = D(2017, 1, 31);
  fv1::BudgetStatus bs;
  s = funding_->GetBudgetStatus(
      BearerContext(stack_->TokenFor("FUNDER", samspelet, "ekonom")).get(), status, &bs);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(bs.total().spent().minor_units(), 12'400'00);
  int64_t shares = 0;
  for (const fv1::FunderStatus& f : bs.funders()) {
    if (f.kind() == fv1::FUNDING_KIND_CASH) shares += f.figures().spent().minor_units();
    if (f.funder() == "organisations/" + samspelet) {
      EXPECT_EQ(f.figures().spent().minor_units(), 4'000'00);  // 12 400 × 200 / 620
    }
  }
  EXPECT_EQ(shares, 12'400'00);
  bool overspent = false;
  for (const fv1::BudgetWarning& w : bs.warnings()) {
    overspent = overspent || (w.code() == fv1::BUDGET_WARNING_CODE_LINE_OVERSPENT &&
                              w.resource() == travel.name());
  }
  EXPECT_TRUE(overspent);

  // A funder of nothing here does not learn the project exists.
  s = funding_->GetBudgetStatus(BearerContext(stack_->TokenFor("FUNDER", stranger, "ekonom")).get(),
                                status, &bs);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::e2e
