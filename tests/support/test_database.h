#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/db/pool.h"

namespace collab::testing {

// A throwaway database copied from the migrated template that
// tests/support/with_postgres.sh prepares (`make test` runs it). Dropped,
// with any remaining sessions, on destruction.
class TestDatabase {
 public:
  // Reads COLLAB_TEST_PG_ADMIN (admin conninfo) and COLLAB_TEST_TEMPLATE_DB,
  // and runs CREATE DATABASE test_<random> TEMPLATE <template>.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> CreateFromTemplate();

  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // Superuser connection string for this database.
  std::string AdminConnInfo() const;
  // Connection string for `role` on this database (sockets use trust auth in
  // the test cluster, so no password is needed).
  std::string ConnInfoForRole(const std::string& role) const;
  // The pool a service's main opens, on this database: `size` connections as its role
  // collab_<schema>, on its own schema (search_path), each prepared by `on_connect`.
  db::ConnectionPool::Options ServicePoolOptions(
      const std::string& schema, std::function<void(pqxx::connection&)> on_connect,
      int size = 4) const;

 private:
  TestDatabase(std::string server_admin, std::string name,
               std::string db_admin)
      : server_admin_(std::move(server_admin)),
        name_(std::move(name)),
        db_admin_(std::move(db_admin)) {}

  std::string server_admin_;  // conninfo from the environment
  std::string name_;
  std::string db_admin_;      // server_admin_ pointed at name_
};

}  // namespace collab::testing
