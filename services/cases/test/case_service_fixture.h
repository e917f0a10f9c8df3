#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include "absl/time/civil_time.h"
#include "libs/db/conninfo.h"
#include "libs/rpc/server.h"
#include "services/cases/case_service.h"
#include "services/organisations/test/in_process_organisations.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::cases {

// The real case service and the real organisations service (in-process, its own port, its own
// schema in the same test database), called over real gRPC channels. One database per suite.
// The suite registers: employers A (units A1, A2) and B, the agency FK (offices F1, F2), and
// an occupational health provider OH.
class CaseServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  // Principals of the suite's organisations.
  static auth::Principal P(auth::Role role, const std::string& org, const std::string& subject = "tester",
                           const std::string& unit = "", const std::string& office = "");
  static std::unique_ptr<grpc::ClientContext> Ctx(const auth::Principal& p) {
    return collab::testing::SignedContext(p);
  }
  // A case worker at office F1, and the FK integration.
  static auth::Principal CaseWorker(const std::string& subject = "cw-f1") {
    return P(collab::common::v1::ROLE_CASE_WORKER, fk_, subject, "", f1_);
  }
  static auth::Principal Admin() { return P(collab::common::v1::ROLE_ADMIN, ""); }
  // Employer A's HR, who reports absence spells (sjukfrånvarotillfällen).
  static auth::Principal Hr() { return P(collab::common::v1::ROLE_EMPLOYER_HR, employer_a_, "hr-a"); }

  // A valid personnummer 19850101NNNC for n in 0..999 (12-digit form).
  static std::string Pnr(int n);
  // A complete case of employer A, unit A1, office F1, assigned "cw-assigned", provider OH.
  static v1::Case SampleCase(int n);
  // Creates through CreateCase as the F1 case worker; fails the test on error.
  static v1::Case Create(const v1::Case& c);
  // Closes the case (returned to work, with `note`) as the F1 case worker; fails the test on error.
  static v1::Case CloseAsReturned(const std::string& name, const std::string& note);
  // A GiveConsent request for `c`: the employee lets employer A see the diagnosis category for
  // work adaptation, given a second ago, on the signed form `document_reference`.
  static v1::GiveConsentRequest EmployerDiagnosisConsent(const v1::Case& c,
                                                         const std::string& document_reference);
  // VerifyAuditChain over every chain, as ADMIN; fails the test on error.
  static v1::VerifyAuditChainResponse VerifyChains();

  // Early signals. A spell of person `n` (Pnr) at employer A, unit A1, from `from` to `to`, as
  // HR reports it through CreateAbsenceSpell; fails the test on error.
  static v1::AbsenceSpell RecordSpell(int n, absl::CivilDay from, absl::CivilDay to);
  // GetRehabWatch / GetAbsenceSpell as `p`; fail the test on error.
  static v1::RehabWatch GetWatch(const std::string& name, const auth::Principal& p = Hr());
  static v1::AbsenceSpell GetSpell(const std::string& name, const auth::Principal& p = Hr());
  // The names of the live spells ListAbsenceSpells gives for `watch` (as HR), sorted; fails the
  // test on error.
  static std::vector<std::string> SpellsOf(const std::string& watch);
  // The names of `spells`, sorted (to compare with SpellsOf).
  static std::vector<std::string> Names(const std::vector<v1::AbsenceSpell>& spells);
  // Closes the watch (CloseRehabWatch, with `note`, which may be empty) as HR; fails the test on
  // error.
  static v1::RehabWatch CloseWatch(const std::string& name, const std::string& note);

  // Superuser connection to the suite's database (for checks the service role cannot make).
  static std::unique_ptr<pqxx::connection> Superuser() {
    return std::make_unique<pqxx::connection>(db_->AdminConnInfo());
  }
  static int64_t Count(const std::string& sql);

  static std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

  static inline collab::testing::TestDatabase* db_ = nullptr;
  // organisations
  static inline organisations::testing::InProcessOrganisations* orgs_ = nullptr;
  // cases
  static inline db::ConnectionPool* pool_ = nullptr;
  static inline rpc::CallHandler* handler_ = nullptr;
  static inline EmployerDirectory* employers_ = nullptr;
  static inline CaseServiceImpl* service_ = nullptr;
  static inline rpc::Server* server_ = nullptr;
  static inline v1::CaseService::Stub* stub_ = nullptr;

  static inline std::string employer_a_, unit_a1_, unit_a2_, employer_b_, fk_, f1_, f2_, oh_;
  static inline CaseKeys keys_;
};

}  // namespace collab::cases
