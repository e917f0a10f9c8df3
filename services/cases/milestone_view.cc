#include "services/cases/milestone_view.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"

namespace collab::cases {
namespace {

using google::protobuf::util::TimeUtil;

// collab.cases.v1.PlanExemptionReason is the domain enum + 1.
std::optional<PlanExemptionReason> DomainExemption(int reason) {
  if (reason < 1 || reason > 3) return std::nullopt;
  return static_cast<PlanExemptionReason>(reason - 1);
}

const MetRow* MetOf(const std::vector<MetRow>& met, MilestoneKind kind) {
  for (const MetRow& m : met) {
    if (m.kind == ProtoKind(kind)) return &m;
  }
  return nullptr;
}

bool IsOpen(MilestoneState s) { return s != MilestoneState::kMet && s != MilestoneState::kWaived; }

}  // namespace

int ProtoKind(MilestoneKind kind) { return static_cast<int>(kind) + 1; }

std::optional<MilestoneKind> DomainKind(int proto_kind) {
  if (proto_kind < 1 || proto_kind > 5) return std::nullopt;
  return static_cast<MilestoneKind>(proto_kind - 1);
}

std::string MilestoneName(const std::string& case_id, MilestoneKind kind) {
  return absl::StrCat("cases/", case_id, "/milestones/", std::string(MilestoneId(kind)));
}

absl::StatusOr<MilestoneRef> ParseMilestoneName(const std::string& name, const std::string& field) {
  const size_t at = name.rfind("/milestones/");
  auto ids = ParseResourceName(name.substr(0, at == std::string::npos ? 0 : at), "cases/{}");
  std::optional<MilestoneKind> kind;
  if (at != std::string::npos) kind = MilestoneKindFromId(std::string_view(name).substr(at + 12));
  if (!ids || !kind) {
    return InvalidField(field, "must be cases/{case}/milestones/{employer-report|return-to-work-plan|"
                               "assessment-day-90|day-180|day-365}");
  }
  return MilestoneRef{(*ids)[0], *kind};
}

absl::StatusOr<CaseMilestones> ComputeCaseMilestones(const CaseRow& c,
                                                     const std::vector<PeriodRow>& live,
                                                     std::vector<MetRow> met,
                                                     absl::CivilDay today) {
  std::vector<SickLeavePeriod> periods;
  for (const PeriodRow& p : live) {
    if (!p.delete_micros) periods.push_back(ToDomain(p));
  }
  ASSIGN_OR_RETURN(RehabChain chain, RehabChain::Build(periods));
  MilestoneInputs in;
  in.today = today;
  in.expected_duration_days = c.expected_duration_days;
  in.plan_exemption = DomainExemption(c.plan_exemption_reason);
  // A cleared exemption makes the plan needed from that day (SFB 30 kap. 6 §: due at once).
  in.plan_need_known_on = ParseIsoDate(c.plan_need_known_on);
  for (const MetRow& m : met) {
    std::optional<MilestoneKind> kind = DomainKind(m.kind);
    std::optional<absl::CivilDay> day = ParseIsoDate(m.met_date);
    if (kind && day) in.met_on[*kind] = *day;
  }
  std::vector<Milestone> milestones = ComputeMilestones(chain, in);
  return CaseMilestones{std::move(chain), std::move(milestones), std::move(met)};
}

absl::StatusOr<CaseMilestones> LoadCaseMilestones(pqxx::work& tx, const CaseRow& c,
                                                  absl::CivilDay today) {
  return ComputeCaseMilestones(c, ListPeriods(tx, c.id, /*show_deleted=*/false),
                               LoadMilestonesMet(tx, c.id), today);
}

v1::Milestone MilestoneProto(const CaseMilestones& all, const Milestone& m, const CaseRow& c) {
  v1::Milestone out;
  out.set_name(MilestoneName(c.id, m.kind));
  out.set_kind(static_cast<v1::MilestoneKind>(ProtoKind(m.kind)));
  out.set_due_chain_day(m.due_chain_day);
  *out.mutable_window()->mutable_start_date() = FromCivilDay(m.window_start);
  *out.mutable_window()->mutable_end_date() = FromCivilDay(m.due_date);
  *out.mutable_due_date() = FromCivilDay(m.due_date);
  out.set_state(static_cast<v1::MilestoneState>(static_cast<int>(m.state) + 1));
  if (m.state == MilestoneState::kMet) {
    if (const MetRow* met = MetOf(all.met, m.kind)) {
      *out.mutable_met_time() = TimeUtil::MicrosecondsToTimestamp(met->met_micros);
      out.set_met_by(met->met_by);
      out.set_note(met->note);
    }
  }
  out.set_employer(absl::StrCat("organisations/", c.employer_id));
  out.set_assigned_case_worker(c.assigned_case_worker);
  return out;
}

absl::StatusOr<MilestonePage> PageOfMilestones(const std::vector<Milestone>& all,
                                               const std::vector<std::string>& after, int limit) {
  std::optional<std::pair<absl::CivilDay, int>> last;
  if (!after.empty()) {
    std::optional<absl::CivilDay> due = after.size() == 2 ? ParseIsoDate(after[0]) : std::nullopt;
    int kind = 0;
    if (!due || !absl::SimpleAtoi(after[1], &kind)) {
      return InvalidField("page_token", "is not a token this service issued");
    }
    last.emplace(*due, kind);
  }
  MilestonePage page;
  for (const Milestone& m : all) {
    const std::pair<absl::CivilDay, int> key(m.due_date, ProtoKind(m.kind));
    if (last && key <= *last) continue;
    if (static_cast<int>(page.milestones.size()) == limit) {
      const Milestone& shown = *page.milestones.back();
      page.next_key = {ToIsoDate(shown.due_date), std::to_string(ProtoKind(shown.kind))};
      break;
    }
    page.milestones.push_back(&m);
  }
  return page;
}

v1::Milestone OpenMilestoneProto(const OpenMilestoneRow& m, absl::CivilDay today) {
  v1::Milestone out;
  const MilestoneKind kind = *DomainKind(m.kind);
  out.set_name(MilestoneName(m.case_id, kind));
  out.set_kind(static_cast<v1::MilestoneKind>(m.kind));
  out.set_due_chain_day(m.due_chain_day);
  const absl::CivilDay start = *ParseIsoDate(m.window_start);
  const absl::CivilDay due = *ParseIsoDate(m.due_date);
  *out.mutable_window()->mutable_start_date() = FromCivilDay(start);
  *out.mutable_window()->mutable_end_date() = FromCivilDay(due);
  *out.mutable_due_date() = FromCivilDay(due);
  out.set_state(static_cast<v1::MilestoneState>(static_cast<int>(OpenState(start, due, today)) + 1));
  out.set_employer(absl::StrCat("organisations/", m.employer_id));
  out.set_assigned_case_worker(m.assigned_case_worker);
  return out;
}

CaseProgress ProgressOf(const CaseRow& c, const CaseMilestones& all, absl::CivilDay today) {
  CaseProgress p;
  if (all.chain.empty()) return p;
  p.chain_day = all.chain.ChainDayOn(today);
  if (const ChainPeriod* on = all.chain.PeriodOn(today)) {
    p.current_degree = on->period.degree_percent / 25;  // SickLeaveDegree 1..4 ↔ 25..100 %
  }
  if (c.status == v1::CASE_STATUS_CLOSED) return p;
  for (const Milestone& m : all.milestones) {  // due-date order: the first open one is next
    if (!IsOpen(m.state)) continue;
    if (m.state == MilestoneState::kOverdue) p.has_overdue_milestone = true;
    if (p.next_milestone_kind == 0) {
      p.next_milestone_kind = ProtoKind(m.kind);
      p.next_milestone_due = m.due_date;
    }
  }
  return p;
}

void SetProgress(const CaseProgress& p, v1::Case* out) {
  out->set_chain_day(p.chain_day);
  out->set_current_degree(static_cast<v1::SickLeaveDegree>(p.current_degree));
  out->set_has_overdue_milestone(p.has_overdue_milestone);
  out->set_next_milestone_kind(static_cast<v1::MilestoneKind>(p.next_milestone_kind));
  if (p.next_milestone_due) *out->mutable_next_milestone_due_date() = FromCivilDay(*p.next_milestone_due);
}

absl::StatusOr<CaseProgress> LoadProgress(pqxx::work& tx, const CaseRow& c, absl::CivilDay today) {
  ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(tx, c, today));
  return ProgressOf(c, all, today);
}

absl::StatusOr<std::map<std::string, CaseProgress>> LoadProgressOfCases(
    pqxx::work& tx, const std::vector<CaseRow>& cases, absl::CivilDay today) {
  std::vector<std::string> ids;
  for (const CaseRow& c : cases) ids.push_back(c.id);
  auto periods = ListLivePeriodsOfCases(tx, ids);
  auto met = LoadMilestonesMetOfCases(tx, ids);
  std::map<std::string, CaseProgress> out;
  for (const CaseRow& c : cases) {
    ASSIGN_OR_RETURN(CaseMilestones all,
                     ComputeCaseMilestones(c, periods[c.id], std::move(met[c.id]), today));
    out[c.id] = ProgressOf(c, all, today);
  }
  return out;
}

}  // namespace collab::cases
