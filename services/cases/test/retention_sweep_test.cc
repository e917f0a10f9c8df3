// The retention job (retention_sweeper.h; gallring, RA-FS 2020:1): one pass erases exactly the
// closed cases domain/retention.h says are due, with the audit row ErasePersonalData writes for
// the retention principal, never an open case, never a case twice, over as many pages as needed,
// and safely when two replicas sweep at once. Passes run synchronously as of a given day, so a
// case closed today is judged years ahead without waiting.
#include <set>
#include <thread>

#include "libs/common/dates.h"
#include "libs/db/transaction.h"
#include "services/cases/case_erase.h"
#include "services/cases/case_validation.h"
#include "services/cases/domain/retention.h"
#include "services/cases/rehab_watch_store.h"
#include "services/cases/retention_sweeper.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

class RetentionSweepTest : public CaseServiceTest {
 protected:
  // A case with one period [t - 40, t - 11] (t: today), closed; its close day moved to
  // `close_day` (SQL: CloseCase closes today).
  static v1::Case ClosedCase(int n, std::optional<absl::CivilDay> close_day = std::nullopt) {
    const v1::Case c = WithPeriod(n);
    const v1::Case out = CloseAsReturned(c.name(), "Åter i arbete på heltid");
    if (close_day) SetCloseDay(c, *close_day);
    return out;
  }
  static v1::Case WithPeriod(int n) {
    const absl::CivilDay t = SwedishToday();
    v1::Case sample = SampleCase(n);
    *sample.mutable_first_sick_day() = FromCivilDay(t - 40);
    const v1::Case c = Create(sample);
    v1::CreateSickLeavePeriodRequest period;
    period.set_parent(c.name());
    *period.mutable_sick_leave_period()->mutable_period()->mutable_start_date() = FromCivilDay(t - 40);
    *period.mutable_sick_leave_period()->mutable_period()->mutable_end_date() = FromCivilDay(PeriodEnd());
    period.mutable_sick_leave_period()->set_degree(v1::SICK_LEAVE_DEGREE_100);
    v1::SickLeavePeriod p;
    grpc::Status s = stub_->CreateSickLeavePeriod(Ctx(CaseWorker()).get(), period, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return c;
  }
  static absl::CivilDay PeriodEnd() { return SwedishToday() - 11; }
  // Noon, Swedish time, on `day`.
  static void SetCloseDay(const v1::Case& c, absl::CivilDay day) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("UPDATE cases.cases SET close_time = ('" + ToIsoDate(day) +
            " 12:00'::timestamp AT TIME ZONE 'Europe/Stockholm') WHERE id = '" + IdOf(c.name()) + "'");
    tx.commit();
  }
  static bool Erased(const v1::Case& c) {
    return Count("SELECT count(*) FROM cases.cases WHERE id = '" + IdOf(c.name()) +
                 "' AND personal_data_erase_time IS NOT NULL") == 1;
  }
  static int64_t EraseRows(const v1::Case& c) {
    return Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(c.name()) +
                 "' AND action = " + std::to_string(v1::AUDIT_ACTION_ERASE));
  }
  static RetentionSweepResult Sweep(absl::CivilDay today, RetentionSweepOptions options = {}) {
    absl::StatusOr<RetentionSweepResult> r = SweepRetention(*pool_, today, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : RetentionSweepResult{};
  }
  static bool ChainIntact() {
    const v1::VerifyAuditChainResponse resp = VerifyChains();
    return resp.intact() && resp.events_checked() > 0;
  }
  // Early signals (domain/retention.h, second half).
  // A spell of person `n` from `from` to `to` (days before today), as the employer reports it.
  static v1::AbsenceSpell Spell(int n, int from, int to) {
    const absl::CivilDay t = SwedishToday();
    return RecordSpell(n, t - from, t - to);
  }
  // Three spells in six months: an OPEN watch (rehab_watch_trigger.h); the last ends 20 days ago.
  static v1::RehabWatch WatchOf(int n, std::vector<v1::AbsenceSpell>* spells) {
    spells->push_back(Spell(n, 150, 149));
    spells->push_back(Spell(n, 90, 88));
    spells->push_back(Spell(n, 20, 20));
    EXPECT_FALSE(spells->back().rehab_watch().empty());
    return GetWatch(spells->back().rehab_watch());
  }
  static bool RowErased(const char* table, const std::string& name) {
    return Count(std::string("SELECT count(*) FROM cases.") + table + " WHERE id = '" + IdOf(name) +
                 "' AND personal_data_erase_time IS NOT NULL AND identity_cipher = ''::bytea") == 1;
  }
  static bool SpellErased(const v1::AbsenceSpell& s) { return RowErased("absence_spells", s.name()); }
  static bool WatchErased(const v1::RehabWatch& w) {
    return RowErased("rehab_watches", w.name()) &&
           Count("SELECT count(*) FROM cases.rehab_watches WHERE id = '" + IdOf(w.name()) +
                 "' AND name_cipher IS NULL AND notes_cipher IS NULL") == 1;
  }
  // ERASE rows on a spell's or watch's own chain, as the retention job did for a case.
  static int64_t EraseRowsOf(const std::string& name, const std::string& actor = "service:retention") {
    return Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(name) +
                 "' AND action = " + std::to_string(v1::AUDIT_ACTION_ERASE) + " AND actor = '" + actor +
                 "' AND method = '/collab.cases.v1.CaseService/ErasePersonalData' AND resource = '" + name +
                 "'");
  }
  static int64_t AllEraseRowsOf(const std::string& name) {
    return Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(name) +
                 "' AND action = " + std::to_string(v1::AUDIT_ACTION_ERASE));
  }
  // Spells still found by the person's keyed hash (the hash a new spell of `n` gets).
  static int64_t SpellsFoundFor(const v1::AbsenceSpell& probe) {
    return Count("SELECT count(*) FROM cases.absence_spells WHERE identity_hash = (SELECT identity_hash "
                 "FROM cases.absence_spells WHERE id = '" + IdOf(probe.name()) + "')");
  }
  static void Exec(const std::string& sql) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec(sql);
    tx.commit();
  }

  // The erase audit row, without what differs per case (seq, hashes, time, resource, request id).
  static std::string EraseRow(const v1::Case& c) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    return tx.exec1("SELECT concat_ws('|', actor, actor_organisation, actor_roles::text, actor_service, "
                    "method, fields::text, reason, status_code) FROM cases.audit_events WHERE case_id = '" +
                    IdOf(c.name()) + "' AND action = " + std::to_string(v1::AUDIT_ACTION_ERASE))[0]
        .as<std::string>();
  }
};

