#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "libs/common/ids.h"

// Small conversions between the services' rows and libpqxx parameters and fields, shared by
// their stores (prepared statements run with text parameters; NULL is std::nullopt). A store
// brings them in with `using namespace db::sql;` in its own unnamed namespace.
namespace collab::db::sql {

using Params = std::vector<std::optional<std::string>>;

// Selects a timestamptz column as microseconds since the epoch.
#define COLLAB_SQL_MICROS(col) "(extract(epoch FROM " col ") * 1000000)::bigint"

inline pqxx::result Exec(pqxx::work& tx, const char* stmt, const Params& params) {
  return tx.exec_prepared(stmt, pqxx::prepare::make_dynamic_params(params));
}

inline std::optional<std::string> OrNull(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}
inline std::string Bool(bool b) { return b ? "true" : "false"; }

// Identifiers from principals are not trusted to be UUIDs: anything else matches nothing.
inline std::optional<std::string> UuidOrNull(const std::string& s) {
  return IsUuid(s) ? std::optional<std::string>(s) : std::nullopt;
}

// bytea as a text parameter (hex form).
inline std::string HexBytea(const std::string& raw) {
  return "\\x" + absl::BytesToHexString(raw);
}
// As above; empty → NULL.
inline std::optional<std::string> ByteaOrNull(const std::string& raw) {
  return raw.empty() ? std::nullopt : std::optional<std::string>(HexBytea(raw));
}

inline std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
inline std::string Bytes(const pqxx::field& f) {
  return f.is_null() ? std::string() : pqxx::binarystring(f).str();
}
inline std::optional<int64_t> OptMicros(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<int64_t>(f.as<int64_t>());
}

}  // namespace collab::db::sql
