#include "libs/db/errors.h"

#include <pqxx/pqxx>
#include <pqxx/except>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace collab::db {
namespace {

// Debian builds Abseil with its own string_view type, not std::string_view.
constexpr absl::string_view kRetryPayload =
    "type.collab.dev/collab.db.Retryable";

// Server messages end with a newline and may carry a DETAIL line; DETAIL can
// quote key values (e.g. "Key (email)=(x) already exists"), so keep line 1.
std::string FirstLine(const char* what) {
  absl::string_view s(what);
  s = s.substr(0, s.find('\n'));
  return std::string(absl::StripAsciiWhitespace(s));
}

absl::Status FromSqlState(const std::string& state, const std::string& msg) {
  if (state == "40001" || state == "40P01") return RetryableAbort(msg);
  if (state == "23505") return absl::AlreadyExistsError(msg);
  if (state == "23503") return absl::FailedPreconditionError(msg);
  if (state == "23514" || state == "23502") {
    return absl::InvalidArgumentError(msg);
  }
  if (state == "57014") return absl::DeadlineExceededError(msg);
  if (state == "42501") return absl::PermissionDeniedError(msg);
  if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" ||
      state == "57P03" || state == "53300") {
    return absl::UnavailableError(msg);
  }
  if (state.rfind("22", 0) == 0) return absl::InvalidArgumentError(msg);
  return absl::InternalError(absl::StrCat("database error ", state, ": ", msg));
}

}  // namespace

absl::Status RetryableAbort(std::string_view message) {
  absl::Status s =
      absl::AbortedError(absl::string_view(message.data(), message.size()));
  s.SetPayload(kRetryPayload, absl::Cord("1"));
  return s;
}

bool IsRetryable(const absl::Status& status) {
  return status.GetPayload(kRetryPayload).has_value();
}

absl::Status StatusFromException(const std::exception& e) {
  const std::string msg = FirstLine(e.what());
  // Order matters: subclasses before their bases.
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError(
        absl::StrCat("transaction outcome unknown (connection lost during "
                     "commit): ", msg));
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    return RetryableAbort(msg);
  }
  if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) {
    return absl::UnavailableError(msg);
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database connection failed: ", msg));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    if (!sql->sqlstate().empty()) return FromSqlState(sql->sqlstate(), msg);
    // libpqxx builds typed errors from SQLSTATE; fall back to the type.
    if (dynamic_cast<const pqxx::unique_violation*>(&e) != nullptr) {
      return absl::AlreadyExistsError(msg);
    }
    if (dynamic_cast<const pqxx::foreign_key_violation*>(&e) != nullptr) {
      return absl::FailedPreconditionError(msg);
    }
    if (dynamic_cast<const pqxx::check_violation*>(&e) != nullptr ||
        dynamic_cast<const pqxx::not_null_violation*>(&e) != nullptr) {
      return absl::InvalidArgumentError(msg);
    }
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e) != nullptr) {
      return absl::PermissionDeniedError(msg);
    }
    return absl::InternalError(absl::StrCat("database error: ", msg));
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    return RetryableAbort(msg);
  }
  return absl::InternalError(absl::StrCat("database error: ", msg));
}

}  // namespace collab::db
