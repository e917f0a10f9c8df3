#include "libs/common/dates.h"

#include <cstdio>

namespace collab {

std::optional<absl::CivilDay> ToCivilDay(const Date& d) {
  if (d.year() < 1900 || d.year() > 9999) return std::nullopt;
  absl::CivilDay day(d.year(), d.month(), d.day());
  // CivilDay normalises 31 September to 1 October; a changed field means it did not exist.
  if (day.year() != d.year() || day.month() != d.month() || day.day() != d.day()) {
    return std::nullopt;
  }
  return day;
}

Date FromCivilDay(absl::CivilDay day) {
  Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

std::string ToIsoDate(absl::CivilDay day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(),
                day.day());
  return buf;
}

std::optional<absl::CivilDay> ParseIsoDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return ToCivilDay(date);
}

void ValidateDateRange(const DateRange& range, std::string_view field, FieldViolations& out) {
  const std::string prefix(field);
  std::optional<absl::CivilDay> start, end;
  if (range.has_start_date() && !IsUnset(range.start_date())) {
    start = ToCivilDay(range.start_date());
    if (!start) out.Add(prefix + ".start_date", "is not a real calendar date");
  }
  if (range.has_end_date() && !IsUnset(range.end_date())) {
    end = ToCivilDay(range.end_date());
    if (!end) out.Add(prefix + ".end_date", "is not a real calendar date");
  }
  if (start && end && *end < *start) out.Add(prefix + ".end_date", "is before start_date");
}

}  // namespace collab
