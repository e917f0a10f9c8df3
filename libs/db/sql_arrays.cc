#include "libs/db/sql_arrays.h"

#include <tuple>

#include "absl/strings/str_join.h"

namespace collab::db {

std::string TextArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string IntArrayLiteral(const std::vector<int>& values) {
  return "{" + absl::StrJoin(values, ",") + "}";
}

std::vector<std::string> TextArrayOf(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  pqxx::array_parser parser = f.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::juncture::done;
       std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::juncture::string_value) out.push_back(value);
  }
  return out;
}

}  // namespace collab::db
