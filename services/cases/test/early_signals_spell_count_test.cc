// A watch's spell_count and window agree with the spells that count towards it
// (ListAbsenceSpells rehab_watch): deleting a spell of a watch in force counts the watch again,
// which stays even below the threshold, while a finished watch keeps its record; a watch opened
// by hand takes the employee's spells that count under the rules (domain/rehab_watch.h,
// RecountRehabWatch; case_service.proto, DeleteAbsenceSpell and CreateRehabWatch).
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"
#include "services/cases/domain/rehab_watch.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

class EarlySignalsSpellCountTest : public CaseServiceTest {
 protected:
  // A one-day spell of person `n`, `days_ago` days before today.
  static v1::AbsenceSpell Spell(int n, int days_ago) {
    const absl::CivilDay day = SwedishToday() - days_ago;
    return RecordSpell(n, day, day);
  }
  static v1::AbsenceSpell Delete(const v1::AbsenceSpell& spell) {
    v1::DeleteAbsenceSpellRequest req;
    req.set_name(spell.name());
    v1::AbsenceSpell out;
    grpc::Status s = stub_->DeleteAbsenceSpell(Ctx(Hr()).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
};

TEST_F(EarlySignalsSpellCountTest, DeletingASpellCountsTheWatchInForceAgain) {
  const v1::AbsenceSpell a = Spell(711, 150);
  const v1::AbsenceSpell b = Spell(711, 90);
  const v1::AbsenceSpell c = Spell(711, 20);
  const std::string name = c.rehab_watch();
  ASSERT_FALSE(name.empty());
  const v1::AbsenceSpell d = Spell(711, 10);
  ASSERT_EQ(d.rehab_watch(), name);
  ASSERT_EQ(GetWatch(name).spell_count(), 4);

  // Registered in error: the watch counts the three occasions left in the same window.
  Delete(b);
  v1::RehabWatch w = GetWatch(name);
  EXPECT_EQ(w.spell_count(), 3);
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_THREE_SPELLS_IN_6_MONTHS);
  EXPECT_EQ(ToCivilDay(w.window().start_date()),
            std::optional<absl::CivilDay>(WindowStart(SwedishToday(), 6)));
  EXPECT_EQ(ToCivilDay(w.window().end_date()),
            std::optional<absl::CivilDay>(SwedishToday()));
  EXPECT_EQ(SpellsOf(name), Names({a, c, d}));

  // Below the threshold, and ACTIVE: the watch stays, with the count of what is left.
  v1::ActivateRehabWatchRequest activate;
  activate.set_name(name);
  ASSERT_TRUE(stub_->ActivateRehabWatch(Ctx(Hr()).get(), activate, &w).ok());
  Delete(c);
  w = GetWatch(name);
  EXPECT_EQ(w.state(), v1::REHAB_WATCH_STATE_ACTIVE);
  EXPECT_EQ(w.spell_count(), 2);
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_THREE_SPELLS_IN_6_MONTHS);
  EXPECT_EQ(SpellsOf(name), Names({a, d}));

  // A delete retried changes nothing more.
  const std::string etag = w.etag();
  Delete(c);
  EXPECT_EQ(GetWatch(name).etag(), etag);
}

TEST_F(EarlySignalsSpellCountTest, DeletingASpellOfAFinishedWatchKeepsItsRecord) {
  std::vector<v1::AbsenceSpell> spells;
  for (int days_ago : {150, 90, 20}) spells.push_back(Spell(712, days_ago));
  const std::string name = spells.back().rehab_watch();
  ASSERT_FALSE(name.empty());
  const v1::RehabWatch closed = CloseWatch(name, "Samtal hållet");
  ASSERT_EQ(closed.state(), v1::REHAB_WATCH_STATE_CLOSED);

  EXPECT_TRUE(Delete(spells[1]).has_delete_time());
  const v1::RehabWatch w = GetWatch(name);
  EXPECT_EQ(w.spell_count(), 3);
  EXPECT_EQ(w.etag(), closed.etag());
}

TEST_F(EarlySignalsSpellCountTest, AWatchOpenedByHandTakesTheSpellsThatCount) {
  // A first watch, closed: its three spells stay its own and do not count again.
  std::vector<v1::AbsenceSpell> old_spells;
  for (int days_ago : {170, 150, 130}) old_spells.push_back(Spell(713, days_ago));
  const std::string first = old_spells.back().rehab_watch();
  ASSERT_FALSE(first.empty());
  CloseWatch(first, "");
  // Two new occasions (no rule holds) and one outside the 12-month window.
  const v1::AbsenceSpell outside = Spell(713, 400);
  std::vector<v1::AbsenceSpell> new_spells = {Spell(713, 100), Spell(713, 60)};
  for (const v1::AbsenceSpell& s : new_spells) ASSERT_TRUE(s.rehab_watch().empty());

  v1::CreateRehabWatchRequest create;
  create.mutable_rehab_watch()->set_employer("organisations/" + employer_a_);
  create.mutable_rehab_watch()->set_unit("organisations/" + employer_a_ + "/units/" + unit_a1_);
  create.mutable_rehab_watch()->set_employee_identity_number(Pnr(713));
  v1::RehabWatch w;
  grpc::Status s = stub_->CreateRehabWatch(Ctx(Hr()).get(), create, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_MANUAL);
  // No rule holds: counted in the longest window, 12 months.
  EXPECT_EQ(w.spell_count(), 2);
  EXPECT_EQ(ToCivilDay(w.window().start_date()),
            std::optional<absl::CivilDay>(WindowStart(SwedishToday(), 12)));
  EXPECT_EQ(ToCivilDay(w.window().end_date()),
            std::optional<absl::CivilDay>(SwedishToday()));
  EXPECT_EQ(SpellsOf(w.name()), Names(new_spells));
  for (const v1::AbsenceSpell& sp : new_spells) {
    EXPECT_EQ(GetSpell(sp.name()).rehab_watch(), w.name());
  }
  EXPECT_TRUE(GetSpell(outside.name()).rehab_watch().empty());
  EXPECT_EQ(SpellsOf(first), Names(old_spells));

  // A third occasion within six months extends it; it stays MANUAL.
  new_spells.push_back(Spell(713, 10));
  EXPECT_EQ(new_spells.back().rehab_watch(), w.name());
  w = GetWatch(w.name());
  EXPECT_EQ(w.trigger(), v1::REHAB_WATCH_TRIGGER_MANUAL);
  EXPECT_EQ(w.spell_count(), 3);
  EXPECT_EQ(SpellsOf(w.name()), Names(new_spells));
}

}  // namespace
}  // namespace collab::cases
