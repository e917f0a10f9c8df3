#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/civil_time.h"
#include "collab/common/v1/date.pb.h"
#include "collab/common/v1/money.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "libs/db/sql_params.h"

// Small helpers shared by the funding stores: timestamps, dates and money in rows, keyset cursors.
namespace collab::funding::sql {

// Exec, Params, OrNull, Bool, COLLAB_SQL_MICROS… (libs/db/sql_params.h), as funding::sql.
using namespace db::sql;  // NOLINT

// A two-column keyset cursor (sort key, id) as two parameters: both NULL on the first page.
inline void AppendKeysetCursor(Params& p, const std::vector<std::string>& after) {
  const bool has = after.size() == 2;
  p.emplace_back(has ? std::optional<std::string>(after[0]) : std::nullopt);
  p.emplace_back(has ? std::optional<std::string>(after[1]) : std::nullopt);
}

// Sets *ts from a micros column unless it is NULL.
void SetTime(const pqxx::field& f, google::protobuf::Timestamp* ts);
bool HasTime(const pqxx::field& f);
// A date column (::text) into a proto Date; unset when NULL.
void SetDate(const pqxx::field& f, collab::common::v1::Date* d);
absl::CivilDay DayOf(const pqxx::field& f);
std::optional<std::string> IsoOrNull(const collab::common::v1::Date& d);
// Money in the project's currency from a minor-units column.
void SetMoney(collab::common::v1::Money* m, const std::string& currency, int64_t minor);

}  // namespace collab::funding::sql
