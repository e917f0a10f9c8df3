// Computed case fields (chain day, degree, next and overdue milestones), the
// has_overdue_milestone filter, ListOverdueMilestones per role, MarkMilestoneMet, and
// MilestoneMissed emitted exactly once (by a write and by the sweep).
//
// Dates are relative to the real today, since the service computes milestone states on it.
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/test/case_service_fixture.h"
#include "tests/support/status_details.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MilestonesTest : public CaseServiceTest {
 protected:
  static absl::CivilDay Today() { return SwedishToday(); }

  // A case of employer A (unit A1, office F1) whose first sick day is `first`.
  static v1::Case NewCase(int n, absl::CivilDay first, int expected_days) {
    v1::Case c = SampleCase(n);
    *c.mutable_first_sick_day() = FromCivilDay(first);
    c.set_expected_duration_days(expected_days);
    return Create(c);
  }

  static v1::SickLeavePeriod AddPeriod(const v1::Case& c, absl::CivilDay from,
                                       std::optional<absl::CivilDay> to, v1::SickLeaveDegree degree) {
    v1::CreateSickLeavePeriodRequest req;
    req.set_parent(c.name());
    auto* p = req.mutable_sick_leave_period();
    *p->mutable_period()->mutable_start_date() = FromCivilDay(from);
    if (to) *p->mutable_period()->mutable_end_date() = FromCivilDay(*to);
    p->set_degree(degree);
    p->set_basis(v1::SICK_LEAVE_BASIS_MEDICAL_CERTIFICATE);
    v1::SickLeavePeriod out;
    grpc::Status s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static v1::Case Get(const std::string& name, const auth::Principal& p = CaseWorker()) {
    v1::GetCaseRequest req;
    req.set_name(name);
    v1::Case out;
    grpc::Status s = stub_->GetCase(Ctx(p).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static int64_t Events(const v1::Case& c, const std::string& type) {
    return Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + IdOf(c.name()) +
                 "' AND event_type = 'collab.events.v1." + type + "'");
  }

  // The (kind, due date) of the case's MilestoneMissed events, in the order they were written.
  static std::vector<std::pair<int, absl::CivilDay>> Missed(const v1::Case& c) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    std::vector<std::pair<int, absl::CivilDay>> out;
    for (const pqxx::row& r : tx.exec("SELECT payload FROM cases.outbox WHERE aggregate_id = '" +
                                      IdOf(c.name()) + "' AND event_type = "
                                      "'collab.events.v1.MilestoneMissed' ORDER BY seq")) {
      collab::events::v1::MilestoneMissed e;
      EXPECT_TRUE(e.ParseFromString(pqxx::binarystring(r[0]).str()));
      out.emplace_back(e.kind(), *ToCivilDay(e.due_date()));
    }
    return out;
  }

  static std::vector<std::string> Overdue(const auth::Principal& p, v1::ListOverdueMilestonesRequest req,
                                          const std::string& case_name) {
    std::vector<std::string> out;
    v1::ListOverdueMilestonesResponse resp;
    grpc::Status s = stub_->ListOverdueMilestones(Ctx(p).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& m : resp.milestones()) {
      if (m.name().rfind(case_name + "/", 0) == 0) out.push_back(m.name().substr(case_name.size() + 12));
    }
    return out;
  }

  // Worked example: 40 days at 100 % ending 60 days ago, a gap of 9 days (a new spell), then
  // 50 % from 50 days ago, ongoing. Chain day today = 40 + 51 = 91: day 90 was yesterday.
  static v1::Case LongCase(int n) {
    const absl::CivilDay t = Today();
    v1::Case c = NewCase(n, t - 99, 30);
    AddPeriod(c, t - 99, t - 60, v1::SICK_LEAVE_DEGREE_100);
    AddPeriod(c, t - 50, std::nullopt, v1::SICK_LEAVE_DEGREE_50);
    return c;
  }
};

