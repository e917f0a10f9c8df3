// ListCases filters and keyset paging; SearchCases by identity number through the keyed hash.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class ListSearchTest : public CaseServiceTest {};

TEST_F(ListSearchTest, PagesNewestFirstSickDayFirstWithoutRepeats) {
  std::set<std::string> created;
  for (int n = 20; n < 25; ++n) created.insert(Create(SampleCase(n)).name());
  v1::ListCasesRequest req;
  req.set_page_size(2);
  req.set_employer("organisations/" + employer_a_);
  std::vector<v1::Case> all;
  for (int page = 0; page < 10; ++page) {
    v1::ListCasesResponse resp;
    grpc::Status s = stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_LE(resp.cases_size(), 2);
    for (const auto& c : resp.cases()) all.push_back(c);
    if (resp.next_page_token().empty()) break;
    req.set_page_token(resp.next_page_token());
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(seen.insert(all[i].name()).second) << "repeated " << all[i].name();
    if (i > 0) {
      EXPECT_GE(all[i - 1].first_sick_day().day(), all[i].first_sick_day().day());
    }
  }
  for (const auto& name : created) EXPECT_TRUE(seen.count(name)) << name;
}

TEST_F(ListSearchTest, FiltersByStatusEmployerAndRefusesATokenForOtherFilters) {
  Create(SampleCase(26));
  Create(SampleCase(29));
  v1::ListCasesRequest req;
  req.set_employer("organisations/" + employer_b_);
  v1::ListCasesResponse resp;
  ASSERT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 0);
  req.set_employer("organisations/" + employer_a_);
  req.add_statuses(v1::CASE_STATUS_CLOSED);
  ASSERT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 0);
  req.clear_statuses();
  req.add_statuses(v1::CASE_STATUS_OPEN);
  req.set_page_size(1);
  ASSERT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp).ok());
  ASSERT_EQ(resp.cases_size(), 1);
  ASSERT_FALSE(resp.next_page_token().empty());
  req.set_page_token(resp.next_page_token());
  req.clear_statuses();
  EXPECT_EQ(stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::ListCasesRequest bad;
  bad.set_unit("organisations/x");
  EXPECT_EQ(stub_->ListCases(Ctx(CaseWorker()).get(), bad, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ListSearchTest, SearchFindsTheCaseByAnyFormOfTheNumberWithinWhatTheCallerSees) {
  const v1::Case created = Create(SampleCase(27));
  const std::string twelve = Pnr(27);
  const std::string ten_with_dash = twelve.substr(2, 6) + "-" + twelve.substr(8);
  v1::SearchCasesRequest req;
  req.set_employee_identity_number(ten_with_dash);
  v1::SearchCasesResponse resp;
  ASSERT_TRUE(stub_->SearchCases(Ctx(CaseWorker()).get(), req, &resp).ok());
  ASSERT_EQ(resp.cases_size(), 1);
  EXPECT_EQ(resp.cases(0).name(), created.name());
  // Another employer's HR searching the same number finds nothing.
  ASSERT_TRUE(stub_->SearchCases(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), req, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 0);
  req.set_employee_identity_number(Pnr(28));
  ASSERT_TRUE(stub_->SearchCases(Ctx(CaseWorker()).get(), req, &resp).ok());
  EXPECT_EQ(resp.cases_size(), 0);
  req.set_employee_identity_number("not a number");
  EXPECT_EQ(stub_->SearchCases(Ctx(CaseWorker()).get(), req, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace collab::cases
