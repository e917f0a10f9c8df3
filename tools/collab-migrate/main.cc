// collab-migrate: creates each service's role and schema and applies its
// migrations (services/<svc>/migrations/NNNN_name.sql).

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <iostream>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/db/conninfo.h"
#include "libs/db/errors.h"
#include "libs/db/migrations.h"

ABSL_FLAG(std::string, admin_url, "",
          "Admin (superuser or CREATEROLE) libpq conninfo; defaults to "
          "$COLLAB_ADMIN_DATABASE_URL.");
ABSL_FLAG(std::string, services, "organisations,cases,funding,reporting",
          "Comma-separated services to migrate.");
ABSL_FLAG(std::string, services_dir, "services",
          "Directory holding <svc>/migrations.");
ABSL_FLAG(std::string, role_password, "",
          "Password to set on every collab_<svc> role; defaults to "
          "$COLLAB_DB_ROLE_PASSWORD; none when both are empty.");
ABSL_FLAG(std::string, create_database, "",
          "Create this database if missing and migrate into it instead of "
          "the admin_url's database.");

namespace {

std::string FlagOrEnv(const std::string& flag, const char* env) {
  if (!flag.empty()) return flag;
  const char* v = std::getenv(env);
  return v != nullptr ? v : "";
}

absl::Status CreateDatabaseIfMissing(const std::string& admin_url,
                                     const std::string& name) {
  try {
    pqxx::connection conn(admin_url);
    pqxx::nontransaction tx(conn);
    if (tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name)
            .empty()) {
      tx.exec("CREATE DATABASE " + conn.quote_name(name));
    }
    return absl::OkStatus();
  } catch (const pqxx::sql_error& e) {
    // Lost a race with a concurrent creator: fine.
    if (e.sqlstate() == "42P04") return absl::OkStatus();
    return collab::db::StatusFromException(e);
  } catch (const std::exception& e) {
    return collab::db::StatusFromException(e);
  }
}

absl::Status Run() {
  std::string admin_url =
      FlagOrEnv(absl::GetFlag(FLAGS_admin_url), "COLLAB_ADMIN_DATABASE_URL");
  if (admin_url.empty()) {
    return absl::InvalidArgumentError(
        "no admin connection: pass --admin_url or set "
        "COLLAB_ADMIN_DATABASE_URL");
  }
  // Reject a malformed string here: libpq's own message may quote it.
  if (absl::StatusOr<std::string> host =
          collab::db::ConnInfoValue(admin_url, "host");
      !host.ok()) {
    return host.status();
  }
  const std::string password =
      FlagOrEnv(absl::GetFlag(FLAGS_role_password), "COLLAB_DB_ROLE_PASSWORD");
  const std::string database = absl::GetFlag(FLAGS_create_database);
  if (!database.empty()) {
    if (absl::Status s = CreateDatabaseIfMissing(admin_url, database); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("creating database ", database,
                                                 ": ", s.message()));
    }
    absl::StatusOr<std::string> url =
        collab::db::ConnInfoWithDatabase(admin_url, database);
    if (!url.ok()) return url.status();
    admin_url = *std::move(url);
  }

  // Closed when Run() returns, so a template database is left without
  // sessions (CREATE DATABASE ... TEMPLATE requires that).
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(admin_url);
  } catch (const std::exception& e) {
    absl::Status s = collab::db::StatusFromException(e);
    return absl::UnavailableError(
        absl::StrCat("connecting to the database: ", s.message()));
  }
  const std::filesystem::path services_dir = absl::GetFlag(FLAGS_services_dir);
  for (absl::string_view svc :
       absl::StrSplit(absl::GetFlag(FLAGS_services), ',', absl::SkipWhitespace())) {
    const std::string name(absl::StripAsciiWhitespace(svc));
    collab::db::MigrationTarget target{
        .schema = name,
        .role = "collab_" + name,
        .dir = services_dir / name / "migrations",
        .role_password = password,
    };
    absl::StatusOr<int> applied = collab::db::ApplyMigrations(*conn, target);
    if (!applied.ok()) {
      return absl::Status(applied.status().code(),
                          absl::StrCat(name, ": ", applied.status().message()));
    }
    std::cout << name << ": applied " << *applied << std::endl;
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Creates collab_<svc> roles and <svc> schemas and applies migrations.\n"
      "  collab-migrate --admin_url='host=/tmp/pg user=postgres' "
      "[--services=cases,funding] [--create_database=collab]");
  absl::ParseCommandLine(argc, argv);
  absl::Status s = Run();
  if (!s.ok()) {
    std::cerr << "collab-migrate: " << s << std::endl;
    return 1;
  }
  return 0;
}
