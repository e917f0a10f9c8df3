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

}  // namespace collab::funding::sql
