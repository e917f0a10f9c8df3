#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
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

 private:
  InProcessOrganisations() = default;

  // Declared in construction order: destroyed server first, pool last.
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<rpc::CallHandler> handler_;
  std::unique_ptr<OrganisationServiceImpl> service_;
  std::unique_ptr<rpc::Server> server_;
};

}  // namespace collab::organisations::testing
