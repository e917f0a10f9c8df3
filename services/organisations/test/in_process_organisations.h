#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/server.h"
#include "services/organisations/service.h"
#include "services/organisations/store.h"
#include "tests/support/test_database.h"

namespace collab::organisations::testing {

// The real organisations service in-process for other services' tests: its own small pool on
// the `organisations` schema of a test database (as role collab_organisations), served on a
// free port of 127.0.0.1 and reached over a real gRPC channel at target(). Stopped, with its
// pool closed, when the handle goes away.
class InProcessOrganisations {
 public:
  // `internal_key` verifies the principals that callers sign (collab::testing::kTestInternalKey).
  static absl::StatusOr<std::unique_ptr<InProcessOrganisations>> Start(
      const collab::testing::TestDatabase& db, const std::string& internal_key);
  ~InProcessOrganisations();
  InProcessOrganisations(const InProcessOrganisations&) = delete;
  InProcessOrganisations& operator=(const InProcessOrganisations&) = delete;

  // "127.0.0.1:<port>", for channels and organisation directories.
  std::string target() const;
  int port() const { return server_->port(); }

  // Registers an organisation as ADMIN over gRPC, with the next valid organisationsnummer of
  // this instance (2120NN-NNNC, Luhn check digit) in county 17 (Värmland). Its id; "" with a
  // test failure recorded when the service refuses.
  std::string Register(const std::string& display_name, v1::OrganisationKind kind);
  // A unit (enhet) of organisations/{organisation_id}, registered as ADMIN: its id, or "" with a
  // test failure recorded.
  std::string RegisterUnit(const std::string& organisation_id, const std::string& display_name);

 private:
  explicit InProcessOrganisations(auth::PrincipalSigner signer) : signer_(std::move(signer)) {}
  std::unique_ptr<grpc::ClientContext> AdminContext() const;

  // Declared in construction order: destroyed server first, pool last.
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<rpc::CallHandler> handler_;
  std::unique_ptr<OrganisationServiceImpl> service_;
  std::unique_ptr<rpc::Server> server_;
  auth::PrincipalSigner signer_;
  std::unique_ptr<v1::OrganisationService::Stub> stub_;
  std::atomic<int> next_number_{1};
};

// How another backend's service test suite starts: a fresh database copied from the template
// (*db) and the organisations service in process on it (*orgs), verifying principals signed with
// collab::testing::kTestInternalKey. A fatal test failure when either does not start. The suite
// deletes both, *orgs first.
void StartDatabaseAndOrganisations(collab::testing::TestDatabase** db,
                                   InProcessOrganisations** orgs);

}  // namespace collab::organisations::testing
