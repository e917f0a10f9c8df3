// Bad input answers INVALID_ARGUMENT naming the field (conventions.md, Errors), before anything
// is written.
#include "services/funding/test/funding_service_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using ::testing::Contains;

class ValidationTest : public FundingServiceTest {};

TEST_F(ValidationTest, ProjectFields) {
  const struct {
    const char* field;
    void (*spoil)(v1::Project&);
  } cases[] = {
      {"project.display_name", [](v1::Project& p) { p.clear_display_name(); }},
      {"project.owner_organisation", [](v1::Project& p) { p.set_owner_organisation("fk"); }},
      {"project.currency_code", [](v1::Project& p) { p.set_currency_code("kr"); }},
      // The application's "31 sept".
      {"project.period.end_date",
       [](v1::Project& p) { *p.mutable_period()->mutable_end_date() = D(2016, 9, 31); }},
      {"project.network", [](v1::Project& p) { p.set_network("forum"); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    v1::CreateProjectRequest req;
    *req.mutable_project() = KupoProject();
    c.spoil(*req.mutable_project());
    v1::Project out;
    grpc::Status s = stub_->CreateProject(Ctx(Manager()).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(collab::testing::ViolatedFields(s), Contains(c.field)) << s.error_message();
  }
  EXPECT_EQ(Count("SELECT count(*) FROM funding.projects"), 0);
}

TEST_F(ValidationTest, BudgetLineFields) {
  const v1::Project p = CreateKupo();
  const struct {
    const char* field;
    void (*spoil)(v1::BudgetLine&);
  } cases[] = {
      {"budget_line.category", [](v1::BudgetLine& l) { l.clear_category(); }},
      {"budget_line.entered_amount", [](v1::BudgetLine& l) { l.clear_entered_amount(); }},
      {"budget_line.entered_amount.currency_code",
       [](v1::BudgetLine& l) { l.mutable_entered_amount()->set_currency_code("EUR"); }},
      {"budget_line.quantity_price.factors[0].value",
       [](v1::BudgetLine& l) { l.mutable_quantity_price()->mutable_factors(0)->set_value("4,,5"); }},
      {"budget_line.phase", [](v1::BudgetLine& l) { l.set_phase("projects/x/phases/y"); }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    v1::CreateBudgetLineRequest req;
    req.set_parent(p.name());
    v1::BudgetLine* l = req.mutable_budget_line();
    l->set_category(v1::BUDGET_CATEGORY_OTHER);
    v1::Factor* f = l->mutable_quantity_price()->add_factors();
    f->set_value("2");
    *l->mutable_quantity_price()->mutable_unit_price() = Sek(500);
    *l->mutable_entered_amount() = Sek(1'000);
    c.spoil(*l);
    v1::BudgetLine out;
    grpc::Status s = stub_->CreateBudgetLine(Ctx(Manager()).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(collab::testing::ViolatedFields(s), Contains(c.field)) << s.error_message();
  }
}

// A phase report's delivery (report_delivered_date): a real day, not before the phase's start,
// not in the future; through UpdatePhase's mask and etag like the other phase fields, and the one
// phase field that changes while the project is ACTIVE.
TEST_F(ValidationTest, PhaseReportDeliveredDate) {
  v1::Project p = CreateKupo();
  v1::ListPhasesRequest list;
  list.set_parent(p.name());
  v1::ListPhasesResponse phases;
  ASSERT_TRUE(stub_->ListPhases(Ctx(Manager()).get(), list, &phases).ok());
  const v1::Phase first = phases.phases(0);  // 2016-05-01 – 2016-09-01
  const auto update = [&](const v1::Phase& phase, collab::common::v1::Date delivered,
                          std::vector<std::string> paths, v1::Phase* out) {
    v1::UpdatePhaseRequest req;
    *req.mutable_phase() = phase;
    *req.mutable_phase()->mutable_report_delivered_date() = delivered;
    req.mutable_phase()->set_display_name("Renamed");
    for (std::string& path : paths) req.mutable_update_mask()->add_paths(std::move(path));
    return stub_->UpdatePhase(Ctx(Manager()).get(), req, out);
  };
  v1::Phase out;
  for (const collab::common::v1::Date& bad : {D(2016, 4, 30), D(2100, 1, 1), D(2016, 9, 31)}) {
    SCOPED_TRACE(bad.ShortDebugString());
    grpc::Status s = update(first, bad, {"report_delivered_date"}, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("phase.report_delivered_date"))
        << s.error_message();
  }
  EXPECT_EQ(update(first, D(2016, 4, 30), {"report_delivered_date"}, &out).error_message(),
            "phase.report_delivered_date: must not be before the phase's start 2016-05-01");
  EXPECT_EQ(update(first, D(2100, 1, 1), {"report_delivered_date"}, &out).error_message(),
            "phase.report_delivered_date: must not be in the future");

  // In DRAFT like any phase field: only what the mask names changes (not the display name).
  ASSERT_TRUE(update(first, D(2016, 5, 1), {"report_delivered_date"}, &out).ok());
  EXPECT_EQ(out.report_delivered_date().day(), 1);
  EXPECT_EQ(out.display_name(), first.display_name());
  // A stale etag is ABORTED.
  EXPECT_EQ(update(first, D(2016, 9, 20), {"report_delivered_date"}, &out).error_code(),
            grpc::StatusCode::ABORTED);
  // A phase moved after its recorded delivery is refused naming the delivery date.
  v1::Phase current = out;
  v1::UpdatePhaseRequest move;
  *move.mutable_phase() = current;
  *move.mutable_phase()->mutable_period()->mutable_start_date() = D(2016, 5, 2);
  move.mutable_update_mask()->add_paths("period");
  grpc::Status s = stub_->UpdatePhase(Ctx(Manager()).get(), move, &out);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("phase.report_delivered_date"))
      << s.error_message();

  // ACTIVE: the delivery alone; any other path is FAILED_PRECONDITION, with it or without it.
  p = ActivateKupo(p);
  ASSERT_TRUE(stub_
                  ->GetPhase(
                      Ctx(Manager()).get(),
                      [&] {
                        v1::GetPhaseRequest get;
                        get.set_name(first.name());
                        return get;
                      }(),
                      &current)
                  .ok());
  EXPECT_EQ(
      update(current, D(2016, 9, 20), {"report_delivered_date", "display_name"}, &out).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(update(current, D(2016, 9, 20), {"display_name"}, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(update(current, D(2016, 9, 20), {"report_delivered_date"}, &out).ok());
  EXPECT_EQ(out.report_delivered_date().month(), 9);
  EXPECT_EQ(out.display_name(), current.display_name());
  // Validated there too; the etag has moved on.
  EXPECT_EQ(update(out, D(2100, 1, 1), {"report_delivered_date"}, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(update(current, D(2016, 9, 21), {"report_delivered_date"}, &out).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(ValidationTest, FunderMustExistInTheRegistry) {
  const v1::Project p = CreateKupo();
  v1::CreateFundingCommitmentRequest req;
  req.set_parent(p.name());
  req.mutable_funding_commitment()->set_funder("organisations/00000000-0000-4000-8000-000000000099");
  req.mutable_funding_commitment()->set_kind(v1::FUNDING_KIND_CASH);
  *req.mutable_funding_commitment()->mutable_amount() = Sek(10'000);
  v1::FundingCommitment out;
  grpc::Status s = stub_->CreateFundingCommitment(Ctx(Manager()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("funding_commitment.funder"));

  req.mutable_funding_commitment()->set_funder(Org(karlstad_));
  req.mutable_funding_commitment()->clear_kind();
  s = stub_->CreateFundingCommitment(Ctx(Manager()).get(), req, &out);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("funding_commitment.kind"));
}

TEST_F(ValidationTest, OrganisationsDownIsUnavailable) {
  const v1::Project p = CreateKupo();
  rpc::OrganisationDirectory nowhere("127.0.0.1:1", *auth::PrincipalSigner::Create(collab::testing::kTestInternalKey),
                                     "funding");
  FundingServiceImpl service(*pool_, *handler_, PageTokenCodec("k"), nowhere);
  auto server = rpc::Server::Start(rpc::ServerOptions{}, {&service});
  ASSERT_TRUE(server.ok());
  auto stub = v1::FundingService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  v1::CreateFundingCommitmentRequest req;
  req.set_parent(p.name());
  req.mutable_funding_commitment()->set_funder(Org(karlstad_));
  req.mutable_funding_commitment()->set_kind(v1::FUNDING_KIND_CASH);
  *req.mutable_funding_commitment()->mutable_amount() = Sek(10'000);
  v1::FundingCommitment out;
  EXPECT_EQ(stub->CreateFundingCommitment(Ctx(Manager()).get(), req, &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ValidationTest, NegativePageSizeAndForeignToken) {
  v1::ListProjectsRequest req;
  req.set_page_size(-1);
  v1::ListProjectsResponse resp;
  EXPECT_EQ(stub_->ListProjects(Ctx(Manager()).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_page_size(1);
  req.set_page_token("forged");
  grpc::Status s = stub_->ListProjects(Ctx(Manager()).get(), req, &resp);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("page_token"));
}

}  // namespace
}  // namespace collab::funding
