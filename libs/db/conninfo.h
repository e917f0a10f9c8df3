#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace collab::db {

// Accept any libpq connection string (URI or key=value) and return a
// key=value string with `user` replaced; `password` replaces the stored
// password only when non-empty. Errors never echo the input, since it may
// carry a password.
absl::StatusOr<std::string> ConnInfoWithUser(const std::string& base,
                                             const std::string& user,
                                             const std::string& password);

// Same, replacing the database name.
absl::StatusOr<std::string> ConnInfoWithDatabase(const std::string& base,
                                                 const std::string& dbname);

// Parses and re-emits `base` as key=value, optionally overriding keys. Used
// by the two helpers above; exposed because tools need other keys too.
absl::StatusOr<std::string> ConnInfoWithOverrides(
    const std::string& base,
    const std::vector<std::pair<std::string, std::string>>& overrides);

// Value of one key (e.g. "dbname", "user") after parsing, or "" when unset.
absl::StatusOr<std::string> ConnInfoValue(const std::string& base,
                                          const std::string& key);

}  // namespace collab::db
