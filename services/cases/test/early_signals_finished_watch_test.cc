// Spells of a finished watch (CLOSED or ESCALATED, rehab_watch.proto RehabWatchState) stay with
// it: a later signal of the same employee opens a new watch from the new spells only, never
// moves the old watch's spells onto it (its history and its erasure with the escalated case,
// case_erase.h, stay whole), and does not count them again (domain/rehab_watch.h, Counting).
#include "libs/common/dates.h"
#include "services/cases/case_erase.h"
#include "services/cases/case_validation.h"
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

using collab::common::v1::ROLE_EMPLOYER_HR;

class EarlySignalsFinishedWatchTest : public CaseServiceTest {
 protected:
  // A one-day spell of person `n`, `days_ago` days before today.
  static v1::AbsenceSpell Spell(int n, int days_ago) {
    const absl::CivilDay day = SwedishToday() - days_ago;
    return RecordSpell(n, day, day);
  }
  // Three spells within six months (170, 150 and 130 days ago): an OPEN watch.
  static v1::RehabWatch FirstWatch(int n, std::vector<v1::AbsenceSpell>* spells) {
    for (int days_ago : {170, 150, 130}) spells->push_back(Spell(n, days_ago));
    EXPECT_FALSE(spells->back().rehab_watch().empty());
    for (const v1::AbsenceSpell& s : *spells) {
      EXPECT_EQ(GetSpell(s.name()).rehab_watch(), spells->back().rehab_watch());
    }
    return GetWatch(spells->back().rehab_watch());
  }
  static bool SpellErased(const v1::AbsenceSpell& s) {
    return Count("SELECT count(*) FROM cases.absence_spells WHERE id = '" + IdOf(s.name()) +
                 "' AND personal_data_erase_time IS NOT NULL AND identity_cipher = ''::bytea") == 1;
  }
  static int64_t Version(const v1::AbsenceSpell& s) {
    return Count("SELECT version FROM cases.absence_spells WHERE id = '" + IdOf(s.name()) + "'");
  }
};

TEST_F(EarlySignalsFinishedWatchTest, ANewWatchAfterAClosedOneTakesOnlyTheNewSpells) {
  std::vector<v1::AbsenceSpell> old_spells;
  v1::RehabWatch first = FirstWatch(601, &old_spells);
  first = CloseWatch(first.name(), "Samtal hållet, inga åtgärder");
  ASSERT_EQ(first.state(), v1::REHAB_WATCH_STATE_CLOSED);
  std::vector<int64_t> versions;
  for (const v1::AbsenceSpell& s : old_spells) versions.push_back(Version(s));

  // The closed watch's three spells were its signal: they do not count again, so the next
  // spells open nothing until three new ones fall within six months.
  std::vector<v1::AbsenceSpell> new_spells;
  new_spells.push_back(Spell(601, 100));
  EXPECT_TRUE(new_spells.back().rehab_watch().empty());
  new_spells.push_back(Spell(601, 60));
  EXPECT_TRUE(new_spells.back().rehab_watch().empty());
  new_spells.push_back(Spell(601, 20));
  const std::string second = new_spells.back().rehab_watch();
  ASSERT_FALSE(second.empty());
  ASSERT_NE(second, first.name());
  const v1::RehabWatch w2 = GetWatch(second);
  EXPECT_EQ(w2.state(), v1::REHAB_WATCH_STATE_OPEN);
  EXPECT_EQ(w2.spell_count(), 3);

  // The old watch's history is unchanged: its spells, count and state; the spells untouched.
  EXPECT_EQ(SpellsOf(first.name()), Names(old_spells));
  EXPECT_EQ(SpellsOf(second), Names(new_spells));
  const v1::RehabWatch read = GetWatch(first.name());
  EXPECT_EQ(read.state(), v1::REHAB_WATCH_STATE_CLOSED);
  EXPECT_EQ(read.spell_count(), 3);
  EXPECT_EQ(read.etag(), first.etag());
  for (size_t i = 0; i < old_spells.size(); ++i) {
    EXPECT_EQ(GetSpell(old_spells[i].name()).rehab_watch(), first.name());
    EXPECT_EQ(Version(old_spells[i]), versions[i]);
  }
  // A further spell extends the new watch only.
  const v1::AbsenceSpell fourth = Spell(601, 5);
  EXPECT_EQ(fourth.rehab_watch(), second);
  EXPECT_EQ(GetWatch(second).spell_count(), 4);
  EXPECT_EQ(SpellsOf(first.name()), Names(old_spells));
}

