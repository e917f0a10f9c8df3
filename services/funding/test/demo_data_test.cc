// The demo data of `make run` (deploy/demo/funding.sql) read back through the service: the KUPO
// bases stored as serialized protos decode to the application's figures, the running totals
// match the entries, and the demo funder sees where its money stands.
#include <fstream>
#include <sstream>

#include "services/funding/test/funding_service_fixture.h"

namespace collab::funding {
namespace {

constexpr char kKupo[] = "projects/a6000000-0000-4000-8000-000000000001";
constexpr char kSamspelet[] = "a1000000-0000-4000-8000-000000000012";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

class DemoDataTest : public FundingServiceTest {
 protected:
  static void LoadDemo() {
    auto conn = Superuser();
    for (const char* file : {"organisations.sql", "funding.sql"}) {
      const std::string sql = ReadFile(std::string(COLLAB_SOURCE_DIR) + "/deploy/demo/" + file);
      ASSERT_FALSE(sql.empty()) << file;
      pqxx::work tx(*conn);
      tx.exec(sql);
      tx.commit();
    }
  }
};

TEST_F(DemoDataTest, KupoReadsBackAsTheApplicationStatesIt) {
  LoadDemo();
  LoadDemo();  // re-running changes nothing
  EXPECT_EQ(Count("SELECT count(*) FROM funding.ledger_entries"), 5);

  const auto funder = P(collab::common::v1::ROLE_FUNDER, kSamspelet, "demo-samspelet");
  v1::GetProjectRequest get;
  get.set_name(kKupo);
  v1::Project p;
  grpc::Status s = stub_->GetProject(Ctx(funder).get(), get, &p);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(p.status(), v1::PROJECT_STATUS_ACTIVE);
  EXPECT_EQ(p.total_cost().minor_units(), 860'000'00);
  EXPECT_EQ(p.financing_gap().minor_units(), 0);

  v1::ListBudgetLinesRequest lines;
  lines.set_parent(kKupo);
  v1::ListBudgetLinesResponse resp;
  ASSERT_TRUE(stub_->ListBudgetLines(Ctx(funder).get(), lines, &resp).ok());
  ASSERT_EQ(resp.budget_lines_size(), 5);
  EXPECT_EQ(resp.budget_lines(0).computed_amount().minor_units(), 328'000'00);
  EXPECT_EQ(resp.budget_lines(1).parts().computed_total_quantity(), "356");
  EXPECT_EQ(resp.budget_lines(1).computed_amount().minor_units(), 141'368'00);

  v1::GetBudgetStatusRequest status;
  status.set_project(kKupo);
  *status.mutable_as_of_date() = D(2017, 1, 31);
  v1::BudgetStatus bs;
  ASSERT_TRUE(stub_->GetBudgetStatus(Ctx(funder).get(), status, &bs).ok());
  // 32 800 + 62 000 + 4 250 + 39 360 + 38 000.
  EXPECT_EQ(bs.total().spent().minor_units(), 176'410'00);
  for (const v1::FunderStatus& f : bs.funders()) {
    if (f.funder() == std::string("organisations/") + kSamspelet) {
      // Its 200/620 of the 104 250 kr cash booked without a funder.
      EXPECT_EQ(f.figures().spent().minor_units(), 3'362'903);
    }
  }
}

}  // namespace
}  // namespace collab::funding
