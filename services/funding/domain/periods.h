#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

// Project period (projektperiod) and phases (faser). domain.md, "Funding": "Dates are validated;
// overlapping phases are a warning." The KUPO application states its first phase as
// "1 maj – 31 sept" — 31 September does not exist — and its phases overlap on 1 September.
// Dates are calendar days (absl::CivilDay); no time zone is involved.
namespace collab::funding {

// A date as entered (collab.common.v1.Date): all zero means unset.
struct DateFields {
  int year = 0;
  int month = 0;
  int day = 0;
};

// An inclusive range of days.
struct Period {
  absl::CivilDay start;
  absl::CivilDay end;
  friend bool operator==(const Period&, const Period&) = default;
};

// Days in the period, both ends included (2016-05-01 – 2017-01-31: 276).
int64_t DaysInclusive(const Period& period);
// The common days of two periods, if any.
std::optional<Period> Intersect(const Period& a, const Period& b);

// A period as entered: both ends required, each a real date in 1900–9999, end ≥ start.
// INVALID_ARGUMENT with a BadRequest naming `<field>.start_date` / `<field>.end_date` and the
// date: "phases[0].period.end_date: 2016-09-31 is not a real calendar date".
absl::StatusOr<Period> ValidatePeriod(const DateFields& start, const DateFields& end,
                                      std::string_view field);

struct PhaseInput {
  std::string name;  // projects/{project}/phases/{phase}
  DateFields start;
  DateFields end;
};

struct Phase {
  std::string name;
  Period period;
};

// Overlapping phases are allowed but warned about (BUDGET_WARNING_CODE_PHASES_OVERLAP).
struct PhaseOverlap {
  std::string first;
  std::string second;
  Period overlap;
  // "phases/1 and phases/2 overlap 2016-09-01 – 2016-09-01 (1 day)".
  std::string message;
};

struct PhasePlan {
  std::vector<Phase> phases;
  std::vector<PhaseOverlap> warnings;
};

// Validates every phase (field `phases[i].period`) and that it lies within the project period
// (proto Phase.period: "within the project period"); INVALID_ARGUMENT naming every bad field.
// Overlaps between any two phases are warnings, not errors.
absl::StatusOr<PhasePlan> ValidatePhases(const Period& project_period,
                                         const std::vector<PhaseInput>& phases);

// YYYY-MM-DD.
std::string IsoDate(absl::CivilDay day);

}  // namespace collab::funding