TEST_F(EarlySignalsFinishedWatchTest, ASpellContinuingAClosedWatchsSpellIsNotANewOccasion) {
  std::vector<v1::AbsenceSpell> old_spells;
  v1::RehabWatch first = FirstWatch(602, &old_spells);
  first = CloseWatch(first.name(), "");
  ASSERT_EQ(first.state(), v1::REHAB_WATCH_STATE_CLOSED);
  // 127 days ago starts 3 days after the spell of 130 days ago ended: the same occasion
  // (re-illness rule, kReIllnessDays), already counted by the closed watch.
  EXPECT_TRUE(Spell(602, 127).rehab_watch().empty());
  EXPECT_TRUE(Spell(602, 90).rehab_watch().empty());
  EXPECT_TRUE(Spell(602, 60).rehab_watch().empty());  // two new occasions only
  const v1::AbsenceSpell third = Spell(602, 30);
  ASSERT_FALSE(third.rehab_watch().empty());
  EXPECT_EQ(GetWatch(third.rehab_watch()).spell_count(), 3);
  EXPECT_EQ(SpellsOf(first.name()), Names(old_spells));
}

TEST_F(EarlySignalsFinishedWatchTest, ErasingTheEscalatedCaseStillErasesTheOldWatchsSpells) {
  std::vector<v1::AbsenceSpell> old_spells;
  v1::RehabWatch first = FirstWatch(603, &old_spells);
  v1::Case sample = SampleCase(603);  // the same employee at the same employer
  *sample.mutable_first_sick_day() = FromCivilDay(SwedishToday() - 120);
  const v1::Case c = Create(sample);
  v1::EscalateRehabWatchRequest escalate;
  escalate.set_name(first.name());
  escalate.set_case_name(c.name());
  ASSERT_TRUE(stub_->EscalateRehabWatch(Ctx(Hr()).get(), escalate, &first).ok());
  ASSERT_EQ(first.state(), v1::REHAB_WATCH_STATE_ESCALATED);

  std::vector<v1::AbsenceSpell> new_spells;
  for (int days_ago : {100, 60, 20}) new_spells.push_back(Spell(603, days_ago));
  const std::string second = new_spells.back().rehab_watch();
  ASSERT_FALSE(second.empty());
  ASSERT_NE(second, first.name());
  EXPECT_EQ(SpellsOf(first.name()), Names(old_spells));
  EXPECT_EQ(SpellsOf(second), Names(new_spells));

  CloseAsReturned(c.name(), "Åter i arbete");
  v1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  v1::Case out;
  grpc::Status s = stub_->ErasePersonalData(Ctx(RetentionJobPrincipal()).get(), erase, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Every spell of the escalated watch went with the case; the new watch's spells did not.
  for (const v1::AbsenceSpell& sp : old_spells) {
    EXPECT_TRUE(SpellErased(sp)) << sp.name();
    EXPECT_EQ(GetSpell(sp.name()).masked_employee_identity_number(), "********-****");
  }
  for (const v1::AbsenceSpell& sp : new_spells) EXPECT_FALSE(SpellErased(sp)) << sp.name();
  const v1::RehabWatch w2 = GetWatch(second);
  EXPECT_EQ(w2.state(), v1::REHAB_WATCH_STATE_OPEN);
  EXPECT_FALSE(w2.has_personal_data_erase_time());
  EXPECT_EQ(SpellsOf(second), Names(new_spells));
}

}  // namespace
}  // namespace collab::cases
