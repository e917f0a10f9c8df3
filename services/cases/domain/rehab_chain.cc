#include "services/cases/domain/rehab_chain.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include "libs/common/dates.h"
#include "libs/common/errors.h"

namespace collab::cases {
namespace {

constexpr int kUnbounded = std::numeric_limits<int>::max();

// Length of a period in days; kUnbounded while ongoing.
int Length(const SickLeavePeriod& p) { return p.to ? InclusiveDays(p.from, *p.to) : kUnbounded; }

bool Overlap(const SickLeavePeriod& a, const SickLeavePeriod& b) {
  const bool a_ends_before_b = a.to && *a.to < b.from;
  const bool b_ends_before_a = b.to && *b.to < a.from;
  return !a_ends_before_b && !b_ends_before_a;
}

}  // namespace

bool IsValidDegree(int percent) {
  return std::find(std::begin(kDegrees), std::end(kDegrees), percent) != std::end(kDegrees);
}

absl::Status ValidatePeriod(const SickLeavePeriod& period, std::string_view field) {
  FieldViolations violations;
  if (!IsValidDegree(period.degree_percent)) {
    // SFB 27 kap. 45 §: sickness benefit is paid at one of four levels.
    violations.Add(std::string(field) + ".degree", "degree must be 25, 50, 75 or 100 %");
  }
  if (period.to && *period.to < period.from) {
    violations.Add(
        std::string(field) + ".end_date",
        "end date " + ToIsoDate(*period.to) + " is before start date " + ToIsoDate(period.from));
  }
  return violations.ToStatus();
}

std::vector<PeriodOverlap> FindOverlaps(const std::vector<SickLeavePeriod>& periods) {
  std::vector<PeriodOverlap> out;
  for (size_t i = 0; i < periods.size(); ++i) {
    for (size_t j = i + 1; j < periods.size(); ++j) {
      if (Overlap(periods[i], periods[j])) out.push_back({i, j});
    }
  }
  return out;
}

absl::Status ValidateNoOverlaps(const std::vector<SickLeavePeriod>& periods) {
  FieldViolations violations;
  for (const PeriodOverlap& o : FindOverlaps(periods)) {
    violations.Add("periods[" + std::to_string(o.second) + "]", "overlaps periods[" +
                                                                    std::to_string(o.first) +
                                                                    "]; sick-leave periods of a "
                                                                    "case must not overlap");
  }
  return violations.ToStatus();
}

absl::StatusOr<RehabChain> RehabChain::Build(const std::vector<SickLeavePeriod>& periods) {
  for (size_t i = 0; i < periods.size(); ++i) {
    absl::Status s = ValidatePeriod(periods[i], "periods[" + std::to_string(i) + "]");
    if (!s.ok()) return s;
  }
  if (absl::Status s = ValidateNoOverlaps(periods); !s.ok()) return s;

  std::vector<size_t> order(periods.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return periods[a].from < periods[b].from; });

  RehabChain chain;
  int chain_days = 0;
  int spell_days = 0;
  for (size_t index : order) {
    ChainPeriod cp;
    cp.period = periods[index];
    cp.input_index = index;
    if (!chain.periods_.empty()) {
      // Overlaps are excluded above, so every earlier period has an end date.
      const absl::CivilDay previous_end = *chain.periods_.back().period.to;
      // Re-illness rule (Sjuklönelagen (1991:1047)): start within 5 days of the previous end.
      cp.continues_previous = cp.period.from - previous_end <= kReIllnessDays;
    }
    if (!cp.continues_previous) {
      // FK statistics: a gap of at least kSpellEndingGapDays ends the spell.
      spell_days = 0;
      chain.spells_.push_back({cp.period.from, cp.period.to, chain_days});
    } else {
      chain.spells_.back().last_day = cp.period.to;
    }
    cp.chain_days_before = chain_days;
    cp.spell = static_cast<int>(chain.spells_.size()) - 1;
    cp.spell_days_before = spell_days;
    if (cp.period.to) {
      const int length = Length(cp.period);
      chain_days += length;  // sammanläggning: all periods of the case add up
      spell_days += length;
    }
    chain.periods_.push_back(cp);
  }
  return chain;
}

int RehabChain::ChainDayOn(absl::CivilDay day) const {
  int count = 0;
  for (const ChainPeriod& cp : periods_) {
    if (day < cp.period.from) break;
    const absl::CivilDay end = cp.period.to ? std::min(day, *cp.period.to) : day;
    count += InclusiveDays(cp.period.from, end);
  }
  return count;
}

const ChainPeriod* RehabChain::PeriodOn(absl::CivilDay day) const {
  for (const ChainPeriod& cp : periods_) {
    if (cp.period.from <= day && (!cp.period.to || day <= *cp.period.to)) return &cp;
  }
  return nullptr;
}

std::optional<absl::CivilDay> RehabChain::DateOfChainDay(int n) const {
  if (n < 1) return std::nullopt;
  for (const ChainPeriod& cp : periods_) {
    const int offset = n - cp.chain_days_before;  // 1-based day within this period
    if (offset <= Length(cp.period)) return cp.period.from + (offset - 1);
  }
  return std::nullopt;
}

std::optional<absl::CivilDay> RehabChain::DateOfSpellDay(int spell, int n) const {
  if (n < 1) return std::nullopt;
  for (const ChainPeriod& cp : periods_) {
    if (cp.spell != spell) continue;
    const int offset = n - cp.spell_days_before;
    if (offset <= Length(cp.period)) return cp.period.from + (offset - 1);
  }
  return std::nullopt;
}

int RehabChain::SpellLength(int spell, absl::CivilDay today) const {
  int days = 0;
  for (const ChainPeriod& cp : periods_) {
    if (cp.spell != spell) continue;
    if (cp.period.to) {
      days += Length(cp.period);
    } else if (today >= cp.period.from) {
      days += InclusiveDays(cp.period.from, today);
    }
  }
  return days;
}

}  // namespace collab::cases
