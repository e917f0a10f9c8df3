// The ledger of actuals (utfall) and budget status on the KUPO project: idempotent bookings,
// corrections by negative entries, in-kind hours × rate, per-funder shares, over-budget warning,
// and the outbox event written in the same transaction as the entry.
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
