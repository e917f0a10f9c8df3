#include "services/funding/funding_sql.h"

#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"

namespace collab::funding::sql {

using google::protobuf::util::TimeUtil;

void SetTime(const pqxx::field& f, google::protobuf::Timestamp* ts) {
  if (!f.is_null()) *ts = TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>());
}

bool HasTime(const pqxx::field& f) { return !f.is_null(); }

void SetDate(const pqxx::field& f, collab::common::v1::Date* d) {
  if (f.is_null()) return;
  if (auto day = ParseIsoDate(f.c_str())) *d = FromCivilDay(*day);
}

absl::CivilDay DayOf(const pqxx::field& f) {
  return ParseIsoDate(f.c_str()).value_or(absl::CivilDay());
}

std::optional<std::string> IsoOrNull(const collab::common::v1::Date& d) {
  auto day = ToCivilDay(d);
  return day ? std::optional<std::string>(ToIsoDate(*day)) : std::nullopt;
}

void SetMoney(collab::common::v1::Money* m, const std::string& currency, int64_t minor) {
  m->set_currency_code(currency);
  m->set_minor_units(minor);
}

std::vector<std::string> TextArray(const pqxx::field& f) {
  std::vector<std::string> out;
  if (f.is_null()) return out;
  pqxx::array_parser parser = f.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::juncture::done;
       std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::juncture::string_value) out.push_back(value);
  }
  return out;
}

std::string ArrayLiteral(const std::vector<std::string>& items) {
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

}  // namespace collab::funding::sql
