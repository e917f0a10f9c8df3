#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "collab/common/v1/date.pb.h"
#include "libs/common/errors.h"

// Calendar dates (collab.common.v1.Date) ↔ absl::CivilDay. Sick-leave days are calendar days,
// so no time zone is involved anywhere in date arithmetic.
namespace collab {

using collab::common::v1::Date;
using collab::common::v1::DateRange;

// All fields zero: the date is absent.
inline bool IsUnset(const Date& d) { return d.year() == 0 && d.month() == 0 && d.day() == 0; }
// nullopt when the date does not exist (e.g. 31 September) or is outside years 1900–9999.
std::optional<absl::CivilDay> ToCivilDay(const Date& d);
Date FromCivilDay(absl::CivilDay day);
// YYYY-MM-DD, as PostgreSQL's date type reads and writes it.
std::string ToIsoDate(absl::CivilDay day);
std::optional<absl::CivilDay> ParseIsoDate(std::string_view text);

// Checks a range: each end, when set, is a real date and end ≥ start. Adds violations as
// `<field>.start_date` / `<field>.end_date`.
void ValidateDateRange(const DateRange& range, std::string_view field, FieldViolations& out);

}  // namespace collab
