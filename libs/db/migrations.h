#pragma once

#include <filesystem>
#include <string>

#include <pqxx/connection>

#include "absl/status/statusor.h"

namespace collab::db {

// One service's slice of a database: a schema owned by a login role that can
// reach nothing else.
struct MigrationTarget {
  std::string schema;  // e.g. "cases"; [a-z_][a-z0-9_]*
  std::string role;    // e.g. "collab_cases"; same syntax
  // Holds NNNN_name.sql files numbered 1, 2, 3 ... without gaps. A missing
  // directory means bookkeeping tables only.
  std::filesystem::path dir;
  // Set (or reset) as the role's password when non-empty.
  std::string role_password;
};

// Brings `t` up to date through `admin_conn` (a superuser, or a CREATEROLE
// user; must not be inside a transaction), holding an advisory lock keyed on
// the schema so concurrent runs wait for each other:
//  - creates the role (LOGIN) and the schema AUTHORIZATION role if missing,
//    revokes the schema from PUBLIC and CREATE on `public` from everyone,
//    and sets the role's search_path to its schema;
//  - creates, owned by the role, schema_migrations, outbox and idempotency;
//  - applies each pending file in its own transaction under
//    SET LOCAL ROLE <role> and SET LOCAL search_path TO <schema>, so every
//    object belongs to the role, and records version, name and SHA-256.
// Files must not contain BEGIN/COMMIT. Returns how many files were applied.
// FAILED_PRECONDITION for a gap, a duplicate number, an applied file that
// changed or disappeared; the failing file's error otherwise.
absl::StatusOr<int> ApplyMigrations(pqxx::connection& admin_conn,
                                    const MigrationTarget& t);

}  // namespace collab::db