TEST_F(MilestonesTest, ComputedFieldsAcrossAGapAndDay90) {
  const absl::CivilDay t = Today();
  const v1::Case c = Get(LongCase(1).name());
  EXPECT_EQ(c.chain_day(), 91);
  EXPECT_EQ(c.current_degree(), v1::SICK_LEAVE_DEGREE_50);
  EXPECT_TRUE(c.has_overdue_milestone());
  // The second spell (after a gap of 9 days) needs its own report to FK: its sick-pay day 14
  // is 37 days ago, so the report was due 30 days ago, the earliest milestone still open (the
  // plan is waived: 30 days expected, SFB 30 kap. 6 §).
  EXPECT_EQ(c.next_milestone_kind(), v1::MILESTONE_KIND_EMPLOYER_REPORT);
  EXPECT_EQ(*ToCivilDay(c.next_milestone_due_date()), t - 30);

  v1::ListMilestonesRequest list;
  list.set_parent(c.name());
  v1::ListMilestonesResponse ms;
  ASSERT_TRUE(stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &ms).ok());
  std::map<int, v1::Milestone> by_kind;
  for (const auto& m : ms.milestones()) by_kind[m.kind()] = m;
  EXPECT_EQ(by_kind[v1::MILESTONE_KIND_RETURN_TO_WORK_PLAN].state(), v1::MILESTONE_STATE_WAIVED);
  EXPECT_EQ(by_kind[v1::MILESTONE_KIND_ASSESSMENT_DAY_90].state(), v1::MILESTONE_STATE_OVERDUE);
  EXPECT_EQ(*ToCivilDay(by_kind[v1::MILESTONE_KIND_ASSESSMENT_DAY_90].due_date()), t - 1);
  // Day 180 is projected on the ongoing period: day 140 of it.
  EXPECT_EQ(*ToCivilDay(by_kind[v1::MILESTONE_KIND_DAY_180].due_date()), t - 50 + 139);
  EXPECT_EQ(by_kind[v1::MILESTONE_KIND_DAY_180].state(), v1::MILESTONE_STATE_UPCOMING);
}

// ListMilestones pages like the stored lists (conventions.md): page_size, a tamper-checked
// page_token bound to the parent, next_page_token empty only at the end.
TEST_F(MilestonesTest, ListMilestonesPages) {
  const v1::Case c = LongCase(11);  // all five milestones: the ongoing period reaches day 365
  v1::ListMilestonesRequest list;
  list.set_parent(c.name());
  v1::ListMilestonesResponse all;
  ASSERT_TRUE(stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &all).ok());
  ASSERT_EQ(all.milestones_size(), 5);
  EXPECT_TRUE(all.next_page_token().empty());

  std::vector<std::string> paged;
  std::vector<int> page_sizes;
  list.set_page_size(2);
  for (int guard = 0; guard < 10; ++guard) {
    v1::ListMilestonesResponse page;
    grpc::Status s = stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    page_sizes.push_back(page.milestones_size());
    for (const auto& m : page.milestones()) paged.push_back(m.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 1));
  std::vector<std::string> names;
  for (const auto& m : all.milestones()) names.push_back(m.name());
  EXPECT_EQ(paged, names);

  // A token is bound to its parent and checked; a negative size is refused.
  list.set_page_token("");
  v1::ListMilestonesResponse first;
  ASSERT_TRUE(stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &first).ok());
  v1::ListMilestonesRequest other = list;
  other.set_parent(LongCase(12).name());
  other.set_page_token(first.next_page_token());
  v1::ListMilestonesResponse out;
  grpc::Status s = stub_->ListMilestones(Ctx(CaseWorker()).get(), other, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("page_token"));
  list.set_page_token(first.next_page_token() + "x");
  s = stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("page_token"));
  list.set_page_token("");
  list.set_page_size(-1);
  s = stub_->ListMilestones(Ctx(CaseWorker()).get(), list, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("page_size"));
}

TEST_F(MilestonesTest, ComputedFieldsOfAShortPartTimeCase) {
  const absl::CivilDay t = Today();
  v1::Case c = NewCase(2, t - 9, 20);
  EXPECT_EQ(c.chain_day(), 0);  // no period yet
  EXPECT_EQ(c.next_milestone_kind(), v1::MILESTONE_KIND_UNSPECIFIED);
  AddPeriod(c, t - 9, std::nullopt, v1::SICK_LEAVE_DEGREE_25);
  c = Get(c.name());
  EXPECT_EQ(c.chain_day(), 10);  // calendar days, whatever the degree
  EXPECT_EQ(c.current_degree(), v1::SICK_LEAVE_DEGREE_25);
  EXPECT_FALSE(c.has_overdue_milestone());
  EXPECT_EQ(c.next_milestone_kind(), v1::MILESTONE_KIND_EMPLOYER_REPORT);
  EXPECT_EQ(*ToCivilDay(c.next_milestone_due_date()), t - 9 + 13 + 7);  // day 14 + 7 days
}

