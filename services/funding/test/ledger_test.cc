// The ledger of actuals (utfall) and budget status on the KUPO project: idempotent bookings,
// corrections by negative entries, in-kind hours × rate, per-funder shares, the budget status
// warnings (over budget, outside the period, in-kind time not backed, phase reports due), and the
// outbox event written in the same transaction as the entry.
#include <chrono>
#include <thread>

#include "services/funding/test/funding_service_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using ::testing::Contains;

class LedgerTest : public FundingServiceTest {
 protected:
  static v1::LedgerEntry Cash(const v1::BudgetLine& line, int64_t kronor, int m, int d,
                              const std::string& funder = "") {
    v1::LedgerEntry e;
    e.set_budget_line(line.name());
    *e.mutable_booking_date() = D(2016, m, d);
    *e.mutable_amount() = Sek(kronor);
    e.set_kind(v1::FUNDING_KIND_CASH);
    e.set_voucher_reference("V-" + std::to_string(m) + "-" + std::to_string(d));
    e.set_funder(funder);
    return e;
  }
  // FK's working time at 328 kr/h; a negative `hours` books a correction taking hours back.
  static v1::LedgerEntry InKind(const v1::BudgetLine& line, int64_t hours, int m, int d,
                                const std::string& time_report) {
    v1::LedgerEntry e;
    e.set_budget_line(line.name());
    *e.mutable_booking_date() = D(2016, m, d);
    *e.mutable_amount() = Sek(hours * 328);
    e.set_kind(v1::FUNDING_KIND_IN_KIND);
    e.mutable_in_kind()->set_hours(hours < 0 ? -hours : hours);
    *e.mutable_in_kind()->mutable_hourly_rate() = Sek(328);
    e.set_funder(Org(fk_));
    e.set_time_report_reference(time_report);
    return e;
  }
  // The warnings of `code` about `resource` ("" for any).
  static std::vector<v1::BudgetWarning> Warnings(const v1::BudgetStatus& s,
                                                 v1::BudgetWarningCode code,
                                                 const std::string& resource = "") {
    std::vector<v1::BudgetWarning> out;
    for (const v1::BudgetWarning& w : s.warnings()) {
      if (w.code() == code && (resource.empty() || w.resource() == resource)) out.push_back(w);
    }
    return out;
  }
  static const v1::FunderStatus* FunderIn(const v1::BudgetStatus& s, const std::string& funder,
                                          v1::FundingKind kind) {
    for (const v1::FunderStatus& f : s.funders()) {
      if (f.funder() == funder && f.kind() == kind) return &f;
    }
    return nullptr;
  }
  static const v1::BudgetLineStatus* LineIn(const v1::BudgetStatus& s, const std::string& line) {
    for (const v1::BudgetLineStatus& l : s.lines()) {
      if (l.budget_line() == line) return &l;
    }
    return nullptr;
  }
};