TEST_F(RetentionSweepTest, ErasesOnTheAnniversaryOfTheLastPeriodNotTheDayBefore) {
  // Closed before the period's recorded end, so the period's end is the anchor.
  const v1::Case c = ClosedCase(201, PeriodEnd() - 5);
  const absl::CivilDay due = AddYears(PeriodEnd(), kDefaultRetentionYears);
  const std::string outbox = "SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + IdOf(c.name()) + "'";
  const int64_t events_before = Count(outbox);

  Sweep(due - 1);
  EXPECT_FALSE(Erased(c));
  EXPECT_EQ(EraseRows(c), 0);

  Sweep(due);
  EXPECT_TRUE(Erased(c));
  EXPECT_EQ(EraseRows(c), 1);
  v1::GetCaseRequest get;
  get.set_name(c.name());
  v1::Case out;
  grpc::Status s = stub_->GetCase(Ctx(CaseWorker()).get(), get, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(out.has_personal_data_erase_time());
  EXPECT_EQ(out.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(out.employee_display_name().empty());
  EXPECT_TRUE(out.medical_notes().empty());
  EXPECT_TRUE(out.close_note().empty());
  EXPECT_EQ(out.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(out.diagnosis_category(), v1::DIAGNOSIS_CATEGORY_MENTAL);  // statistics stay
  // As the retention job, with the RA-FS basis; like the RPC, no outbox event.
  EXPECT_EQ(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(c.name()) +
                  "' AND action = 7 AND actor = 'service:retention' AND actor_service = 'retention'"
                  " AND reason = 'retention job (RA-FS 2020:1)'"
                  " AND method = '/collab.cases.v1.CaseService/ErasePersonalData'"
                  " AND resource = '" + c.name() + "'"), 1);
  EXPECT_EQ(Count(outbox), events_before);
  EXPECT_TRUE(ChainIntact());

  // The RPC, called as the retention job, writes the very same audit row.
  const v1::Case by_rpc = ClosedCase(202);
  v1::ErasePersonalDataRequest erase;
  erase.set_name(by_rpc.name());
  auth::Principal job = RetentionJobPrincipal();
  s = stub_->ErasePersonalData(Ctx(job).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(EraseRow(by_rpc), EraseRow(c));
}

TEST_F(RetentionSweepTest, TheCloseDayIsTheAnchorWhenLater) {
  const absl::CivilDay close_day = PeriodEnd() + 3;
  const v1::Case c = ClosedCase(203, close_day);
  Sweep(AddYears(PeriodEnd(), 2));  // two years after the period, but not after the close
  EXPECT_FALSE(Erased(c));
  Sweep(AddYears(close_day, 2) - 1);
  EXPECT_FALSE(Erased(c));
  Sweep(AddYears(close_day, 2));
  EXPECT_TRUE(Erased(c));
  // --retention_years 10: a case is kept longer.
  const v1::Case ten = ClosedCase(204, close_day);
  RetentionSweepOptions options;
  options.years = 10;
  Sweep(AddYears(close_day, 10) - 1, options);
  EXPECT_FALSE(Erased(ten));
  Sweep(AddYears(close_day, 10), options);
  EXPECT_TRUE(Erased(ten));
}

TEST_F(RetentionSweepTest, CasesNotClosedAreNeverErased) {
  const v1::Case open = WithPeriod(205);
  // IN_PROGRESS: planning, an exemption from the plan, interventions.
  const v1::Case in_progress = WithPeriod(206);
  v1::Case out;
  v1::StartPlanningRequest plan;
  plan.set_name(in_progress.name());
  ASSERT_TRUE(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).ok());
  v1::RecordPlanExemptionRequest exempt;
  exempt.set_name(in_progress.name());
  exempt.set_reason(v1::PLAN_EXEMPTION_REASON_EXPECTED_FULL_RETURN_WITHIN_60_DAYS);
  ASSERT_TRUE(stub_->RecordPlanExemption(Ctx(CaseWorker()).get(), exempt, &out).ok());
  v1::StartInterventionsRequest start;
  start.set_name(in_progress.name());
  grpc::Status s = stub_->StartInterventions(Ctx(CaseWorker()).get(), start, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(out.status(), v1::CASE_STATUS_IN_PROGRESS);
  // Closed long ago, then reopened.
  const v1::Case reopened = ClosedCase(207, PeriodEnd() - 1);
  v1::ReopenCaseRequest reopen;
  reopen.set_name(reopened.name());
  s = stub_->ReopenCase(Ctx(CaseWorker()).get(), reopen, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();

  Sweep(SwedishToday() + 365 * 50);
  for (const v1::Case* c : {&open, &in_progress, &reopened}) {
    EXPECT_FALSE(Erased(*c)) << c->name();
    EXPECT_EQ(EraseRows(*c), 0) << c->name();
  }
}

TEST_F(RetentionSweepTest, AnErasedCaseIsNotTouchedAgain) {
  const v1::Case c = ClosedCase(208, PeriodEnd() - 1);
  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  v1::Case out;
  grpc::Status s = stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string state = "SELECT count(*) FROM cases.cases WHERE id = '" + IdOf(c.name()) +
                            "' AND version = " + out.etag();
  ASSERT_EQ(Count(state), 1);
  const std::string audit = "SELECT count(*) FROM cases.audit_events WHERE case_id = '" + IdOf(c.name()) + "'";
  const int64_t rows = Count(audit);

  Sweep(SwedishToday() + 365 * 50);
  EXPECT_EQ(Count(audit), rows);  // no new audit row of any kind
  EXPECT_EQ(Count(state), 1);     // not written
  EXPECT_EQ(EraseRows(c), 1);
}

TEST_F(RetentionSweepTest, ABacklogLargerThanABatchIsFinishedOverSuccessivePasses) {
  // Closed before every other case of the suite, so the first pages are these.
  std::vector<v1::Case> cases;
  for (int i = 0; i < 5; ++i) cases.push_back(ClosedCase(210 + i, absl::CivilDay(2001, 1, 1 + i)));
  auto erased = [&] {
    int n = 0;
    for (const v1::Case& c : cases) n += Erased(c) ? 1 : 0;
    return n;
  };
  const absl::CivilDay later = AddYears(PeriodEnd(), 2);
  RetentionSweepOptions one_page;
  one_page.batch = 2;
  one_page.max_batches = 1;
  EXPECT_EQ(Sweep(later, one_page).erased, 2);
  EXPECT_EQ(erased(), 2);
  EXPECT_EQ(Sweep(later, one_page).erased, 2);
  EXPECT_EQ(erased(), 4);
  Sweep(later, one_page);
  EXPECT_EQ(erased(), 5);

  // One unbounded pass goes through every page.
  std::vector<v1::Case> more;
  for (int i = 0; i < 5; ++i) more.push_back(ClosedCase(220 + i, absl::CivilDay(2001, 2, 1 + i)));
  RetentionSweepOptions small;
  small.batch = 2;
  Sweep(later, small);
  for (const v1::Case& c : more) EXPECT_TRUE(Erased(c)) << c.name();
  for (const v1::Case& c : cases) EXPECT_EQ(EraseRows(c), 1) << c.name();
  for (const v1::Case& c : more) EXPECT_EQ(EraseRows(c), 1) << c.name();
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, TwoReplicasSweepingAtOnceEraseEachCaseOnce) {
  std::vector<v1::Case> cases;
  for (int i = 0; i < 8; ++i) cases.push_back(ClosedCase(230 + i, absl::CivilDay(2002, 1, 1 + i)));
  const absl::CivilDay later = AddYears(PeriodEnd(), 2);
  RetentionSweepOptions options;
  options.batch = 3;
  RetentionSweepResult a, b;
  std::thread other([&] { a = Sweep(later, options); });
  b = Sweep(later, options);
  other.join();
  EXPECT_EQ(a.failed + b.failed, 0);
  for (const v1::Case& c : cases) {
    EXPECT_TRUE(Erased(c)) << c.name();
    EXPECT_EQ(EraseRows(c), 1) << c.name();
  }
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, AFailingCaseDoesNotStopTheOthers) {
  const v1::Case failing = ClosedCase(240, absl::CivilDay(2003, 1, 1));
  const v1::Case fine = ClosedCase(241, absl::CivilDay(2003, 1, 2));
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("CREATE FUNCTION cases.refuse_erase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'refused by the test'; END $$");
    tx.exec("CREATE TRIGGER refuse_erase BEFORE UPDATE ON cases.cases FOR EACH ROW WHEN (OLD.id = '" +
            IdOf(failing.name()) + "') EXECUTE FUNCTION cases.refuse_erase()");
    tx.commit();
  }
  const RetentionSweepResult r = Sweep(AddYears(PeriodEnd(), 2));
  EXPECT_GE(r.failed, 1);
  EXPECT_FALSE(Erased(failing));
  EXPECT_EQ(EraseRows(failing), 0);  // nothing half-done: the audit row went with the rollback
  EXPECT_TRUE(Erased(fine));
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("DROP TRIGGER refuse_erase ON cases.cases");
    tx.exec("DROP FUNCTION cases.refuse_erase()");
    tx.commit();
  }
  Sweep(AddYears(PeriodEnd(), 2));  // tried again on the next pass
  EXPECT_TRUE(Erased(failing));
  EXPECT_TRUE(ChainIntact());
}

// ---------------------------------------------------------------------------------------------
// Early signals

TEST_F(RetentionSweepTest, ASpellIsErasedOnTheAnniversaryOfItsEndAndNoLongerFoundByThePerson) {
  // Two spells: no watch. The later one ends 160 days ago and governs nothing but itself.
  const v1::AbsenceSpell a = Spell(301, 170, 169);
  const v1::AbsenceSpell b = Spell(301, 160, 160);
  ASSERT_TRUE(a.rehab_watch().empty());
  const absl::CivilDay t = SwedishToday();
  const absl::CivilDay a_due = AddYears(t - 169, kDefaultRetentionYears);
  const absl::CivilDay b_due = AddYears(t - 160, kDefaultRetentionYears);

  RetentionSweepResult r = Sweep(a_due - 1);
  EXPECT_EQ(r.spells_erased, 0);
  EXPECT_FALSE(SpellErased(a));
  EXPECT_EQ(AllEraseRowsOf(a.name()), 0);

  r = Sweep(a_due);  // a day short for b
  EXPECT_EQ(r.spells_erased, 1);
  EXPECT_TRUE(SpellErased(a));
  EXPECT_FALSE(SpellErased(b));
  EXPECT_EQ(EraseRowsOf(a.name()), 1);

  r = Sweep(b_due);
  EXPECT_EQ(r.spells_erased, 1);
  EXPECT_TRUE(SpellErased(b));
  // Reads show the erase as a case does, never fail; the period stays.
  const v1::AbsenceSpell read = GetSpell(a.name());
  EXPECT_EQ(read.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(read.has_personal_data_erase_time());
  EXPECT_EQ(*ToCivilDay(read.period().end_date()), t - 169);
  v1::ListAbsenceSpellsRequest list;
  list.set_employer("organisations/" + employer_a_);
  v1::ListAbsenceSpellsResponse listed;
  ASSERT_TRUE(stub_->ListAbsenceSpells(Ctx(Hr()).get(), list, &listed).ok());
  for (const v1::AbsenceSpell& s : listed.absence_spells()) {
    if (s.name() == a.name() || s.name() == b.name()) {
      EXPECT_EQ(s.masked_employee_identity_number(), "********-****");
    }
  }

  // A new spell of the same person: only itself carries the person's hash, and the erased two do
  // not count towards a watch (with them it would be 3 spells in 6 months).
  const v1::AbsenceSpell c = Spell(301, 5, 5);
  EXPECT_TRUE(c.rehab_watch().empty());
  EXPECT_EQ(SpellsFoundFor(c), 1);
  EXPECT_EQ(Count("SELECT count(DISTINCT identity_hash) FROM cases.absence_spells WHERE id IN ('" +
                  IdOf(a.name()) + "', '" + IdOf(b.name()) + "', '" + IdOf(c.name()) + "')"), 3);

  // Erased already: a later pass writes nothing more.
  Sweep(b_due + 400);
  EXPECT_EQ(AllEraseRowsOf(a.name()), 1);
  EXPECT_EQ(AllEraseRowsOf(b.name()), 1);
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, SpellsOfAWatchInForceAreNeverErased) {
  std::vector<v1::AbsenceSpell> spells;
  const v1::RehabWatch w = WatchOf(302, &spells);
  ASSERT_EQ(w.state(), v1::REHAB_WATCH_STATE_OPEN);
  const RetentionSweepResult r = Sweep(SwedishToday() + 365 * 20);
  EXPECT_EQ(r.watches_erased, 0);
  EXPECT_EQ(r.spells_erased, 0);
  EXPECT_FALSE(RowErased("rehab_watches", w.name()));
  for (const v1::AbsenceSpell& s : spells) {
    EXPECT_FALSE(SpellErased(s));
    EXPECT_EQ(AllEraseRowsOf(s.name()), 0);
  }
}

TEST_F(RetentionSweepTest, AClosedWatchIsErasedWithItsSpellsOnItsAnniversary) {
  std::vector<v1::AbsenceSpell> spells;
  v1::RehabWatch w = WatchOf(303, &spells);
  v1::UpdateRehabWatchRequest update;
  update.mutable_rehab_watch()->set_name(w.name());
  update.mutable_rehab_watch()->set_employee_display_name("Cecilia Ek");
  update.mutable_update_mask()->add_paths("employee_display_name");
  ASSERT_TRUE(stub_->UpdateRehabWatch(Ctx(Hr()).get(), update, &w).ok());
  w = CloseWatch(w.name(), "Inga fler tillfällen");
  ASSERT_EQ(w.state(), v1::REHAB_WATCH_STATE_CLOSED);
  // Closed today, after its last spell ended: the close day governs (watch and spells).
  const absl::CivilDay due = AddYears(SwedishToday(), kDefaultRetentionYears);

  RetentionSweepResult r = Sweep(due - 1);
  EXPECT_EQ(r.watches_erased + r.spells_erased, 0);
  EXPECT_FALSE(RowErased("rehab_watches", w.name()));
  for (const v1::AbsenceSpell& s : spells) EXPECT_FALSE(SpellErased(s));

  r = Sweep(due);
  EXPECT_EQ(r.watches_erased, 1);
  EXPECT_EQ(r.spells_erased, 0);  // they went with the watch
  EXPECT_TRUE(WatchErased(w));
  EXPECT_EQ(EraseRowsOf(w.name()), 1);
  for (const v1::AbsenceSpell& s : spells) {
    EXPECT_TRUE(SpellErased(s));
    EXPECT_EQ(EraseRowsOf(s.name()), 1);
  }
  const v1::RehabWatch read = GetWatch(w.name());
  EXPECT_EQ(read.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(read.employee_display_name().empty());
  EXPECT_TRUE(read.notes().empty());
  EXPECT_TRUE(read.has_personal_data_erase_time());
  EXPECT_EQ(read.state(), v1::REHAB_WATCH_STATE_CLOSED);
  EXPECT_EQ(read.spell_count(), 3);
  // No personal data may be written back into it.
  update.mutable_rehab_watch()->set_employee_display_name("Cecilia Ek");
  EXPECT_EQ(stub_->UpdateRehabWatch(Ctx(Hr()).get(), update, &w).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // A new signal for the same person opens nothing on the erased data.
  EXPECT_TRUE(Spell(303, 3, 3).rehab_watch().empty());
  Sweep(due + 30);
  EXPECT_EQ(AllEraseRowsOf(w.name()), 1);
  EXPECT_TRUE(ChainIntact());
}

// The spells of a closed watch wait for the watch's close day; until then the sweep does not even
// read them, so a long-closed backlog does not come back every pass.
TEST_F(RetentionSweepTest, SpellsOfARecentlyClosedWatchAreNotCandidatesBeforeItsAnniversary) {
  std::vector<v1::AbsenceSpell> spells;
  v1::RehabWatch w = WatchOf(306, &spells);
  w = CloseWatch(w.name(), "Inga fler tillfällen");
  ASSERT_EQ(w.state(), v1::REHAB_WATCH_STATE_CLOSED);
  const absl::CivilDay due = AddYears(SwedishToday(), kDefaultRetentionYears);
  // The spell ids among the candidates as of `today`.
  auto candidates = [&](absl::CivilDay today) {
    std::set<std::string> ids;
    absl::Status s = db::RunInTransaction(*pool_, db::TxOptions{}, [&](pqxx::work& tx) {
      const std::string before = ToIsoDate(FirstCloseDayNotDue(today, kDefaultRetentionYears));
      for (const SpellRetentionCandidate& c : ListSpellRetentionCandidates(tx, before, nullptr, 10000)) {
        ids.insert(c.id);
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return ids;
  };
  // Every spell ended more than two years before `due - 1`, but the watch closed today.
  const std::set<std::string> early = candidates(due - 1);
  for (const v1::AbsenceSpell& sp : spells) EXPECT_EQ(early.count(IdOf(sp.name())), 0u) << sp.name();
  const std::set<std::string> on_time = candidates(due);
  for (const v1::AbsenceSpell& sp : spells) EXPECT_EQ(on_time.count(IdOf(sp.name())), 1u) << sp.name();
}

TEST_F(RetentionSweepTest, ErasingACaseErasesItsEscalatedWatchAndSpellsInTheSameTransaction) {
  std::vector<v1::AbsenceSpell> spells;
  v1::RehabWatch w = WatchOf(304, &spells);
  const v1::Case c = WithPeriod(304);  // the same employee at the same employer
  v1::EscalateRehabWatchRequest escalate;
  escalate.set_name(w.name());
  escalate.set_case_name(c.name());
  ASSERT_TRUE(stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &w).ok());
  ASSERT_EQ(w.state(), v1::REHAB_WATCH_STATE_ESCALATED);
  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  v1::Case closed;
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed).ok());

  // The escalated watch and its spells are never erased on their own schedule.
  RetentionSweepResult r = Sweep(SwedishToday() + 400);
  EXPECT_EQ(r.watches_erased + r.spells_erased, 0);

  // A watch whose erase fails takes the case's erase down with it: one transaction.
  Exec("CREATE FUNCTION cases.refuse_erase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
       "RAISE EXCEPTION 'refused by the test'; END $$");
  Exec("CREATE TRIGGER refuse_erase BEFORE UPDATE ON cases.rehab_watches FOR EACH ROW WHEN (OLD.id = '" +
       IdOf(w.name()) + "') EXECUTE FUNCTION cases.refuse_erase()");
  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  v1::Case out;
  EXPECT_FALSE(stub_->ErasePersonalData(Ctx(RetentionJobPrincipal()).get(), erase, &out).ok());
  EXPECT_FALSE(Erased(c));
  EXPECT_EQ(EraseRows(c), 0);
  EXPECT_EQ(AllEraseRowsOf(w.name()), 0);
  Exec("DROP TRIGGER refuse_erase ON cases.rehab_watches");
  Exec("DROP FUNCTION cases.refuse_erase()");

  grpc::Status s = stub_->ErasePersonalData(Ctx(RetentionJobPrincipal()).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(Erased(c));
  EXPECT_TRUE(WatchErased(w));
  EXPECT_EQ(EraseRowsOf(w.name()), 1);
  for (const v1::AbsenceSpell& sp : spells) {
    EXPECT_TRUE(SpellErased(sp));
    EXPECT_EQ(EraseRowsOf(sp.name()), 1);
  }
  // The watch's and the spells' erase rows are the case's, on their own chains.
  EXPECT_EQ(Count("SELECT count(DISTINCT concat_ws('|', actor, actor_service, method, reason)) "
                  "FROM cases.audit_events WHERE action = 7 AND case_id IN ('" + IdOf(c.name()) + "', '" +
                  IdOf(w.name()) + "')"), 1);
  const v1::RehabWatch read = GetWatch(w.name());
  EXPECT_EQ(read.masked_employee_identity_number(), "********-****");
  EXPECT_EQ(read.case_name(), c.name());

  // Erased already: again, nothing more.
  ASSERT_TRUE(stub_->ErasePersonalData(Ctx(RetentionJobPrincipal()).get(), erase, &out).ok());
  r = Sweep(SwedishToday() + 365 * 5);
  EXPECT_EQ(r.watches_erased + r.spells_erased, 0);
  EXPECT_EQ(AllEraseRowsOf(w.name()), 1);
  EXPECT_EQ(AllEraseRowsOf(spells[0].name()), 1);
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, TheSweepErasesACaseWithItsEscalatedWatchAndCatchesUpOnOlderErasures) {
  // Through the sweep: the case is due, its watch goes with it.
  std::vector<v1::AbsenceSpell> spells;
  v1::RehabWatch w = WatchOf(305, &spells);
  const v1::Case c = ClosedCase(305);
  v1::EscalateRehabWatchRequest escalate;
  escalate.set_name(w.name());
  escalate.set_case_name(c.name());
  ASSERT_TRUE(stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &w).ok());
  RetentionSweepResult r = Sweep(AddYears(SwedishToday(), kDefaultRetentionYears));
  EXPECT_GE(r.erased, 1);
  EXPECT_EQ(r.watches_erased, 0);
  EXPECT_TRUE(Erased(c));
  EXPECT_TRUE(WatchErased(w));
  for (const v1::AbsenceSpell& sp : spells) EXPECT_EQ(EraseRowsOf(sp.name()), 1);

  // A case erased before watches went with it (as a bare UPDATE stands in for here): its
  // escalated watch is due at once.
  std::vector<v1::AbsenceSpell> old_spells;
  v1::RehabWatch old = WatchOf(306, &old_spells);
  const v1::Case old_case = ClosedCase(306);
  escalate.set_name(old.name());
  escalate.set_case_name(old_case.name());
  ASSERT_TRUE(stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &old).ok());
  Exec("UPDATE cases.cases SET personal_data_erase_time = now() WHERE id = '" + IdOf(old_case.name()) + "'");
  r = Sweep(SwedishToday());
  EXPECT_EQ(r.watches_erased, 1);
  EXPECT_TRUE(WatchErased(old));
  for (const v1::AbsenceSpell& sp : old_spells) EXPECT_TRUE(SpellErased(sp));
  EXPECT_EQ(EraseRowsOf(old.name()), 1);
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, AFailingSpellDoesNotStopTheOthers) {
  const v1::AbsenceSpell failing = Spell(307, 100, 100);
  const v1::AbsenceSpell fine = Spell(308, 99, 99);
  Exec("CREATE FUNCTION cases.refuse_erase() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
       "RAISE EXCEPTION 'refused by the test'; END $$");
  Exec("CREATE TRIGGER refuse_erase BEFORE UPDATE ON cases.absence_spells FOR EACH ROW WHEN (OLD.id = '" +
       IdOf(failing.name()) + "') EXECUTE FUNCTION cases.refuse_erase()");
  const absl::CivilDay day = AddYears(SwedishToday(), kDefaultRetentionYears);
  RetentionSweepResult r = Sweep(day);
  EXPECT_GE(r.failed, 1);
  EXPECT_FALSE(SpellErased(failing));
  EXPECT_EQ(AllEraseRowsOf(failing.name()), 0);
  EXPECT_TRUE(SpellErased(fine));
  Exec("DROP TRIGGER refuse_erase ON cases.absence_spells");
  Exec("DROP FUNCTION cases.refuse_erase()");
  Sweep(day);
  EXPECT_TRUE(SpellErased(failing));
  EXPECT_TRUE(ChainIntact());
}

TEST_F(RetentionSweepTest, SpellsBeyondABatchAreErasedOverPages) {
  std::vector<v1::AbsenceSpell> spells;
  for (int i = 0; i < 5; ++i) spells.push_back(Spell(310 + i, 200 - i, 200 - i));
  RetentionSweepOptions options;
  options.batch = 2;
  options.max_batches = 1;
  const absl::CivilDay day = AddYears(SwedishToday(), kDefaultRetentionYears);
  RetentionSweepResult r = Sweep(day, options);
  EXPECT_EQ(r.spells_erased, 2);
  options.max_batches = 0;
  r = Sweep(day, options);
  EXPECT_EQ(r.spells_erased, 3);
  for (const v1::AbsenceSpell& s : spells) EXPECT_TRUE(SpellErased(s));
}

TEST_F(RetentionSweepTest, TwoReplicasSweepingAtOnceEraseEachWatchAndSpellOnce) {
  std::vector<v1::AbsenceSpell> spells;
  std::vector<v1::RehabWatch> watches;
  for (int i = 0; i < 3; ++i) {
    std::vector<v1::AbsenceSpell> of_watch;
    watches.push_back(WatchOf(320 + i, &of_watch));
    watches.back() = CloseWatch(watches.back().name(), "");
    ASSERT_EQ(watches.back().state(), v1::REHAB_WATCH_STATE_CLOSED);
    spells.insert(spells.end(), of_watch.begin(), of_watch.end());
  }
  for (int i = 0; i < 5; ++i) spells.push_back(Spell(330 + i, 60 - i, 60 - i));
  const absl::CivilDay later = AddYears(SwedishToday(), kDefaultRetentionYears);
  RetentionSweepOptions options;
  options.batch = 2;
  RetentionSweepResult a, b;
  std::thread other([&] { a = Sweep(later, options); });
  b = Sweep(later, options);
  other.join();
  EXPECT_EQ(a.failed + b.failed, 0);
  EXPECT_EQ(a.watches_erased + b.watches_erased, 3);
  // A watch's spell may be erased on its own by one replica while the other still works on the
  // watch; either way once.
  EXPECT_GE(a.spells_erased + b.spells_erased, 5);
  for (const v1::RehabWatch& w : watches) {
    EXPECT_TRUE(WatchErased(w)) << w.name();
    EXPECT_EQ(AllEraseRowsOf(w.name()), 1) << w.name();
  }
  for (const v1::AbsenceSpell& sp : spells) {
    EXPECT_TRUE(SpellErased(sp)) << sp.name();
    EXPECT_EQ(AllEraseRowsOf(sp.name()), 1) << sp.name();
  }
  EXPECT_TRUE(ChainIntact());
}

}  // namespace
}  // namespace collab::cases