TEST_F(MilestonesTest, HasOverdueMilestoneFilter) {
  const v1::Case late = LongCase(3);
  const absl::CivilDay t = Today();
  const v1::Case fresh = NewCase(4, t - 3, 20);
  AddPeriod(fresh, t - 3, std::nullopt, v1::SICK_LEAVE_DEGREE_100);
  auto names = [&](std::optional<bool> overdue) {
    v1::ListCasesRequest req;
    req.set_employer(late.employer());
    req.set_page_size(500);
    if (overdue) req.set_has_overdue_milestone(*overdue);
    v1::ListCasesResponse resp;
    grpc::Status s = stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::set<std::string> out;
    for (const auto& c : resp.cases()) {
      EXPECT_EQ(c.has_overdue_milestone(), overdue.value_or(c.has_overdue_milestone()));
      out.insert(c.name());
    }
    return out;
  };
  EXPECT_TRUE(names(true).count(late.name()));
  EXPECT_FALSE(names(true).count(fresh.name()));
  EXPECT_TRUE(names(false).count(fresh.name()));
  EXPECT_FALSE(names(false).count(late.name()));
  EXPECT_TRUE(names(std::nullopt).count(late.name()));

  // Paged: a page of one case with the filter still pages on.
  v1::ListCasesRequest req;
  req.set_has_overdue_milestone(true);
  req.set_page_size(1);
  v1::ListCasesResponse first, second;
  ASSERT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &first).ok());
  ASSERT_EQ(first.cases_size(), 1);
  if (!first.next_page_token().empty()) {
    req.set_page_token(first.next_page_token());
    ASSERT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &second).ok());
    for (const auto& c : second.cases()) EXPECT_NE(c.name(), first.cases(0).name());
  }
  // The filter is bound into the token.
  req.clear_has_overdue_milestone();
  EXPECT_EQ(stub_->ListCases(Ctx(CaseWorker()).get(), req, &second).error_code(),
            first.next_page_token().empty() ? grpc::StatusCode::OK : grpc::StatusCode::INVALID_ARGUMENT);

  v1::SearchCasesRequest search;
  search.set_employee_identity_number(Pnr(3));
  search.set_has_overdue_milestone(true);
  v1::SearchCasesResponse found;
  ASSERT_TRUE(stub_->SearchCases(Ctx(CaseWorker()).get(), search, &found).ok());
  ASSERT_EQ(found.cases_size(), 1);
  EXPECT_EQ(found.cases(0).name(), late.name());
}

