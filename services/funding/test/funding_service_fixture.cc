#include "services/funding/test/funding_service_fixture.h"

#include "libs/common/ids.h"
#include "tests/support/serve.h"

namespace collab::funding {
namespace {

namespace orgv1 = collab::organisations::v1;

v1::Factor F(const std::string& value, const std::string& unit) {
  v1::Factor f;
  f.set_value(value);
  f.set_unit(unit);
  return f;
}

}  // namespace

void FundingServiceTest::SetUpTestSuite() {
  organisations::testing::StartDatabaseAndOrganisations(&db_, &orgs_);
  if (HasFatalFailure()) return;
  const std::string key = collab::testing::kTestInternalKey;
  const std::string org_target = orgs_->target();

  pool_ = new db::ConnectionPool(
      db_->ServicePoolOptions("funding", FundingServiceImpl::PrepareStatements));
  handler_ = new rpc::CallHandler(*auth::PrincipalSigner::Create(key), "funding.collab.se");
  directory_ = new rpc::OrganisationDirectory(org_target, *auth::PrincipalSigner::Create(key), "funding");
  service_ = new FundingServiceImpl(*pool_, *handler_, PageTokenCodec("funding-page-key"), *directory_);
  collab::testing::Serve<v1::FundingService>(service_, &server_, &stub_);
  if (HasFatalFailure()) return;

  fk_ = orgs_->Register("Försäkringskassan", orgv1::ORGANISATION_KIND_AGENCY);
  const auto association = orgv1::ORGANISATION_KIND_COORDINATION_ASSOCIATION;
  arvika_eda_ = orgs_->Register("Samordningsförbundet Arvika-Eda", association);
  fryksdalen_ = orgs_->Register("Samordningsförbundet Fryksdalen", association);
  klaralvdalen_ = orgs_->Register("Samordningsförbundet Klarälvdalen", association);
  samspelet_ = orgs_->Register("Samordningsförbundet Samspelet", association);
  karlstad_ = orgs_->Register("Karlstads kommun", orgv1::ORGANISATION_KIND_MUNICIPALITY);
}

void FundingServiceTest::TearDownTestSuite() {
  delete stub_;
  delete server_;
  delete service_;
  delete directory_;
  delete handler_;
  delete pool_;
  delete orgs_;
  delete db_;
}

collab::common::v1::Money FundingServiceTest::Sek(int64_t kronor) {
  collab::common::v1::Money m;
  m.set_currency_code("SEK");
  m.set_minor_units(kronor * 100);
  return m;
}

collab::common::v1::Date FundingServiceTest::D(int y, int m, int d) {
  collab::common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

v1::Project FundingServiceTest::KupoProject() {
  v1::Project p;
  p.set_display_name("KUPO");
  p.set_description("Kunskap och utveckling för offentliga arbetsgivare i Värmland");
  p.set_owner_organisation(Org(fk_));
  *p.mutable_period()->mutable_start_date() = D(2016, 5, 1);
  *p.mutable_period()->mutable_end_date() = D(2017, 1, 31);
  p.set_currency_code("SEK");
  return p;
}

v1::Project FundingServiceTest::CreateKupo() {
  v1::CreateProjectRequest req;
  *req.mutable_project() = KupoProject();
  v1::Project project;
  grpc::Status s = stub_->CreateProject(Ctx(Manager()).get(), req, &project);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // Phases: the application's "1 maj – 31 sept" entered as 1 September, overlapping phase 2.
  const struct {
    const char* name;
    collab::common::v1::Date start, end;
  } phases[] = {{"Behovsinventering och metodutveckling", D(2016, 5, 1), D(2016, 9, 1)},
                {"Insatser", D(2016, 9, 1), D(2016, 12, 31)},
                {"Uppföljning och utvärdering", D(2017, 1, 1), D(2017, 1, 31)}};
  for (const auto& ph : phases) {
    v1::CreatePhaseRequest r;
    r.set_parent(project.name());
    r.mutable_phase()->set_display_name(ph.name);
    *r.mutable_phase()->mutable_period()->mutable_start_date() = ph.start;
    *r.mutable_phase()->mutable_period()->mutable_end_date() = ph.end;
    v1::Phase out;
    s = stub_->CreatePhase(Ctx(Manager()).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  std::vector<v1::BudgetLine> lines(5);
  // Projektledning: 8 months × 41 000 kr/month = 328 000, entered as 400 000.
  lines[0].set_category(v1::BUDGET_CATEGORY_PROJECT_MANAGEMENT);
  lines[0].set_description("Projektledning 60 %, 8 månader");
  *lines[0].mutable_quantity_price()->add_factors() = F("8", "months");
  *lines[0].mutable_quantity_price()->mutable_unit_price() = Sek(41'000);
  *lines[0].mutable_entered_amount() = Sek(400'000);
  // Arbetsgrupp: 180 + 96 + "135" + 20 = "431" h at 328 kr/h, entered as 140 000.
  lines[1].set_category(v1::BUDGET_CATEGORY_WORKING_GROUP);
  lines[1].set_description("Arbetsgrupp");
  v1::PartsBasis* parts = lines[1].mutable_parts();
  const struct {
    std::vector<std::pair<std::string, std::string>> factors;
    const char* stated;
  } kParts[] = {{{{"3", "h"}, {"12", "weeks"}, {"5", "persons"}}, "180"},
                {{{"4", "h"}, {"12", "weeks"}, {"2", "persons"}}, "96"},
                {{{"3", "h"}, {"4", "weeks"}, {"5", "persons"}}, "135"},
                {{{"2", "h"}, {"10", "persons"}}, "20"}};
  for (const auto& part : kParts) {
    v1::BasisPart* bp = parts->add_parts();
    for (const auto& [v, u] : part.factors) *bp->add_factors() = F(v, u);
    bp->set_stated_subtotal(part.stated);
  }
  parts->set_stated_total_quantity("431");
  *parts->mutable_unit_price() = Sek(328);
  *lines[1].mutable_entered_amount() = Sek(140'000);
  lines[2].set_category(v1::BUDGET_CATEGORY_CONFERENCE_TRAINING);
  *lines[2].mutable_entered_amount() = Sek(210'000);
  lines[3].set_category(v1::BUDGET_CATEGORY_TRAVEL);
  lines[3].set_description("Uppskattning");
  *lines[3].mutable_entered_amount() = Sek(10'000);
  lines[4].set_category(v1::BUDGET_CATEGORY_MATERIAL_PRINT_FILM);
  *lines[4].mutable_entered_amount() = Sek(100'000);
  for (const v1::BudgetLine& l : lines) {
    v1::CreateBudgetLineRequest r;
    r.set_parent(project.name());
    *r.mutable_budget_line() = l;
    v1::BudgetLine out;
    s = stub_->CreateBudgetLine(Ctx(Manager()).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  const struct {
    std::string funder;
    v1::FundingKind kind;
    int64_t kronor;
    int64_t hours;
  } commitments[] = {
      {arvika_eda_, v1::FUNDING_KIND_CASH, 190'000, 0},
      {fryksdalen_, v1::FUNDING_KIND_CASH, 120'000, 0},
      {klaralvdalen_, v1::FUNDING_KIND_CASH, 110'000, 0},
      {samspelet_, v1::FUNDING_KIND_CASH, 200'000, 0},
      // FK SF Värmland: 15 % of the project manager's time, in kind.
      {fk_, v1::FUNDING_KIND_IN_KIND, 100'000, 0},
      // All parties' working-group time, recorded by the owner: "431" h × 328 kr ≈ 140 000.
      {fk_, v1::FUNDING_KIND_IN_KIND, 140'000, 431},
  };
  for (const auto& c : commitments) {
    v1::CreateFundingCommitmentRequest r;
    r.set_parent(project.name());
    v1::FundingCommitment* fc = r.mutable_funding_commitment();
    fc->set_funder(Org(c.funder));
    fc->set_kind(c.kind);
    *fc->mutable_amount() = Sek(c.kronor);
    if (c.hours > 0) {
      fc->mutable_in_kind()->set_hours(c.hours);
      *fc->mutable_in_kind()->mutable_hourly_rate() = Sek(328);
      fc->mutable_in_kind()->set_description("Arbetsgruppens tid, alla parter");
    }
    fc->add_conditions("Rapport efter varje fas");
    v1::FundingCommitment out;
    s = stub_->CreateFundingCommitment(Ctx(Manager()).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  v1::GetProjectRequest get;
  get.set_name(project.name());
  s = stub_->GetProject(Ctx(Manager()).get(), get, &project);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return project;
}

v1::Project FundingServiceTest::CreateActiveKupo() { return ActivateKupo(CreateKupo()); }

v1::Project FundingServiceTest::ActivateKupo(v1::Project project) {
  v1::SubmitProjectRequest submit;
  submit.set_name(project.name());
  grpc::Status s = stub_->SubmitProject(Ctx(Manager()).get(), submit, &project);
  EXPECT_TRUE(s.ok()) << s.error_message();
  for (const std::string& funder : {arvika_eda_, fryksdalen_, klaralvdalen_, samspelet_, fk_}) {
    v1::ApproveProjectRequest approve;
    approve.set_name(project.name());
    s = stub_->ApproveProject(Ctx(Funder(funder)).get(), approve, &project);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(project.status(), v1::PROJECT_STATUS_APPROVED);
  v1::ActivateProjectRequest activate;
  activate.set_name(project.name());
  s = stub_->ActivateProject(Ctx(Manager()).get(), activate, &project);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return project;
}

v1::BudgetLine FundingServiceTest::Line(const std::string& project, v1::BudgetCategory category) {
  v1::ListBudgetLinesRequest req;
  req.set_parent(project);
  req.add_categories(category);
  v1::ListBudgetLinesResponse resp;
  grpc::Status s = stub_->ListBudgetLines(Ctx(Manager()).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.budget_lines_size(), 1);
  return resp.budget_lines_size() > 0 ? resp.budget_lines(0) : v1::BudgetLine();
}

v1::FundingCommitment FundingServiceTest::CommitmentOf(const std::string& project,
                                                       const std::string& funder,
                                                       v1::FundingKind kind) {
  v1::ListFundingCommitmentsRequest req;
  req.set_parent(project);
  req.set_funder(Org(funder));
  req.set_kind(kind);
  v1::ListFundingCommitmentsResponse resp;
  grpc::Status s = stub_->ListFundingCommitments(Ctx(Manager()).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_GE(resp.funding_commitments_size(), 1);
  return resp.funding_commitments_size() > 0 ? resp.funding_commitments(0) : v1::FundingCommitment();
}

v1::LedgerEntry FundingServiceTest::Book(const std::string& project, const v1::LedgerEntry& entry,
                                         const std::string& request_id) {
  v1::CreateLedgerEntryRequest req;
  req.set_parent(project);
  *req.mutable_ledger_entry() = entry;
  req.set_request_id(request_id);
  v1::LedgerEntry out;
  grpc::Status s = stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::BudgetStatus FundingServiceTest::Status(const std::string& project, int y, int m, int d) {
  v1::GetBudgetStatusRequest req;
  req.set_project(project);
  *req.mutable_as_of_date() = D(y, m, d);
  v1::BudgetStatus out;
  grpc::Status s = stub_->GetBudgetStatus(Ctx(Manager()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

int64_t FundingServiceTest::Count(const std::string& sql) {
  auto conn = Superuser();
  pqxx::work tx(*conn);
  return tx.exec1(sql)[0].as<int64_t>();
}

}  // namespace collab::funding
