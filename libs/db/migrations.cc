#include "libs/db/migrations.h"

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

#include <pqxx/pqxx>
#include <pqxx/nontransaction>
#include <pqxx/subtransaction>
#include <pqxx/transaction>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"
#include "libs/db/errors.h"

namespace collab::db {
namespace {

struct MigrationFile {
  int version = 0;
  std::string name;       // part after the number, e.g. "init"
  std::string file_name;  // e.g. "0001_init.sql"
  std::string sql;
  std::string checksum;   // hex SHA-256 of the file's bytes
};

bool IsPlainIdentifier(const std::string& s) {
  static const std::regex kIdent("[a-z_][a-z0-9_]{0,62}");
  return std::regex_match(s, kIdent);
}

absl::StatusOr<std::vector<MigrationFile>> ScanDir(
    const std::filesystem::path& dir) {
  std::vector<MigrationFile> files;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return files;
  if (!std::filesystem::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir.string(), " is not a directory"));
  }
  static const std::regex kName("([0-9]+)_([A-Za-z0-9_.-]+)\\.sql");
  std::map<int, MigrationFile> by_version;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file_name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(file_name, m, kName)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration file ", file_name, " does not match NNNN_name.sql"));
    }
    MigrationFile f;
    f.version = std::stoi(m[1].str());
    f.name = m[2].str();
    f.file_name = file_name;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot read migration file ", file_name));
    }
    f.sql = content.str();
    f.checksum = crypto::Sha256Hex(f.sql);
    auto [it, inserted] = by_version.emplace(f.version, f);
    if (!inserted) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration files ", it->second.file_name, " and ",
                       file_name, " share version ", f.version));
    }
  }
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot list ", dir.string(), ": ", ec.message()));
  }
  int expected = 1;
  for (auto& [version, f] : by_version) {
    if (version != expected) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration numbering has a gap: expected version ", expected,
          " before ", f.file_name));
    }
    ++expected;
    files.push_back(std::move(f));
  }
  return files;
}

// Session-level lock so every step below, across transactions, is serialised
// with other runners on the same schema in this database.
class AdvisoryLock {
 public:
  AdvisoryLock(pqxx::connection& conn, const std::string& key)
      : conn_(conn), key_(key) {
    pqxx::nontransaction tx(conn_);
    tx.exec_params("SELECT pg_advisory_lock(hashtextextended($1, 0))", key_);
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction tx(conn_);
      tx.exec_params("SELECT pg_advisory_unlock(hashtextextended($1, 0))",
                     key_);
    } catch (const std::exception&) {
      // A dead connection has released the lock already.
    }
  }

 private:
  pqxx::connection& conn_;
  std::string key_;
};

void EnsureRole(pqxx::connection& conn, const MigrationTarget& t) {
  const std::string role = conn.quote_name(t.role);
  {
    pqxx::work tx(conn);
    if (tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", t.role)
            .empty()) {
      try {
        pqxx::subtransaction sub(tx, "create_role");
        sub.exec("CREATE ROLE " + role + " LOGIN");
        sub.commit();
      } catch (const pqxx::sql_error& e) {
        // Another database's runner created it first (roles are global).
        if (e.sqlstate() != "42710" && e.sqlstate() != "23505") throw;
      }
    }
    tx.commit();
  }
  pqxx::work tx(conn);
  if (!t.role_password.empty()) {
    tx.exec("ALTER ROLE " + role + " WITH LOGIN PASSWORD " +
            tx.quote(t.role_password));
  }
  // The role's own default, valid in every database (including copies of a
  // template, which do not inherit per-database role settings).
  tx.exec("ALTER ROLE " + role + " SET search_path = " +
          conn.quote_name(t.schema));
  // SET ROLE below needs membership; a superuser has it implicitly.
  if (!tx.exec_params("SELECT pg_has_role(current_user, $1, 'MEMBER')", t.role)
           .at(0)
           .at(0)
           .as<bool>()) {
    tx.exec("GRANT " + role + " TO CURRENT_USER");
  }
  tx.commit();
}