TEST_F(MilestonesTest, ListOverdueMilestonesPerRole) {
  const v1::Case c = LongCase(5);
  const absl::CivilDay t = Today();
  // Sick 17 days: the report window (day 15–21) is open, so the report is DUE, not overdue.
  const v1::Case due = NewCase(6, t - 16, 20);
  AddPeriod(due, t - 16, std::nullopt, v1::SICK_LEAVE_DEGREE_100);

  v1::ListOverdueMilestonesRequest req;
  req.set_page_size(500);
  // Ordered by due date: the report (30 days ago) before day 90 (yesterday).
  EXPECT_THAT(Overdue(CaseWorker(), req, c.name()), ElementsAre("employer-report", "assessment-day-90"));
  EXPECT_THAT(Overdue(CaseWorker("cw-assigned"), req, c.name()), ElementsAre("employer-report", "assessment-day-90"));
  EXPECT_THAT(Overdue(P(ROLE_EMPLOYER_HR, employer_a_), req, c.name()),
              ElementsAre("employer-report", "assessment-day-90"));
  EXPECT_THAT(Overdue(P(ROLE_EMPLOYER_MANAGER, employer_a_, "m1", unit_a1_), req, c.name()),
              ElementsAre("employer-report", "assessment-day-90"));
  // Not theirs: another employer, another unit, another office.
  EXPECT_THAT(Overdue(P(ROLE_EMPLOYER_HR, employer_b_), req, c.name()), IsEmpty());
  EXPECT_THAT(Overdue(P(ROLE_EMPLOYER_MANAGER, employer_a_, "m2", unit_a2_), req, c.name()), IsEmpty());
  EXPECT_THAT(Overdue(P(collab::common::v1::ROLE_CASE_WORKER, fk_, "cw-f2", "", f2_), req, c.name()), IsEmpty());
  v1::ListOverdueMilestonesResponse none;
  EXPECT_EQ(stub_->ListOverdueMilestones(Ctx(Admin()).get(), req, &none).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // no case content for ADMIN (method policy)

  EXPECT_THAT(Overdue(CaseWorker(), req, due.name()), IsEmpty());
  req.set_include_due(true);
  EXPECT_THAT(Overdue(CaseWorker(), req, due.name()), ElementsAre("employer-report"));
  req.set_include_due(false);
  req.add_kinds(v1::MILESTONE_KIND_ASSESSMENT_DAY_90);
  EXPECT_THAT(Overdue(CaseWorker(), req, c.name()), ElementsAre("assessment-day-90"));

  // One milestone per page, in order, each listing audited on its case.
  req.clear_kinds();
  req.set_assigned_case_worker("cw-assigned");
  req.set_page_size(1);
  std::vector<std::string> paged;
  for (int i = 0; i < 50; ++i) {
    v1::ListOverdueMilestonesResponse page;
    ASSERT_TRUE(stub_->ListOverdueMilestones(Ctx(CaseWorker()).get(), req, &page).ok());
    for (const auto& m : page.milestones()) {
      EXPECT_EQ(m.state(), v1::MILESTONE_STATE_OVERDUE);
      EXPECT_EQ(m.employer(), c.employer());
      paged.push_back(m.name());
    }
    if (page.next_page_token().empty()) break;
    req.set_page_token(page.next_page_token());
  }
  EXPECT_NE(std::find(paged.begin(), paged.end(), c.name() + "/milestones/assessment-day-90"), paged.end());
  // The report (due 30 days ago) comes before day 90 (due yesterday).
  const auto report = std::find(paged.begin(), paged.end(), c.name() + "/milestones/employer-report");
  EXPECT_LT(report - paged.begin(),
            std::find(paged.begin(), paged.end(), c.name() + "/milestones/assessment-day-90") - paged.begin());
  EXPECT_GE(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(c.name()) +
                  "' AND method LIKE '%ListOverdueMilestones'"),
            5);

  v1::ListOverdueMilestonesRequest bad;
  bad.add_kinds(static_cast<v1::MilestoneKind>(42));
  bad.set_unit("organisations/x");
  v1::ListOverdueMilestonesResponse resp;
  grpc::Status s = stub_->ListOverdueMilestones(Ctx(CaseWorker()).get(), bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("kinds"));
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("unit"));
}

// A closed case leaves the overdue list (nothing can be met on it any more); reopened, it is back.
TEST_F(MilestonesTest, ClosingACaseTakesItOffTheOverdueList) {
  const v1::Case c = LongCase(7);
  v1::ListOverdueMilestonesRequest req;
  req.set_page_size(500);
  ASSERT_THAT(Overdue(CaseWorker(), req, c.name()), ElementsAre("employer-report", "assessment-day-90"));

  v1::Case out;
  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out).ok());
  EXPECT_THAT(Overdue(CaseWorker(), req, c.name()), IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.open_milestones WHERE case_id = '" + IdOf(c.name()) + "'"), 0);
  const v1::Case closed = Get(c.name());
  EXPECT_FALSE(closed.has_overdue_milestone());
  EXPECT_EQ(closed.next_milestone_kind(), v1::MILESTONE_KIND_UNSPECIFIED);
  EXPECT_EQ(closed.chain_day(), 91);  // the chain's count is still shown

  v1::ReopenCaseRequest reopen;
  reopen.set_name(c.name());
  ASSERT_TRUE(stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &out).ok());
  EXPECT_THAT(Overdue(CaseWorker(), req, c.name()), ElementsAre("employer-report", "assessment-day-90"));
  EXPECT_TRUE(out.has_overdue_milestone());
}

