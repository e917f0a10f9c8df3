#include "services/cases/test/case_service_fixture.h"

#include <algorithm>
#include <cstdio>

#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/luhn.h"
#include "tests/support/serve.h"

namespace collab::cases {
namespace {

namespace orgv1 = collab::organisations::v1;

std::string Hex32(char c) { return std::string(64, c); }

}  // namespace

void CaseServiceTest::SetUpTestSuite() {
  organisations::testing::StartDatabaseAndOrganisations(&db_, &orgs_);
  if (HasFatalFailure()) return;
  const std::string key = collab::testing::kTestInternalKey;
  const std::string org_target = orgs_->target();

  pool_ = new db::ConnectionPool(
      db_->ServicePoolOptions("cases", CaseServiceImpl::PrepareStatements));
  handler_ = new rpc::CallHandler(*auth::PrincipalSigner::Create(key), "cases.collab");
  employers_ = new EmployerDirectory(org_target, *auth::PrincipalSigner::Create(key));
  keys_.identity_key = *DecodeHexKey(Hex32('1'));
  keys_.lookup_key = *DecodeHexKey(Hex32('2'));
  service_ = new CaseServiceImpl(*pool_, *handler_, PageTokenCodec("case-page-key"), keys_,
                                 *employers_);
  collab::testing::Serve<v1::CaseService>(service_, &server_, &stub_);
  if (HasFatalFailure()) return;

  // The employers and agencies, created through the organisations service's public RPCs.
  employer_a_ = orgs_->Register("Karlstads kommun", orgv1::ORGANISATION_KIND_MUNICIPALITY);
  unit_a1_ = orgs_->RegisterUnit(employer_a_, "Hemtjänst Norr");
  unit_a2_ = orgs_->RegisterUnit(employer_a_, "Skola Söder");
  employer_b_ = orgs_->Register("Arvika kommun", orgv1::ORGANISATION_KIND_MUNICIPALITY);
  fk_ = orgs_->Register("Försäkringskassan", orgv1::ORGANISATION_KIND_AGENCY);
  f1_ = orgs_->RegisterUnit(fk_, "Lokalkontor Karlstad");
  f2_ = orgs_->RegisterUnit(fk_, "Lokalkontor Arvika");
  oh_ = orgs_->Register("Feelgood Värmland", orgv1::ORGANISATION_KIND_OCCUPATIONAL_HEALTH_PROVIDER);
}

void CaseServiceTest::TearDownTestSuite() {
  delete stub_;
  delete server_;
  delete service_;
  delete employers_;
  delete handler_;
  delete pool_;
  delete orgs_;
  delete db_;
}

auth::Principal CaseServiceTest::P(auth::Role role, const std::string& org,
                                   const std::string& subject, const std::string& unit,
                                   const std::string& office) {
  auth::Principal p = collab::testing::MakePrincipal(role, org, subject);
  p.set_unit_id(unit);
  p.set_office_id(office);
  return p;
}

std::string CaseServiceTest::Pnr(int n) {
  char nine[16];
  std::snprintf(nine, sizeof nine, "850101%03d", n % 1000);
  return "19" + WithLuhnCheckDigit(nine);
}

v1::Case CaseServiceTest::SampleCase(int n) {
  v1::Case c;
  c.set_employer("organisations/" + employer_a_);
  c.set_unit("organisations/" + employer_a_ + "/units/" + unit_a1_);
  c.set_employee_identity_number(Pnr(n));
  c.set_employee_display_name("Anna Andersson");
  c.mutable_first_sick_day()->set_year(2026);
  c.mutable_first_sick_day()->set_month(9);
  c.mutable_first_sick_day()->set_day(1 + n % 28);
  c.set_expected_duration_days(90);
  c.set_assigned_case_worker("cw-assigned");
  c.set_office("organisations/" + fk_ + "/units/" + f1_);
  c.set_occupational_health_provider("organisations/" + oh_);
  c.set_diagnosis_category(v1::DIAGNOSIS_CATEGORY_MENTAL);
  c.set_medical_notes("Utmattningssyndrom, gradvis upptrappning");
  return c;
}

v1::Case CaseServiceTest::Create(const v1::Case& c) {
  v1::CreateCaseRequest req;
  *req.mutable_case_() = c;
  v1::Case out;
  grpc::Status s = stub_->CreateCase(Ctx(CaseWorker()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::GiveConsentRequest CaseServiceTest::EmployerDiagnosisConsent(
    const v1::Case& c, const std::string& document_reference) {
  v1::GiveConsentRequest give;
  give.set_parent(c.name());
  v1::Consent* consent = give.mutable_consent();
  consent->set_party_organisation("organisations/" + employer_a_);
  consent->set_purpose(v1::CONSENT_PURPOSE_WORK_ADAPTATION);
  consent->add_scope(v1::RESTRICTED_FIELD_DIAGNOSIS_CATEGORY);
  *consent->mutable_give_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(absl::Now()) - 1000000);
  consent->set_document_reference(document_reference);
  return give;
}

v1::Case CaseServiceTest::CloseAsReturned(const std::string& name, const std::string& note) {
  v1::CloseCaseRequest close;
  close.set_name(name);
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  close.set_note(note);
  v1::Case out;
  grpc::Status s = stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::AbsenceSpell CaseServiceTest::RecordSpell(int n, absl::CivilDay from, absl::CivilDay to) {
  v1::CreateAbsenceSpellRequest req;
  v1::AbsenceSpell* s = req.mutable_absence_spell();
  s->set_employer("organisations/" + employer_a_);
  s->set_unit("organisations/" + employer_a_ + "/units/" + unit_a1_);
  s->set_employee_identity_number(Pnr(n));
  *s->mutable_period()->mutable_start_date() = FromCivilDay(from);
  *s->mutable_period()->mutable_end_date() = FromCivilDay(to);
  v1::AbsenceSpell out;
  grpc::Status st = stub_->CreateAbsenceSpell(Ctx(Hr()).get(), req, &out);
  EXPECT_TRUE(st.ok()) << st.error_message();
  return out;
}

v1::RehabWatch CaseServiceTest::GetWatch(const std::string& name, const auth::Principal& p) {
  v1::GetRehabWatchRequest req;
  req.set_name(name);
  v1::RehabWatch out;
  grpc::Status s = stub_->GetRehabWatch(Ctx(p).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::AbsenceSpell CaseServiceTest::GetSpell(const std::string& name, const auth::Principal& p) {
  v1::GetAbsenceSpellRequest req;
  req.set_name(name);
  v1::AbsenceSpell out;
  grpc::Status s = stub_->GetAbsenceSpell(Ctx(p).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

std::vector<std::string> CaseServiceTest::SpellsOf(const std::string& watch) {
  v1::ListAbsenceSpellsRequest req;
  req.set_rehab_watch(watch);
  v1::ListAbsenceSpellsResponse resp;
  grpc::Status s = stub_->ListAbsenceSpells(Ctx(Hr()).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  std::vector<std::string> out;
  for (const v1::AbsenceSpell& sp : resp.absence_spells()) out.push_back(sp.name());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> CaseServiceTest::Names(const std::vector<v1::AbsenceSpell>& spells) {
  std::vector<std::string> out;
  for (const v1::AbsenceSpell& s : spells) out.push_back(s.name());
  std::sort(out.begin(), out.end());
  return out;
}

v1::RehabWatch CaseServiceTest::CloseWatch(const std::string& name, const std::string& note) {
  v1::CloseRehabWatchRequest close;
  close.set_name(name);
  close.set_note(note);
  v1::RehabWatch out;
  grpc::Status s = stub_->CloseRehabWatch(Ctx(Hr()).get(), close, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::VerifyAuditChainResponse CaseServiceTest::VerifyChains() {
  v1::VerifyAuditChainRequest req;
  v1::VerifyAuditChainResponse resp;
  grpc::Status s = stub_->VerifyAuditChain(Ctx(Admin()).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp;
}

int64_t CaseServiceTest::Count(const std::string& sql) {
  auto conn = Superuser();
  pqxx::work tx(*conn);
  return tx.exec1(sql)[0].as<int64_t>();
}

}  // namespace collab::cases
