// Gallring of early signals end to end (RA-FS 2020:1; domain.md, Retention and "Early signals"):
// an employer's absence spells (sjukfrånvarotillfällen) open a rehab watch (rehabbevakning),
// the watch is escalated into the employee's return-to-work case, the case is closed and its
// personal data erased (ErasePersonalData) — and through the gateway the watch and every one of
// its spells now show the fully masked identity and personal_data_erase_time, while a new spell
// of the same person attaches to nothing erased. Real bearer tokens through collab-gateway to
// the real collab-cases and collab-organisations processes.
#include "absl/time/clock.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/cases_stack_suite.h"

namespace collab::e2e {
namespace {

namespace cv1 = collab::cases::v1;
namespace ov1 = collab::organisations::v1;

class CasesEraseEarlySignalsTest : public CasesStackSuite<CasesEraseEarlySignalsTest> {
 protected:
  // `days_ago` days before today (UTC; at least a day back, so never in the future in Sweden).
  static collab::common::v1::Date DaysAgo(int days_ago) {
    const absl::CivilDay d = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - days_ago;
    collab::common::v1::Date out;
    out.set_year(static_cast<int32_t>(d.year()));
    out.set_month(d.month());
    out.set_day(d.day());
    return out;
  }
  // A one-day spell recorded by the employer's HR.
  cv1::AbsenceSpell Spell(const std::string& hr, const std::string& employer,
                          const std::string& pnr, int days_ago) {
    cv1::CreateAbsenceSpellRequest req;
    req.mutable_absence_spell()->set_employer("organisations/" + employer);
    req.mutable_absence_spell()->set_employee_identity_number(pnr);
    *req.mutable_absence_spell()->mutable_period()->mutable_start_date() = DaysAgo(days_ago);
    *req.mutable_absence_spell()->mutable_period()->mutable_end_date() = DaysAgo(days_ago);
    cv1::AbsenceSpell out;
    grpc::Status s = cases_->CreateAbsenceSpell(BearerContext(hr).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

};

TEST_F(CasesEraseEarlySignalsTest, ErasingTheCaseErasesItsEscalatedWatchAndSpells) {
  const std::string fk = Org("Försäkringskassan", ov1::ORGANISATION_KIND_AGENCY);
  const std::string employer = Org("Sunne kommun", ov1::ORGANISATION_KIND_MUNICIPALITY);
  const std::string case_worker = stack_->TokenFor("CASE_WORKER", fk, "handlaggare-gallring");
  const std::string hr = stack_->TokenFor("EMPLOYER_HR", employer, "hr-sunne");
  const std::string pnr = PersonNumber("850614123");

  // Three spells within six months open a watch (domain.md, "Early signals").
  std::vector<cv1::AbsenceSpell> spells;
  for (int days_ago : {150, 90, 30}) spells.push_back(Spell(hr, employer, pnr, days_ago));
  ASSERT_EQ(spells.size(), 3u);
  const std::string watch = spells.back().rehab_watch();
  ASSERT_FALSE(watch.empty());
  EXPECT_EQ(spells.back().masked_employee_identity_number(), "19850614-****");
  cv1::UpdateRehabWatchRequest update;
  update.mutable_rehab_watch()->set_name(watch);
  update.mutable_rehab_watch()->set_employee_display_name("Karin Olsson");
  update.mutable_rehab_watch()->set_notes("Rehabsamtal bokat");
  update.mutable_update_mask()->add_paths("employee_display_name");
  update.mutable_update_mask()->add_paths("notes");
  cv1::RehabWatch w;
  grpc::Status s = cases_->UpdateRehabWatch(BearerContext(hr).get(), update, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // FK opens the employee's case; the employer escalates the watch into it.
  cv1::CreateCaseRequest create;
  cv1::Case* in = create.mutable_case_();
  in->set_employer("organisations/" + employer);
  in->set_employee_identity_number(pnr);
  in->set_employee_display_name("Karin Olsson");
  *in->mutable_first_sick_day() = DaysAgo(20);
  in->set_expected_duration_days(90);
  in->set_assigned_case_worker("handlaggare-gallring");
  cv1::Case c;
  s = cases_->CreateCase(BearerContext(case_worker).get(), create, &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  cv1::EscalateRehabWatchRequest escalate;
  escalate.set_name(watch);
  escalate.set_case_name(c.name());
  s = cases_->EscalateRehabWatch(BearerContext(hr).get(), escalate, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(w.state(), cv1::REHAB_WATCH_STATE_ESCALATED);

  // Closed, then erased by the case worker (an allowed role; method_policy.cc kCaseEraser).
  cv1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(cv1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  s = cases_->CloseCase(BearerContext(case_worker).get(), close, &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  cv1::ErasePersonalDataRequest erase;
  erase.set_name(c.name());
  s = cases_->ErasePersonalData(BearerContext(case_worker).get(), erase, &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(c.has_personal_data_erase_time());

  // The watch: masked, name and notes gone, erase time set; state, count and case stay.
  cv1::GetRehabWatchRequest get;
  get.set_name(watch);
  s = cases_->GetRehabWatch(BearerContext(hr).get(), get, &w);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(w.masked_employee_identity_number(), "********-****");
  EXPECT_TRUE(w.has_personal_data_erase_time());
  EXPECT_TRUE(w.employee_display_name().empty());
  EXPECT_TRUE(w.notes().empty());
  EXPECT_EQ(w.state(), cv1::REHAB_WATCH_STATE_ESCALATED);
  EXPECT_EQ(w.spell_count(), 3);
  EXPECT_EQ(w.case_name(), c.name());

  // Its spells, listed by watch: each masked with its erase time, periods kept.
  cv1::ListAbsenceSpellsRequest list;
  list.set_rehab_watch(watch);
  cv1::ListAbsenceSpellsResponse listed;
  s = cases_->ListAbsenceSpells(BearerContext(hr).get(), list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(listed.absence_spells_size(), 3);
  for (const cv1::AbsenceSpell& sp : listed.absence_spells()) {
    SCOPED_TRACE(sp.name());
    EXPECT_EQ(sp.masked_employee_identity_number(), "********-****");
    EXPECT_TRUE(sp.has_personal_data_erase_time());
    EXPECT_TRUE(sp.period().has_start_date());
  }

  // A new spell of the same person is matched to nothing erased: no watch, and the erased
  // watch still has exactly its own three spells.
  const cv1::AbsenceSpell later = Spell(hr, employer, pnr, 2);
  EXPECT_TRUE(later.rehab_watch().empty());
  EXPECT_EQ(later.masked_employee_identity_number(), "19850614-****");
  EXPECT_FALSE(later.has_personal_data_erase_time());
  s = cases_->ListAbsenceSpells(BearerContext(hr).get(), list, &listed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(listed.absence_spells_size(), 3);
  for (const cv1::AbsenceSpell& sp : listed.absence_spells()) EXPECT_NE(sp.name(), later.name());
}

}  // namespace
}  // namespace collab::e2e