TEST_F(MilestonesTest, MarkMilestoneMet) {
  const v1::Case c = LongCase(7);
  v1::MarkMilestoneMetRequest req;
  req.set_name(c.name() + "/milestones/assessment-day-90");
  req.set_request_id("7c1f7e9a-3b2d-4e55-9a51-0c1d2e3f4a5b");
  req.set_note("Bedömning gjord mot arbete hos arbetsgivaren");
  v1::Milestone met;
  grpc::Status s = stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(met.state(), v1::MILESTONE_STATE_MET);
  EXPECT_EQ(met.met_by(), "cw-f1");
  EXPECT_EQ(met.note(), req.note());
  EXPECT_TRUE(met.has_met_time());
  // Retried with the same request id: the same answer, no second event.
  v1::Milestone again;
  ASSERT_TRUE(stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &again).ok());
  EXPECT_EQ(again.met_time().seconds(), met.met_time().seconds());
  EXPECT_EQ(Events(c, "MilestoneMet"), 1);
  // A new request: already met.
  req.clear_request_id();
  EXPECT_EQ(stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Still overdue: the report. Then it too is met (late), and nothing is overdue.
  EXPECT_TRUE(Get(c.name()).has_overdue_milestone());
  req.set_name(c.name() + "/milestones/employer-report");
  req.clear_note();
  ASSERT_TRUE(stub_->MarkMilestoneMet(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), req, &met).ok());
  const v1::Case now = Get(c.name());
  EXPECT_FALSE(now.has_overdue_milestone());
  EXPECT_EQ(now.next_milestone_kind(), v1::MILESTONE_KIND_DAY_180);
  EXPECT_EQ(Events(c, "MilestoneMet"), 2);

  // Refusals: waived, in the future, unknown kind, a foreign caller.
  req.set_name(c.name() + "/milestones/return-to-work-plan");
  EXPECT_EQ(stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  req.set_name(c.name() + "/milestones/day-180");
  req.mutable_met_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(48)));
  s = stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("met_time"));
  // Before 1900, the earliest time the service takes (case_validation.h, CheckedTime), and
  // not a valid timestamp: refused naming the field, nothing written.
  req.mutable_met_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(1850, 6, 1), absl::UTCTimeZone())));
  s = stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("met_time"));
  req.mutable_met_time()->set_seconds(absl::ToUnixSeconds(absl::Now()) - 3600);
  req.mutable_met_time()->set_nanos(-1);
  s = stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("met_time"));
  EXPECT_EQ(Events(c, "MilestoneMet"), 2);
  req.clear_met_time();
  req.set_name(c.name() + "/milestones/day-999");
  EXPECT_EQ(stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  req.set_name(c.name() + "/milestones/day-180");
  EXPECT_EQ(stub_->MarkMilestoneMet(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), req, &met).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// A spell after a gap of 5 days or more starts a new sick-pay period and needs its own report
// to FK (domain/milestones.h, EmployerReport): the report recorded for the first spell does not
// meet it, and the employer must be able to record the new one.
TEST_F(MilestonesTest, EmployerReportOfANewSpellCanBeMarkedMet) {
  const absl::CivilDay t = Today();
  const v1::Case c = NewCase(731, t - 99, 30);
  AddPeriod(c, t - 99, t - 60, v1::SICK_LEAVE_DEGREE_100);
  // First spell: day 15 is t - 85, the report is due on t - 79; made on t - 82.
  v1::MarkMilestoneMetRequest req;
  req.set_name(c.name() + "/milestones/employer-report");
  req.mutable_met_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(24 * 82)));
  v1::Milestone met;
  grpc::Status s = stub_->MarkMilestoneMet(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), req, &met);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(met.state(), v1::MILESTONE_STATE_MET);

  // A second spell after a gap of 9 days: its report (due t - 30) is open again and overdue.
  AddPeriod(c, t - 50, std::nullopt, v1::SICK_LEAVE_DEGREE_50);
  v1::GetMilestoneRequest get;
  get.set_name(req.name());
  v1::Milestone report;
  ASSERT_TRUE(stub_->GetMilestone(Ctx(CaseWorker()).get(), get, &report).ok());
  EXPECT_EQ(report.state(), v1::MILESTONE_STATE_OVERDUE);
  EXPECT_EQ(*ToCivilDay(report.due_date()), t - 30);

  // The employer records the second report today (late): it is met.
  req.clear_met_time();
  s = stub_->MarkMilestoneMet(Ctx(P(ROLE_EMPLOYER_HR, employer_a_)).get(), req, &met);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(met.state(), v1::MILESTONE_STATE_MET);
  ASSERT_TRUE(stub_->GetMilestone(Ctx(CaseWorker()).get(), get, &report).ok());
  EXPECT_EQ(report.state(), v1::MILESTONE_STATE_MET);
  EXPECT_EQ(Events(c, "MilestoneMet"), 2);
  // Met once for this spell: a further mark is refused as already met.
  EXPECT_EQ(stub_->MarkMilestoneMet(Ctx(CaseWorker()).get(), req, &met).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(MilestonesTest, MissedIsEmittedExactlyOnce) {
  const v1::Case c = LongCase(8);
  // The first period's write saw its spell's report past due; the second period's write the
  // second spell's report and day 90: one event each.
  EXPECT_EQ(Events(c, "MilestoneMissed"), 3);
  // Further writes and sweeps on the same day add nothing.
  AddPeriod(c, Today() - 120, Today() - 115, v1::SICK_LEAVE_DEGREE_100);
  auto swept = SweepMissedMilestones(*pool_, Today());
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(Events(c, "MilestoneMissed"), 3);
  // Day 180 passes unmet while nobody writes: the sweep reports it, once.
  const absl::CivilDay later = Today() + 200;
  swept = SweepMissedMilestones(*pool_, later, /*batch=*/1);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_GE(*swept, 1);
  EXPECT_EQ(Events(c, "MilestoneMissed"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.milestone_missed WHERE case_id = '" + IdOf(c.name()) +
                  "' AND kind = " + std::to_string(v1::MILESTONE_KIND_DAY_180)), 1);
  swept = SweepMissedMilestones(*pool_, later);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 0);
  EXPECT_EQ(Events(c, "MilestoneMissed"), 4);
}

