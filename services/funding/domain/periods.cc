#include "services/funding/domain/periods.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "libs/common/errors.h"

namespace collab::funding {

int64_t DaysInclusive(const Period& period) { return period.end - period.start + 1; }

std::optional<Period> Intersect(const Period& a, const Period& b) {
  const Period common{std::max(a.start, b.start), std::min(a.end, b.end)};
  if (common.end < common.start) return std::nullopt;
  return common;
}

std::string IsoDate(absl::CivilDay day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(),
                day.day());
  return buf;
}

namespace {

std::string EnteredText(const DateFields& d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// The day, or nullopt with a violation added. absl::CivilDay normalises 31 September to
// 1 October, so a day whose fields change did not exist.
std::optional<absl::CivilDay> ToDay(const DateFields& d, const std::string& field,
                                    FieldViolations& out) {
  if (d.year == 0 && d.month == 0 && d.day == 0) {
    out.Add(field, "is required");
    return std::nullopt;
  }
  const absl::CivilDay day(d.year, d.month, d.day);
  if (d.year < 1900 || d.year > 9999 || day.year() != d.year || day.month() != d.month ||
      day.day() != d.day) {
    out.Add(field, EnteredText(d) + " is not a real calendar date");
    return std::nullopt;
  }
  return day;
}

std::optional<Period> CheckPeriod(const DateFields& start, const DateFields& end,
                                  const std::string& field, FieldViolations& out) {
  const auto s = ToDay(start, field + ".start_date", out);
  const auto e = ToDay(end, field + ".end_date", out);
  if (!s || !e) return std::nullopt;
  if (*e < *s) {
    out.Add(field + ".end_date", IsoDate(*e) + " is before start_date " + IsoDate(*s));
    return std::nullopt;
  }
  return Period{*s, *e};
}

}  // namespace

absl::StatusOr<Period> ValidatePeriod(const DateFields& start, const DateFields& end,
                                      std::string_view field) {
  FieldViolations violations;
  std::optional<Period> period = CheckPeriod(start, end, std::string(field), violations);
  if (!period) return violations.ToStatus();
  return *period;
}

absl::StatusOr<PhasePlan> ValidatePhases(const Period& project_period,
                                         const std::vector<PhaseInput>& phases) {
  FieldViolations violations;
  PhasePlan plan;
  for (size_t i = 0; i < phases.size(); ++i) {
    const std::string field = "phases[" + std::to_string(i) + "].period";
    std::optional<Period> p = CheckPeriod(phases[i].start, phases[i].end, field, violations);
    if (!p) continue;
    const std::string project = IsoDate(project_period.start) + " – " + IsoDate(project_period.end);
    if (p->start < project_period.start) {
      violations.Add(field + ".start_date",
                     IsoDate(p->start) + " is before the project period " + project);
    }
    if (p->end > project_period.end) {
      violations.Add(field + ".end_date",
                     IsoDate(p->end) + " is after the project period " + project);
    }
    plan.phases.push_back(Phase{phases[i].name, *p});
  }
  if (!violations.empty()) return violations.ToStatus();
  for (size_t i = 0; i < plan.phases.size(); ++i) {
    for (size_t j = i + 1; j < plan.phases.size(); ++j) {
      const std::optional<Period> common = Intersect(plan.phases[i].period, plan.phases[j].period);
      if (!common) continue;
      const int64_t days = DaysInclusive(*common);
      plan.warnings.push_back(PhaseOverlap{plan.phases[i].name, plan.phases[j].name, *common,
                                           plan.phases[i].name + " and " + plan.phases[j].name +
                                               " overlap " + IsoDate(common->start) + " – " +
                                               IsoDate(common->end) + " (" + std::to_string(days) +
                                               (days == 1 ? " day)" : " days)")});
    }
  }
  return plan;
}

}  // namespace collab::funding
