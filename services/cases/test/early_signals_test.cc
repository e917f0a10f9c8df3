// Absence spells and rehab watches (domain.md, "Early signals"): the 3-in-6-months and
// 6-in-12-months triggers open or extend one watch per employee, the watch's life cycle,
// escalation to a case of the same employee, and employer-only visibility.
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;

class EarlySignalsTest : public CaseServiceTest {
 protected:
  // A spell of `person` starting `from_days_ago` days before today, `length` days long.
  static v1::AbsenceSpell Spell(int person, int from_days_ago, int length) {
    const absl::CivilDay from = SwedishToday() - from_days_ago;
    return RecordSpell(person, from, from + length - 1);
  }
};

TEST_F(EarlySignalsTest, ThreeSpellsInSixMonthsOpenThenExtendAWatch) {
  EXPECT_TRUE(Spell(201, 150, 2).rehab_watch().empty());
  EXPECT_TRUE(Spell(201, 90, 3).rehab_watch().empty());
  const v1::AbsenceSpell third = Spell(201, 20, 1);
  ASSERT_FALSE(third.rehab_watch().empty());
  EXPECT_EQ(third.masked_employee_identity_number(), "19850101-****");
  v1::RehabWatch w = GetWatch(third.rehab_watch());
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_THREE_SPELLS_IN_6_MONTHS);
  EXPECT_EQ(w.spell_count(), 3);
  EXPECT_EQ(w.state(), v1::REHAB_WATCH_STATE_OPEN);
  EXPECT_EQ(*ToCivilDay(w.window().end_date()), SwedishToday());

  // A fourth spell extends the same watch; a spell within 5 days of the previous one is the
  // same occasion (re-illness rule) and does not count again.
  EXPECT_EQ(Spell(201, 10, 2).rehab_watch(), third.rehab_watch());
  EXPECT_EQ(GetWatch(third.rehab_watch()).spell_count(), 4);
  Spell(201, 6, 1);  // starts 2 days after the previous ended
  EXPECT_EQ(GetWatch(third.rehab_watch()).spell_count(), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.rehab_watches WHERE id = '" +
                  IdOf(third.rehab_watch()) + "'"), 1);

  v1::ListAbsenceSpellsRequest list;
  list.set_rehab_watch(third.rehab_watch());
  v1::ListAbsenceSpellsResponse spells;
  ASSERT_TRUE(stub_->ListAbsenceSpells(Ctx(Hr()).get(), list, &spells).ok());
  EXPECT_EQ(spells.absence_spells_size(), 5);

  // Another employee with two spells: nothing.
  EXPECT_TRUE(Spell(202, 100, 2).rehab_watch().empty());
  EXPECT_TRUE(Spell(202, 30, 2).rehab_watch().empty());

  // Deleting a spell keeps the watch; the delete is an event too.
  v1::DeleteAbsenceSpellRequest del;
  del.set_name(third.name());
  v1::AbsenceSpell deleted;
  ASSERT_TRUE(stub_->DeleteAbsenceSpell(Ctx(Hr()).get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_EQ(GetWatch(third.rehab_watch()).state(), v1::REHAB_WATCH_STATE_OPEN);
  EXPECT_EQ(Count("SELECT count(*) FROM cases.outbox WHERE aggregate_id = '" + IdOf(third.name()) +
                  "' AND event_type = 'collab.events.v1.AbsenceSpellRecorded'"), 2);
  EXPECT_GE(Count("SELECT count(*) FROM cases.audit_events WHERE case_id = '" +
                  IdOf(third.rehab_watch()) + "'"), 3);
}

TEST_F(EarlySignalsTest, SixSpellsInTwelveMonths) {
  // Every 60 days: never 3 in 6 months until the sixth, when both rules hold; the 12-month
  // rule is reported first (domain/rehab_watch.h).
  for (int days_ago : {330, 270, 210, 150, 90}) EXPECT_TRUE(Spell(203, days_ago, 1).rehab_watch().empty());
  const v1::AbsenceSpell sixth = Spell(203, 30, 1);
  ASSERT_FALSE(sixth.rehab_watch().empty());
  const v1::RehabWatch w = GetWatch(sixth.rehab_watch());
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_SIX_SPELLS_IN_12_MONTHS);
  EXPECT_EQ(w.spell_count(), 6);
}