void EnsureSchema(pqxx::connection& conn, const MigrationTarget& t) {
  const std::string role = conn.quote_name(t.role);
  const std::string schema = conn.quote_name(t.schema);
  pqxx::work tx(conn);
  tx.exec("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role);
  tx.exec("ALTER SCHEMA " + schema + " OWNER TO " + role);
  tx.exec("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
  tx.exec("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  tx.exec("REVOKE ALL ON SCHEMA public FROM " + role);
  tx.exec("SET LOCAL ROLE " + role);
  tx.exec("SET LOCAL search_path TO " + schema);
  tx.exec(R"sql(
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS outbox (
      seq bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      event_type text NOT NULL,
      aggregate_id text NOT NULL,
      payload bytea NOT NULL,
      create_time timestamptz NOT NULL DEFAULT now()
    );
    -- Feed order (libs/db/outbox.h): the writing transaction, and the position the publisher
    -- gives an event once that transaction has finished. Added by ALTER so databases migrated
    -- before the columns existed get them too.
    ALTER TABLE outbox ADD COLUMN IF NOT EXISTS txid xid8 NOT NULL DEFAULT pg_current_xact_id();
    ALTER TABLE outbox ADD COLUMN IF NOT EXISTS position bigint;
    CREATE UNIQUE INDEX IF NOT EXISTS outbox_position ON outbox (position);
    CREATE INDEX IF NOT EXISTS outbox_unpublished ON outbox (txid, seq) WHERE position IS NULL;
    CREATE TABLE IF NOT EXISTS idempotency (
      request_id text PRIMARY KEY,
      method text NOT NULL,
      request_hash bytea NOT NULL,
      response bytea NOT NULL,
      create_time timestamptz NOT NULL DEFAULT now()
    );
    -- PurgeIdempotency (idempotency.h) deletes by age.
    CREATE INDEX IF NOT EXISTS idempotency_create_time ON idempotency (create_time);
  )sql");
  tx.commit();
}

absl::Status Annotate(const absl::Status& s, const std::string& context) {
  absl::Status out(s.code(), absl::StrCat(context, ": ", s.message()));
  return out;
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(pqxx::connection& admin_conn,
                                    const MigrationTarget& t) {
  if (!IsPlainIdentifier(t.schema) || !IsPlainIdentifier(t.role)) {
    return absl::InvalidArgumentError(
        "schema and role must match [a-z_][a-z0-9_]* (at most 63 chars)");
  }
  absl::StatusOr<std::vector<MigrationFile>> files = ScanDir(t.dir);
  if (!files.ok()) return files.status();

  const std::string schema = admin_conn.quote_name(t.schema);
  const std::string role = admin_conn.quote_name(t.role);
  std::string step = "locking";
  try {
    AdvisoryLock lock(admin_conn, "collab.migrate:" + t.schema);
    step = "creating role " + t.role;
    EnsureRole(admin_conn, t);
    step = "creating schema " + t.schema;
    EnsureSchema(admin_conn, t);

    step = "reading " + t.schema + ".schema_migrations";
    std::map<int, std::pair<std::string, std::string>> applied;
    {
      pqxx::work tx(admin_conn);
      for (const auto& row : tx.exec("SELECT version, name, checksum FROM " +
                                     schema + ".schema_migrations")) {
        applied[row[0].as<int>()] = {row[1].as<std::string>(),
                                     row[2].as<std::string>()};
      }
      tx.commit();
    }
    for (const auto& [version, name_sum] : applied) {
      if (version < 1 || version > static_cast<int>(files->size())) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration ", version, " (", name_sum.first, ") is applied in ",
            t.schema, " but its file is missing from ", t.dir.string()));
      }
      const MigrationFile& f = (*files)[version - 1];
      if (f.checksum != name_sum.second || f.name != name_sum.first) {
        return absl::FailedPreconditionError(absl::StrCat(
            "migration file ", f.file_name, " was changed after it was "
            "applied to ", t.schema, " (checksum mismatch); add a new "
            "migration instead"));
      }
    }

    int count = 0;
    for (const MigrationFile& f : *files) {
      if (applied.count(f.version) != 0) continue;
      step = "applying " + f.file_name;
      pqxx::work tx(admin_conn);
      tx.exec("SET LOCAL ROLE " + role);
      tx.exec("SET LOCAL search_path TO " + schema);
      tx.exec(f.sql);
      tx.exec_params(
          "INSERT INTO " + schema +
              ".schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
          f.version, f.name, f.checksum);
      tx.commit();
      ++count;
    }
    return count;
  } catch (const std::exception& e) {
    return Annotate(StatusFromException(e), step);
  }
}

}  // namespace collab::db