TEST_F(LedgerTest, BookingIsIdempotentByRequestId) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine travel = Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL);
  const std::string id = "0b6c1b7e-9d2a-4c3f-8e1d-2a3b4c5d6e7f";
  const v1::LedgerEntry first = Book(p.name(), Cash(travel, 2'500, 6, 10), id);
  const v1::LedgerEntry again = Book(p.name(), Cash(travel, 2'500, 6, 10), id);
  EXPECT_EQ(first.name(), again.name());
  EXPECT_EQ(first.booked_by(), "pm-kupo");
  EXPECT_EQ(Count("SELECT count(*) FROM funding.ledger_entries"), 1);
  EXPECT_EQ(Status(p.name(), 2016, 12, 31).total().spent().minor_units(), 2'500'00);

  // The same id with another body is a client bug, not a second booking.
  v1::CreateLedgerEntryRequest other;
  other.set_parent(p.name());
  *other.mutable_ledger_entry() = Cash(travel, 3'000, 6, 10);
  other.set_request_id(id);
  v1::LedgerEntry out;
  EXPECT_EQ(stub_->CreateLedgerEntry(Ctx(Manager()).get(), other, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // And a booking without a request id is refused outright.
  other.clear_request_id();
  EXPECT_THAT(collab::testing::ViolatedFields(
                  stub_->CreateLedgerEntry(Ctx(Manager()).get(), other, &out)),
              Contains("request_id"));
  EXPECT_EQ(Count("SELECT count(*) FROM funding.ledger_entries"), 1);
}

TEST_F(LedgerTest, OverBudgetLineIsWarnedAndCorrectionTakesItBack) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine travel = Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL);
  const v1::LedgerEntry booked =
      Book(p.name(), Cash(travel, 12'000, 9, 15), "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
  v1::BudgetStatus s = Status(p.name(), 2017, 1, 31);
  const v1::BudgetLineStatus* line = LineIn(s, travel.name());
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->figures().budget().minor_units(), 10'000'00);
  EXPECT_EQ(line->figures().spent().minor_units(), 12'000'00);
  EXPECT_EQ(line->figures().remaining().minor_units(), -2'000'00);
  EXPECT_EQ(line->figures().percent_used_basis_points(), 12000);
  bool warned = false;
  for (const v1::BudgetWarning& w : s.warnings()) {
    warned = warned || (w.code() == v1::BUDGET_WARNING_CODE_LINE_OVERSPENT && w.resource() == travel.name());
  }
  EXPECT_TRUE(warned);

  // Never an edit: a negative entry that names the one it corrects.
  v1::LedgerEntry correction = Cash(travel, -2'000, 9, 20);
  correction.set_corrects(booked.name());
  Book(p.name(), correction, "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a");
  s = Status(p.name(), 2017, 1, 31);
  EXPECT_EQ(LineIn(s, travel.name())->figures().spent().minor_units(), 10'000'00);
  for (const v1::BudgetWarning& w : s.warnings()) {
    EXPECT_NE(w.code(), v1::BUDGET_WARNING_CODE_LINE_OVERSPENT) << w.message();
  }
  // Entries after as_of are left out.
  EXPECT_EQ(LineIn(Status(p.name(), 2016, 9, 17), travel.name())->figures().spent().minor_units(),
            12'000'00);
}

TEST_F(LedgerTest, FunderSharesFollowCommitments) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine conference = Line(p.name(), v1::BUDGET_CATEGORY_CONFERENCE_TRAINING);
  const v1::BudgetLine management = Line(p.name(), v1::BUDGET_CATEGORY_PROJECT_MANAGEMENT);
  // 62 000 kr of cash without a funder: spread over the cash commitments 190/120/110/200.
  Book(p.name(), Cash(conference, 62'000, 10, 3), "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b");
  // 100 h of FK's in-kind time at 328 kr/h.
  v1::LedgerEntry time;
  time.set_budget_line(management.name());
  *time.mutable_booking_date() = D(2016, 10, 31);
  *time.mutable_amount() = Sek(32'800);
  time.set_kind(v1::FUNDING_KIND_IN_KIND);
  time.mutable_in_kind()->set_hours(100);
  *time.mutable_in_kind()->mutable_hourly_rate() = Sek(328);
  time.set_funder(Org(fk_));
  time.set_time_report_reference("TR-2016-10");
  Book(p.name(), time, "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c");

  const v1::BudgetStatus s = Status(p.name(), 2017, 1, 31);
  EXPECT_EQ(s.total().spent().minor_units(), 94'800'00);
  const struct {
    std::string funder;
    int64_t committed, share;
  } expected[] = {{arvika_eda_, 190'000, 19'000},
                  {fryksdalen_, 120'000, 12'000},
                  {klaralvdalen_, 110'000, 11'000},
                  {samspelet_, 200'000, 20'000}};
  for (const auto& e : expected) {
    const v1::FunderStatus* f = FunderIn(s, Org(e.funder), v1::FUNDING_KIND_CASH);
    ASSERT_NE(f, nullptr) << e.funder;
    EXPECT_EQ(f->figures().budget().minor_units(), e.committed * 100);
    EXPECT_EQ(f->figures().spent().minor_units(), e.share * 100);
  }
  const v1::FunderStatus* fk = FunderIn(s, Org(fk_), v1::FUNDING_KIND_IN_KIND);
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(fk->figures().budget().minor_units(), 240'000'00);  // 100 000 + 140 000 in kind
  EXPECT_EQ(fk->figures().spent().minor_units(), 32'800'00);

  // Per month: the October figures.
  bool october = false;
  for (const v1::PeriodStatus& ps : s.periods()) {
    if (ps.period().start_date().month() == 10 && ps.period().start_date().year() == 2016) {
      october = true;
      EXPECT_EQ(ps.figures().spent().minor_units(), 94'800'00);
    }
  }
  EXPECT_TRUE(october);
  EXPECT_EQ(s.periods_size(), 9);  // May 2016 – January 2017
}

TEST_F(LedgerTest, EntryOutsideTheProjectPeriodIsWarned) {
  const v1::Project p = CreateActiveKupo();
  v1::LedgerEntry late = Cash(Line(p.name(), v1::BUDGET_CATEGORY_MATERIAL_PRINT_FILM), 3'000, 1, 1);
  *late.mutable_booking_date() = D(2017, 2, 15);  // after 2017-01-31
  Book(p.name(), late, "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d");
  auto warned = [](const v1::BudgetStatus& s) {
    for (const v1::BudgetWarning& w : s.warnings()) {
      if (w.code() == v1::BUDGET_WARNING_CODE_ENTRY_OUTSIDE_PERIOD) return true;
    }
    return false;
  };
  EXPECT_TRUE(warned(Status(p.name(), 2017, 3, 1)));
  EXPECT_FALSE(warned(Status(p.name(), 2017, 1, 31)));  // not yet booked as of then
}

TEST_F(LedgerTest, InKindAmountMustBeHoursTimesRate) {
  const v1::Project p = CreateActiveKupo();
  v1::CreateLedgerEntryRequest req;
  req.set_parent(p.name());
  req.set_request_id("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d");
  v1::LedgerEntry* e = req.mutable_ledger_entry();
  e->set_budget_line(Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP).name());
  *e->mutable_booking_date() = D(2016, 10, 1);
  *e->mutable_amount() = Sek(30'000);
  e->set_kind(v1::FUNDING_KIND_IN_KIND);
  e->mutable_in_kind()->set_hours(100);
  *e->mutable_in_kind()->mutable_hourly_rate() = Sek(328);
  e->set_funder(Org(fk_));
  v1::LedgerEntry out;
  grpc::Status s = stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("ledger_entry.amount"));
}

// ESF co-financing: in-kind working time backed by time reports in whole hours (domain.md,
// "Funding"). KUPO is not ESF co-funded, so time without a time report is booked, and warned.
TEST_F(LedgerTest, InKindTimeWithoutATimeReportIsWarnedUntilTakenBack) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine group = Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP);
  const auto unbacked = [&](int y, int m, int d) {
    return Warnings(Status(p.name(), y, m, d), v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED, p.name());
  };
  // Whole hours with a time report: backed.
  Book(p.name(), InKind(group, 100, 10, 31, "TR-2016-10"), "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
  EXPECT_TRUE(unbacked(2017, 1, 31).empty());

  // Twelve hours without one.
  const v1::LedgerEntry bare =
      Book(p.name(), InKind(group, 12, 11, 15, ""), "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e");
  std::vector<v1::BudgetWarning> w = unbacked(2017, 1, 31);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message(), "12 hours of booked in-kind time without a time report reference");
  EXPECT_TRUE(unbacked(2016, 11, 14).empty());  // not yet booked as of then

  // Taken back by a correction (to be rebooked with its time report): no longer warned from the
  // correction's date on; the running total, not the ledger, says so.
  v1::LedgerEntry correction = InKind(group, -12, 11, 20, "");
  correction.set_corrects(bare.name());
  Book(p.name(), correction, "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f");
  EXPECT_EQ(unbacked(2016, 11, 19).size(), 1u);
  EXPECT_TRUE(unbacked(2017, 1, 31).empty());
  EXPECT_EQ(Count("SELECT coalesce(sum(unbacked_in_kind_hours), 0) FROM funding.ledger_totals "
                  "WHERE project_id = '" + p.name().substr(9) + "'"),
            0);

  // A correction of backed time takes nothing back from unbacked time.
  Book(p.name(), InKind(group, 5, 12, 1, ""), "4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f8a");
  v1::LedgerEntry backed_back = InKind(group, -5, 12, 2, "");
  backed_back.set_corrects(Book(p.name(), InKind(group, 5, 12, 1, "TR-2016-12"),
                                "5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8a9b")
                               .name());
  Book(p.name(), backed_back, "6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8a9b0c");
  w = unbacked(2017, 1, 31);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message(), "5 hours of booked in-kind time without a time report reference");
}

// A correction takes back no more than remains of the entry it corrects (domain/corrections.h):
// over-correcting twelve unbacked hours would hide five unbacked hours booked elsewhere.
TEST_F(LedgerTest, CorrectionTakesBackNoMoreThanRemainsOfItsEntry) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine group = Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP);
  const std::string unbacked_total =
      "SELECT coalesce(sum(unbacked_in_kind_hours), 0) FROM funding.ledger_totals WHERE "
      "project_id = '" +
      p.name().substr(9) + "'";
  const std::string entries = "SELECT count(*) FROM funding.ledger_entries";
  const auto warning = [&] {
    std::vector<v1::BudgetWarning> w = Warnings(
        Status(p.name(), 2017, 1, 31), v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED, p.name());
    return w.size() == 1 ? w[0].message() : "";
  };
  const v1::LedgerEntry bare =
      Book(p.name(), InKind(group, 12, 11, 15, ""), "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c01");
  Book(p.name(), InKind(group, 5, 11, 16, ""), "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c02");
  ASSERT_EQ(Count(unbacked_total), 17);
  ASSERT_EQ(warning(), "17 hours of booked in-kind time without a time report reference");

  const auto correct = [&](int64_t hours, const std::string& request_id) {
    v1::CreateLedgerEntryRequest req;
    req.set_parent(p.name());
    *req.mutable_ledger_entry() = InKind(group, -hours, 11, 20, "");
    req.mutable_ledger_entry()->set_corrects(bare.name());
    req.set_request_id(request_id);
    v1::LedgerEntry out;
    return stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
  };
  // One hour more than the entry booked: refused, naming the hours, and nothing changes.
  grpc::Status s = correct(13, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("ledger_entry.in_kind.hours"));
  EXPECT_EQ(s.error_message(),
            "ledger_entry.in_kind.hours: takes back 13 hours but the corrected "
            "entry has only 12 hours left (12 hours booked, 0 hours taken back "
            "by earlier corrections)")
      << s.error_message();
  EXPECT_EQ(Count(entries), 2);
  EXPECT_EQ(Count(unbacked_total), 17);
  EXPECT_EQ(warning(), "17 hours of booked in-kind time without a time report reference");

  // Two corrections summing past it: the second is refused.
  EXPECT_TRUE(correct(7, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c04").ok());
  EXPECT_EQ(Count(unbacked_total), 10);
  s = correct(6, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c05");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("ledger_entry.in_kind.hours"));
  EXPECT_EQ(Count(entries), 3);
  EXPECT_EQ(Count(unbacked_total), 10);
  EXPECT_EQ(warning(), "10 hours of booked in-kind time without a time report reference");

  // Exactly what remains is taken back; the other entry's five hours stay warned about.
  EXPECT_TRUE(correct(5, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c06").ok());
  EXPECT_EQ(Count(unbacked_total), 5);
  EXPECT_EQ(warning(), "5 hours of booked in-kind time without a time report reference");
  s = correct(1, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c07");
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("ledger_entry.in_kind.hours"));
  EXPECT_EQ(Count(unbacked_total), 5);
  EXPECT_EQ(warning(), "5 hours of booked in-kind time without a time report reference");
}

// The amount holds the same rule for cash; and a correction is negative, corrects a booked entry
// (not a correction) and takes back from the same kind and funder attribution.
TEST_F(LedgerTest, CorrectionIsANegativeTakeBackOfTheSameBooking) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine travel = Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL);
  const v1::LedgerEntry booked =
      Book(p.name(), Cash(travel, 12'000, 9, 15), "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c01");
  const auto refused_field = [&](v1::LedgerEntry e, const std::string& request_id) {
    if (e.corrects().empty()) e.set_corrects(booked.name());
    v1::CreateLedgerEntryRequest req;
    req.set_parent(p.name());
    *req.mutable_ledger_entry() = e;
    req.set_request_id(request_id);
    v1::LedgerEntry out;
    grpc::Status s = stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    std::vector<std::string> fields = collab::testing::ViolatedFields(s);
    return fields.size() == 1 ? fields[0] : "";
  };
  const auto spent = [&] {
    return LineIn(Status(p.name(), 2017, 1, 31), travel.name())->figures().spent().minor_units();
  };
  EXPECT_EQ(refused_field(Cash(travel, -12'001, 9, 20), "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c02"),
            "ledger_entry.amount");
  EXPECT_EQ(refused_field(Cash(travel, 500, 9, 20), "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03"),
            "ledger_entry.amount");
  EXPECT_EQ(refused_field(Cash(travel, -500, 9, 20, Org(samspelet_)),
                          "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c04"),
            "ledger_entry.funder");
  EXPECT_EQ(
      refused_field(InKind(travel, -1, 9, 20, "TR-1"), "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c05"),
      "ledger_entry.kind");
  EXPECT_EQ(spent(), 12'000'00);

  v1::LedgerEntry first = Cash(travel, -2'000, 9, 20);
  first.set_corrects(booked.name());
  first = Book(p.name(), first, "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c06");
  EXPECT_EQ(spent(), 10'000'00);
  // A correction of the correction: refused; correct the booked entry itself.
  v1::LedgerEntry of_correction = Cash(travel, -1'000, 9, 21);
  of_correction.set_corrects(first.name());
  EXPECT_EQ(refused_field(of_correction, "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c07"),
            "ledger_entry.corrects");
  EXPECT_EQ(refused_field(Cash(travel, -10'001, 9, 21), "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c08"),
            "ledger_entry.amount");
  EXPECT_EQ(spent(), 10'000'00);
  v1::LedgerEntry rest = Cash(travel, -10'000, 9, 21);
  rest.set_corrects(booked.name());
  Book(p.name(), rest, "b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c09");
  EXPECT_EQ(spent(), 0);
}

// Two corrections of one entry at once: the entry's row is locked while one books, so the other
// sees it and is refused; never both.
TEST_F(LedgerTest, ConcurrentCorrectionsOfOneEntryDoNotBothPass) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine group = Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP);
  const v1::LedgerEntry bare =
      Book(p.name(), InKind(group, 12, 11, 15, ""), "c1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c01");
  // Hold the entry's row so that both corrections are under way before either can book.
  auto holder = Superuser();
  pqxx::work hold(*holder);
  const std::string bare_id = bare.name().substr(bare.name().rfind('/') + 1);
  hold.exec("SELECT 1 FROM funding.ledger_entries WHERE id = '" + bare_id + "' FOR UPDATE");
  grpc::Status results[2];
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateLedgerEntryRequest req;
      req.set_parent(p.name());
      *req.mutable_ledger_entry() = InKind(group, -8, 11, 20, "");
      req.mutable_ledger_entry()->set_corrects(bare.name());
      req.set_request_id("c1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c1" + std::to_string(i));
      v1::LedgerEntry out;
      results[i] = stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
    });
  }
  const std::string waiting =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
      "AND wait_event_type = 'Lock'";
  for (int tries = 0; tries < 200 && Count(waiting) < 2; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(Count(waiting), 2);
  hold.commit();
  for (std::thread& t : threads) t.join();
  EXPECT_NE(results[0].ok(), results[1].ok())
      << results[0].error_message() << " / " << results[1].error_message();
  for (const grpc::Status& r : results) {
    if (!r.ok()) {
      EXPECT_EQ(r.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << r.error_message();
    }
  }
  EXPECT_EQ(Count("SELECT coalesce(sum(unbacked_in_kind_hours), 0) FROM funding.ledger_totals"), 4);
}

// An ESF co-funded project refuses in-kind time without a time report when it is booked, so the
// budget status has none to warn about.
TEST_F(LedgerTest, EsfProjectRefusesInKindTimeWithoutATimeReport) {
  v1::Project draft = CreateKupo();
  v1::UpdateProjectRequest update;
  *update.mutable_project() = draft;
  update.mutable_project()->set_esf_cofunded(true);
  update.mutable_update_mask()->add_paths("esf_cofunded");
  ASSERT_TRUE(stub_->UpdateProject(Ctx(Manager()).get(), update, &draft).ok());
  const v1::Project p = ActivateKupo(draft);
  ASSERT_TRUE(p.esf_cofunded());
  const v1::BudgetLine group = Line(p.name(), v1::BUDGET_CATEGORY_WORKING_GROUP);

  v1::CreateLedgerEntryRequest req;
  req.set_parent(p.name());
  *req.mutable_ledger_entry() = InKind(group, 12, 11, 15, "");
  req.set_request_id("7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d");
  v1::LedgerEntry out;
  grpc::Status s = stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), Contains("ledger_entry.time_report_reference"));

  Book(p.name(), InKind(group, 12, 11, 15, "TR-2016-11"), "8b9c0d1e-2f3a-4b4c-9d6e-7f8a9b0c1d2e");
  EXPECT_TRUE(Warnings(Status(p.name(), 2017, 1, 31), v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED,
                       p.name())
                  .empty());
}

// KUPO's "15 % working time, project manager" is committed in kind as an amount without hours:
// in-kind time is hours × rate, so it is warned about (beside its commitment flag) until it
// states them; the working group's 431 h × 328 kr is not.
TEST_F(LedgerTest, InKindCommitmentWithoutHoursIsWarned) {
  const v1::Project p = CreateKupo();
  v1::ListFundingCommitmentsRequest list;
  list.set_parent(p.name());
  list.set_kind(v1::FUNDING_KIND_IN_KIND);
  v1::ListFundingCommitmentsResponse in_kind;
  ASSERT_TRUE(stub_->ListFundingCommitments(Ctx(Manager()).get(), list, &in_kind).ok());
  ASSERT_EQ(in_kind.funding_commitments_size(), 2);
  v1::FundingCommitment share = in_kind.funding_commitments(0);
  v1::FundingCommitment group = in_kind.funding_commitments(1);
  if (share.has_in_kind()) std::swap(share, group);
  ASSERT_FALSE(share.has_in_kind());
  ASSERT_TRUE(group.has_in_kind());

  v1::BudgetStatus s = Status(p.name(), 2016, 6, 1);
  std::vector<v1::BudgetWarning> w =
      Warnings(s, v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED, share.name());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].message(), "in-kind commitment of " + Org(fk_) +
                                " (100 000,00 kr) states no hours × hourly rate");
  EXPECT_TRUE(Warnings(s, v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED, group.name()).empty());

  // 305 h × 328 kr: hours stated (the 40 kr difference is the commitment's own flag).
  v1::UpdateFundingCommitmentRequest update;
  *update.mutable_funding_commitment() = share;
  update.mutable_funding_commitment()->mutable_in_kind()->set_hours(305);
  *update.mutable_funding_commitment()->mutable_in_kind()->mutable_hourly_rate() = Sek(328);
  update.mutable_update_mask()->add_paths("in_kind");
  ASSERT_TRUE(stub_->UpdateFundingCommitment(Ctx(Manager()).get(), update, &share).ok());
  EXPECT_TRUE(Warnings(Status(p.name(), 2016, 6, 1), v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED)
                  .empty());
}

// "A project reports to its funders after each phase" (domain.md, "Funding").
TEST_F(LedgerTest, PhaseReportIsDueOnceThePhaseHasEnded) {
  v1::Project draft = CreateKupo();
  v1::ListPhasesRequest list;
  list.set_parent(draft.name());
  v1::ListPhasesResponse phases;
  ASSERT_TRUE(stub_->ListPhases(Ctx(Manager()).get(), list, &phases).ok());
  ASSERT_EQ(phases.phases_size(), 3);
  v1::Phase first = phases.phases(0);
  const v1::Phase last = phases.phases(2);
  v1::UpdatePhaseRequest update;
  *update.mutable_phase() = first;
  *update.mutable_phase()->mutable_report_due_date() = D(2016, 9, 30);
  update.mutable_update_mask()->add_paths("report_due_date");
  ASSERT_TRUE(stub_->UpdatePhase(Ctx(Manager()).get(), update, &first).ok());
  const auto due = [](const v1::BudgetStatus& s) {
    return Warnings(s, v1::BUDGET_WARNING_CODE_PHASE_REPORT_DUE);
  };
  // Nothing runs, so nothing is reported, before the project is ACTIVE.
  EXPECT_TRUE(due(Status(draft.name(), 2017, 2, 1)).empty());

  v1::Project p = ActivateKupo(draft);
  // 1 September is the first phase's last day.
  EXPECT_TRUE(due(Status(p.name(), 2016, 9, 1)).empty());
  std::vector<v1::BudgetWarning> w = due(Status(p.name(), 2016, 9, 2));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].resource(), first.name());
  EXPECT_EQ(w[0].message(),
            "phase \"Behovsinventering och metodutveckling\" ended 2016-09-01: its report to the "
            "funders is due by 2016-09-30");

  // After the project period every phase has ended; the first one's report is overdue.
  w = due(Status(p.name(), 2017, 2, 1));
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(Warnings(Status(p.name(), 2017, 2, 1), v1::BUDGET_WARNING_CODE_PHASE_REPORT_DUE,
                     first.name())[0]
                .message(),
            "phase \"Behovsinventering och metodutveckling\" ended 2016-09-01: its report to the "
            "funders is overdue (due by 2016-09-30)");
  const std::vector<v1::BudgetWarning> final_phase =
      Warnings(Status(p.name(), 2017, 2, 1), v1::BUDGET_WARNING_CODE_PHASE_REPORT_DUE, last.name());
  ASSERT_EQ(final_phase.size(), 1u);
  EXPECT_EQ(final_phase[0].message(),
            "phase \"Uppföljning och utvärdering\" ended 2017-01-31: its report to the funders is due");

  // Closed: reporting is over.
  v1::CloseProjectRequest close;
  close.set_name(p.name());
  ASSERT_TRUE(stub_->CloseProject(Ctx(Manager()).get(), close, &p).ok());
  EXPECT_TRUE(due(Status(p.name(), 2017, 2, 1)).empty());
}

// Recording the delivery of a phase report (lägesrapport / delrapport) clears its warning from
// that day on, while the project is ACTIVE; clearing the date brings the warning back.
TEST_F(LedgerTest, DeliveredPhaseReportIsNoLongerDue) {
  const v1::Project p = CreateActiveKupo();
  v1::ListPhasesRequest list;
  list.set_parent(p.name());
  v1::ListPhasesResponse phases;
  ASSERT_TRUE(stub_->ListPhases(Ctx(Manager()).get(), list, &phases).ok());
  ASSERT_EQ(phases.phases_size(), 3);
  v1::Phase first = phases.phases(0);
  const auto due = [&](int y, int m, int d, const std::string& phase = "") {
    return Warnings(Status(p.name(), y, m, d), v1::BUDGET_WARNING_CODE_PHASE_REPORT_DUE, phase);
  };
  ASSERT_EQ(due(2016, 9, 2, first.name()).size(), 1u);

  v1::UpdatePhaseRequest update;
  *update.mutable_phase() = first;
  *update.mutable_phase()->mutable_report_delivered_date() = D(2016, 9, 20);
  update.mutable_update_mask()->add_paths("report_delivered_date");
  v1::Phase delivered;
  grpc::Status s = stub_->UpdatePhase(Ctx(Manager()).get(), update, &delivered);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(delivered.report_delivered_date().day(), 20);
  EXPECT_NE(delivered.etag(), first.etag());
  v1::GetPhaseRequest get;
  get.set_name(first.name());
  v1::Phase read;
  ASSERT_TRUE(stub_->GetPhase(Ctx(Manager()).get(), get, &read).ok());
  EXPECT_EQ(read.report_delivered_date().month(), 9);

  // Owed until the day before its delivery; not from then on, while the other phases still are.
  EXPECT_EQ(due(2016, 9, 19, first.name()).size(), 1u);
  EXPECT_TRUE(due(2016, 9, 20, first.name()).empty());
  EXPECT_TRUE(due(2017, 2, 1, first.name()).empty());
  EXPECT_EQ(due(2017, 2, 1).size(), 2u);

  // Cleared (the mask names it, the phase leaves it unset): owed again.
  *update.mutable_phase() = delivered;
  update.mutable_phase()->clear_report_delivered_date();
  ASSERT_TRUE(stub_->UpdatePhase(Ctx(Manager()).get(), update, &first).ok());
  EXPECT_FALSE(first.has_report_delivered_date());
  EXPECT_EQ(due(2017, 2, 1).size(), 3u);
}

TEST_F(LedgerTest, EntryAndItsEventCommitTogether) {
  const v1::Project p = CreateActiveKupo();
  const v1::BudgetLine travel = Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL);
  const std::string events =
      "SELECT count(*) FROM funding.outbox WHERE event_type = 'collab.events.v1.LedgerEntryBooked'";
  Book(p.name(), Cash(travel, 1'000, 7, 1), "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e");
  EXPECT_EQ(Count(events), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM funding.ledger_entries"), 1);

  // Make the outbox refuse the event: the entry and its running total must roll back with it.
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec(
        "CREATE FUNCTION funding.refuse_event() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$");
    tx.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON funding.outbox FOR EACH ROW "
        "EXECUTE FUNCTION funding.refuse_event()");
    tx.commit();
  }
  v1::CreateLedgerEntryRequest req;
  req.set_parent(p.name());
  *req.mutable_ledger_entry() = Cash(travel, 4'000, 7, 2);
  req.set_request_id("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
  v1::LedgerEntry out;
  EXPECT_FALSE(stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM funding.ledger_entries"), 1);
  EXPECT_EQ(Count("SELECT coalesce(sum(spent_minor), 0) FROM funding.ledger_totals"), 1'000'00);
  EXPECT_EQ(Count(events), 1);
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("DROP TRIGGER refuse ON funding.outbox");
    tx.commit();
  }
  // Status changes carry their event too: created, submitted, approved, activated.
  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox WHERE event_type = "
                  "'collab.events.v1.ProjectStatusChanged'"),
            4);
  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox WHERE event_type = "
                  "'collab.events.v1.CommitmentRecorded'"),
            6);
}

TEST_F(LedgerTest, NoBookingOutsideActive) {
  const v1::Project p = CreateKupo();
  v1::CreateLedgerEntryRequest req;
  req.set_parent(p.name());
  *req.mutable_ledger_entry() = Cash(Line(p.name(), v1::BUDGET_CATEGORY_TRAVEL), 100, 6, 1);
  req.set_request_id("8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a");
  v1::LedgerEntry out;
  EXPECT_EQ(stub_->CreateLedgerEntry(Ctx(Manager()).get(), req, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace collab::funding
