#include "libs/db/conninfo.h"

#include <libpq-fe.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace collab::db {
namespace {

struct OptionsDeleter {
  void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};
using OptionsPtr = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

absl::StatusOr<OptionsPtr> Parse(const std::string& base) {
  char* err = nullptr;
  OptionsPtr opts(PQconninfoParse(base.c_str(), &err));
  // libpq's message can quote fragments of the input (and so a password):
  // drop it and report only that the string is malformed.
  if (err != nullptr) PQfreemem(err);
  if (opts == nullptr) {
    return absl::InvalidArgumentError(
        "invalid PostgreSQL connection string (details withheld because it "
        "may contain a password)");
  }
  return opts;
}

// libpq's key=value syntax: single quotes, with \ and ' escaped by a backslash.
void AppendQuoted(std::string& out, const std::string& value) {
  out.push_back('\'');
  for (char c : value) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
}

}  // namespace

absl::StatusOr<std::string> ConnInfoWithOverrides(
    const std::string& base,
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  absl::StatusOr<OptionsPtr> opts = Parse(base);
  if (!opts.ok()) return opts.status();
  std::string out;
  auto append = [&out](const std::string& key, const std::string& value) {
    if (!out.empty()) out.push_back(' ');
    absl::StrAppend(&out, key, "=");
    AppendQuoted(out, value);
  };
  for (PQconninfoOption* o = opts->get(); o->keyword != nullptr; ++o) {
    const std::string key = o->keyword;
    const std::string* override_value = nullptr;
    for (const auto& [k, v] : overrides) {
      if (k == key) override_value = &v;
    }
    if (override_value != nullptr) {
      append(key, *override_value);
    } else if (o->val != nullptr) {
      append(key, o->val);
    }
  }
  for (const auto& [k, v] : overrides) {
    bool known = false;
    for (PQconninfoOption* o = opts->get(); o->keyword != nullptr; ++o) {
      if (k == o->keyword) known = true;
    }
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown connection option \"", k, "\""));
    }
  }
  return out;
}

absl::StatusOr<std::string> ConnInfoWithUser(const std::string& base,
                                             const std::string& user,
                                             const std::string& password) {
  std::vector<std::pair<std::string, std::string>> overrides = {{"user", user}};
  if (!password.empty()) overrides.emplace_back("password", password);
  return ConnInfoWithOverrides(base, overrides);
}

absl::StatusOr<std::string> ConnInfoWithDatabase(const std::string& base,
                                                 const std::string& dbname) {
  return ConnInfoWithOverrides(base, {{"dbname", dbname}});
}

absl::StatusOr<std::string> ConnInfoValue(const std::string& base,
                                          const std::string& key) {
  absl::StatusOr<OptionsPtr> opts = Parse(base);
  if (!opts.ok()) return opts.status();
  for (PQconninfoOption* o = opts->get(); o->keyword != nullptr; ++o) {
    if (key == o->keyword) return std::string(o->val != nullptr ? o->val : "");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown connection option \"", key, "\""));
}

}  // namespace collab::db