TEST_F(EarlySignalsTest, LifeCycleEscalationAndVisibility) {
  v1::CreateRehabWatchRequest create;
  create.mutable_rehab_watch()->set_employer("organisations/" + employer_a_);
  create.mutable_rehab_watch()->set_unit("organisations/" + employer_a_ + "/units/" + unit_a1_);
  create.mutable_rehab_watch()->set_employee_identity_number(Pnr(204));
  create.mutable_rehab_watch()->set_employee_display_name("Bo Berg");
  create.mutable_rehab_watch()->set_trigger(v1::REHAB_WATCH_TRIGGER_SIX_SPELLS_IN_12_MONTHS);  // ignored
  v1::RehabWatch w;
  grpc::Status s = stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_MANUAL);
  EXPECT_EQ(w.employee_display_name(), "Bo Berg");
  EXPECT_EQ(stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &w).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // one in force per employee
  create.mutable_rehab_watch()->set_employee_identity_number("19850101-0000");
  s = stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &w);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("rehab_watch.employee_identity_number"));
  EXPECT_THAT(s.error_message(), ::testing::Not(::testing::HasSubstr("19850101-0000")));

  // Who sees it: HR of the employer and a manager of its unit; nobody else.
  v1::ListRehabWatchesRequest list;
  v1::ListRehabWatchesResponse listed;
  ASSERT_TRUE(stub_->ListRehabWatches(Ctx(Hr()).get(), list, &listed).ok());
  ASSERT_GE(listed.rehab_watches_size(), 1);
  const std::string name = listed.rehab_watches(0).name();
  GetWatch(name, P(ROLE_EMPLOYER_MANAGER, employer_a_, "m1", unit_a1_));
  v1::GetRehabWatchRequest get;
  get.set_name(name);
  for (const auth::Principal& p : {P(ROLE_EMPLOYER_HR, employer_b_), P(ROLE_EMPLOYER_MANAGER, employer_a_, "m2", unit_a2_)}) {
    EXPECT_EQ(stub_->GetRehabWatch(Ctx(p).get(), get, &w).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  // FK is not involved in early signals (rehab_watch.proto): refused by the method policy.
  EXPECT_EQ(stub_->GetRehabWatch(Ctx(CaseWorker()).get(), get, &w).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->ListRehabWatches(Ctx(P(ROLE_EMPLOYER_HR, employer_b_)).get(), list, &listed).ok());
  EXPECT_EQ(listed.rehab_watches_size(), 0);

  // OPEN → ACTIVE, notes updated with the etag, ACTIVE → ESCALATED to the employee's case.
  w = GetWatch(name);
  v1::ActivateRehabWatchRequest activate;
  activate.set_name(name);
  activate.set_etag(w.etag());
  ASSERT_TRUE(stub_->ActivateRehabWatch(Ctx(Hr()).get(), activate, &w).ok());
  EXPECT_EQ(w.state(), v1::REHAB_WATCH_STATE_ACTIVE);
  EXPECT_EQ(stub_->ActivateRehabWatch(Ctx(Hr()).get(), activate, &w).error_code(),
            grpc::StatusCode::ABORTED);  // stale etag
  activate.clear_etag();
  EXPECT_EQ(stub_->ActivateRehabWatch(Ctx(Hr()).get(), activate, &w).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::UpdateRehabWatchRequest update;
  update.mutable_rehab_watch()->set_name(name);
  update.mutable_rehab_watch()->set_notes("Rehabsamtal bokat");
  update.mutable_rehab_watch()->set_etag(w.etag());
  update.mutable_update_mask()->add_paths("notes");
  ASSERT_TRUE(stub_->UpdateRehabWatch(Ctx(Hr()).get(), update, &w).ok());
  EXPECT_EQ(w.notes(), "Rehabsamtal bokat");
  update.mutable_rehab_watch()->clear_etag();
  update.mutable_update_mask()->add_paths("state");
  EXPECT_EQ(stub_->UpdateRehabWatch(Ctx(Hr()).get(), update, &w).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::EscalateRehabWatchRequest escalate;
  escalate.set_name(name);
  escalate.set_case_name(Create(SampleCase(205)).name());  // another employee
  s = stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &w);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("case_name"));
  const v1::Case own = Create(SampleCase(204));
  escalate.set_case_name(own.name());
  s = stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(w.state(), v1::REHAB_WATCH_STATE_ESCALATED);
  EXPECT_EQ(w.case_name(), own.name());
  EXPECT_TRUE(w.has_close_time());

  // Closed or escalated watches are not in force: a new one may be opened.
  v1::CloseRehabWatchRequest close;
  close.set_name(name);
  EXPECT_EQ(stub_->CloseRehabWatch(Ctx(Hr()).get(), close, &w).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  create.mutable_rehab_watch()->set_employee_identity_number(Pnr(204));
  create.set_request_id("5f0e3c1a-8d2b-4c6e-9f7a-1b2c3d4e5f60");
  v1::RehabWatch second;
  ASSERT_TRUE(stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &second).ok());
  v1::RehabWatch replay;
  ASSERT_TRUE(stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &replay).ok());
  EXPECT_EQ(replay.name(), second.name());
  w = CloseWatch(second.name(), "Ingen vidare åtgärd");
  EXPECT_EQ(w.state(), v1::REHAB_WATCH_STATE_CLOSED);
  EXPECT_EQ(w.notes(), "Ingen vidare åtgärd");
}

}  // namespace
}  // namespace collab::cases
