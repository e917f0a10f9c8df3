#include "tests/support/test_database.h"

#include <cstdlib>

#include <pqxx/pqxx>
#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/db/conninfo.h"
#include "libs/db/errors.h"

namespace collab::testing {
namespace {

std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  absl::BitGen gen;
  std::string s;
  for (int i = 0; i < 12; ++i) {
    s.push_back(kAlphabet[absl::Uniform(gen, 0u, sizeof(kAlphabet) - 1)]);
  }
  return s;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::CreateFromTemplate() {
  const char* admin = std::getenv("COLLAB_TEST_PG_ADMIN");
  const char* tmpl = std::getenv("COLLAB_TEST_TEMPLATE_DB");
  if (admin == nullptr || *admin == '\0' || tmpl == nullptr || *tmpl == '\0') {
    return absl::FailedPreconditionError(
        "COLLAB_TEST_PG_ADMIN and COLLAB_TEST_TEMPLATE_DB are not set: run "
        "database tests via `make test` (or "
        "tests/support/with_postgres.sh ctest --test-dir build)");
  }
  const std::string name = "test_" + RandomSuffix();
  absl::StatusOr<std::string> db_admin = db::ConnInfoWithDatabase(admin, name);
  if (!db_admin.ok()) return db_admin.status();
  // Parallel test processes copy one template; PostgreSQL refuses while
  // another session is briefly connected to it, so retry for a while.
  absl::Status last;
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      pqxx::connection conn(admin);
      pqxx::nontransaction tx(conn);
      tx.exec("CREATE DATABASE " + conn.quote_name(name) + " TEMPLATE " +
              conn.quote_name(tmpl));
      return std::unique_ptr<TestDatabase>(
          new TestDatabase(admin, name, *std::move(db_admin)));
    } catch (const pqxx::sql_error& e) {
      last = db::StatusFromException(e);
      if (e.sqlstate() != "55006") break;  // object_in_use
    } catch (const std::exception& e) {
      last = db::StatusFromException(e);
      break;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  return absl::Status(last.code(), absl::StrCat("creating test database from ",
                                                tmpl, ": ", last.message()));
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection conn(server_admin_);
    pqxx::nontransaction tx(conn);
    tx.exec("DROP DATABASE IF EXISTS " + conn.quote_name(name_) +
            " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is ephemeral; a leftover database goes with it.
  }
}

std::string TestDatabase::AdminConnInfo() const { return db_admin_; }

std::string TestDatabase::ConnInfoForRole(const std::string& role) const {
  // db_admin_ parsed once already, so this cannot fail.
  return db::ConnInfoWithUser(db_admin_, role, "").value_or(db_admin_);
}

db::ConnectionPool::Options TestDatabase::ServicePoolOptions(
    const std::string& schema, std::function<void(pqxx::connection&)> on_connect,
    int size) const {
  const std::string role = ConnInfoForRole("collab_" + schema);
  db::ConnectionPool::Options options;
  // Parsed already by ConnInfoForRole: only a schema name with spaces could fail here.
  options.conninfo =
      db::ConnInfoWithOverrides(role, {{"options", "-c search_path=" + schema}}).value_or(role);
  options.size = size;
  options.on_connect = std::move(on_connect);
  return options;
}

}  // namespace collab::testing
