#pragma once

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>
#include "libs/rpc/organisation_directory.h"
#include "libs/rpc/server.h"
#include "services/funding/funding_service.h"
#include "services/organisations/test/in_process_organisations.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::funding {

// The real funding service and the real organisations service (in-process, each on its own
// port and schema in one test database per suite), called over real gRPC channels. The suite
// registers the KUPO parties: FK (owner, in-kind funder), the four coordination associations
// (cash funders) and an unrelated municipality.
class FundingServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static auth::Principal P(auth::Role role, const std::string& org,
                           const std::string& subject = "tester") {
    return collab::testing::MakePrincipal(role, org, subject);
  }
  static std::unique_ptr<grpc::ClientContext> Ctx(const auth::Principal& p) {
    return collab::testing::SignedContext(p);
  }
  // KUPO's project manager at FK, and a funder principal of an organisation.
  static auth::Principal Manager() { return P(collab::common::v1::ROLE_PROJECT_MANAGER, fk_, "pm-kupo"); }
  static auth::Principal Funder(const std::string& org) {
    return P(collab::common::v1::ROLE_FUNDER, org, "funder-" + org.substr(0, 4));
  }

  static v1::Project KupoProject();
  // Creates the KUPO project with its four phases, five lines and six commitments, in DRAFT.
  static v1::Project CreateKupo();
  // CreateKupo, then submitted, approved by every funder and activated.
  static v1::Project CreateActiveKupo();
  // A DRAFT KUPO project (CreateKupo, perhaps changed) submitted, approved by every funder and
  // activated.
  static v1::Project ActivateKupo(v1::Project project);

  // The line or commitment of `project` by description / funder, from the lists.
  static v1::BudgetLine Line(const std::string& project, v1::BudgetCategory category);
  static v1::FundingCommitment CommitmentOf(const std::string& project, const std::string& funder,
                                            v1::FundingKind kind);

  static v1::LedgerEntry Book(const std::string& project, const v1::LedgerEntry& entry,
                              const std::string& request_id);
  static v1::BudgetStatus Status(const std::string& project, int y, int m, int d);

  static collab::common::v1::Money Sek(int64_t kronor);
  static collab::common::v1::Date D(int y, int m, int d);

  static std::unique_ptr<pqxx::connection> Superuser() {
    return std::make_unique<pqxx::connection>(db_->AdminConnInfo());
  }
  static int64_t Count(const std::string& sql);
  static std::string Org(const std::string& id) { return "organisations/" + id; }

  static inline collab::testing::TestDatabase* db_ = nullptr;
  static inline organisations::testing::InProcessOrganisations* orgs_ = nullptr;

  static inline db::ConnectionPool* pool_ = nullptr;
  static inline rpc::CallHandler* handler_ = nullptr;
  static inline rpc::OrganisationDirectory* directory_ = nullptr;
  static inline FundingServiceImpl* service_ = nullptr;
  static inline rpc::Server* server_ = nullptr;
  static inline v1::FundingService::Stub* stub_ = nullptr;

  // FK (owner), the coordination associations Arvika-Eda, Fryksdalen, Klarälvdalen, Samspelet,
  // and Karlstads kommun (no part in KUPO).
  static inline std::string fk_, arvika_eda_, fryksdalen_, klaralvdalen_, samspelet_, karlstad_;
};

}  // namespace collab::funding