// The employer's report is owed again for a new spell (a gap of 5 days or more): its miss is
// reported too, by the write that saw it and by the sweep, once each spell.
TEST_F(MilestonesTest, EmployerReportOfEachSpellIsMissedOnce) {
  const absl::CivilDay t = Today();
  const v1::Case c = NewCase(733, t - 99, 30);
  AddPeriod(c, t - 99, t - 60, v1::SICK_LEAVE_DEGREE_100);
  // First spell: day 15 is t - 85, the report was due on t - 79 and never made.
  const int report = v1::MILESTONE_KIND_EMPLOYER_REPORT;
  EXPECT_THAT(Missed(c), ElementsAre(std::make_pair(report, t - 79)));

  // A second spell after a gap of 9 days, 31 days long (chain day 71: no day 90): its report,
  // due on t - 30, was missed as well.
  AddPeriod(c, t - 50, t - 20, v1::SICK_LEAVE_DEGREE_50);
  EXPECT_THAT(Missed(c), ElementsAre(std::make_pair(report, t - 79), std::make_pair(report, t - 30)));

  // Neither further writes nor sweeps, today or later, report either of them again.
  v1::UpdateCaseRequest update;
  *update.mutable_case_() = Get(c.name());
  update.mutable_case_()->set_expected_duration_days(40);
  update.mutable_update_mask()->add_paths("expected_duration_days");
  v1::Case updated;
  grpc::Status s = stub_->UpdateCase(Ctx(CaseWorker()).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(SweepMissedMilestones(*pool_, t).ok());
  ASSERT_TRUE(SweepMissedMilestones(*pool_, t + 30).ok());
  EXPECT_EQ(Missed(c).size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.milestone_missed WHERE case_id = '" + IdOf(c.name()) +
                  "'"), 1);
}

TEST_F(MilestonesTest, CasesFromBeforeOpenMilestonesAreBackfilled) {
  const v1::Case c = LongCase(9);
  const std::string id = IdOf(c.name());
  // As a case registered before migration 0003 would be: no open milestones, not refreshed.
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("DELETE FROM cases.open_milestones WHERE case_id = '" + id + "'");
    tx.exec("UPDATE cases.cases SET milestones_refreshed = false WHERE id = '" + id + "'");
    tx.commit();
  }
  auto overdue_ids = [&] {
    v1::ListCasesRequest req;
    req.set_has_overdue_milestone(true);
    req.set_page_size(500);
    v1::ListCasesResponse resp;
    EXPECT_TRUE(stub_->ListCases(Ctx(CaseWorker()).get(), req, &resp).ok());
    std::set<std::string> out;
    for (const auto& x : resp.cases()) out.insert(x.name());
    return out;
  };
  EXPECT_FALSE(overdue_ids().count(c.name()));
  auto backfilled = BackfillOpenMilestones(*pool_, Today());
  ASSERT_TRUE(backfilled.ok()) << backfilled.status();
  EXPECT_EQ(*backfilled, 1);
  EXPECT_TRUE(overdue_ids().count(c.name()));
  // The report, day 90, day 180 and day 365 (the plan is waived).
  EXPECT_EQ(Count("SELECT count(*) FROM cases.open_milestones WHERE case_id = '" + id + "'"), 4);
  backfilled = BackfillOpenMilestones(*pool_, Today());
  ASSERT_TRUE(backfilled.ok());
  EXPECT_EQ(*backfilled, 0);
}

}  // namespace
}  // namespace collab::cases
