#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "collab/cases/v1/case.pb.h"
#include "services/cases/case_store.h"
#include "services/cases/domain/milestones.h"
#include "services/cases/milestone_store.h"
#include "services/cases/period_store.h"

// The milestones of a case as domain/milestones.h computes them from its stored rows (live
// periods, met dates, expected duration, plan exemption), and the case's computed fields that
// follow from them (Case.chain_day, current_degree, has_overdue_milestone, next_milestone_*).
namespace collab::cases {

namespace v1 = collab::cases::v1;

// collab.cases.v1.MilestoneKind is the domain enum + 1 (UNSPECIFIED = 0).
int ProtoKind(MilestoneKind kind);
std::optional<MilestoneKind> DomainKind(int proto_kind);

// cases/{case}/milestones/{employer-report|…}
std::string MilestoneName(const std::string& case_id, MilestoneKind kind);
// Milestone ids are kinds in kebab case, not UUIDs (case.proto, Milestone.name). INVALID_ARGUMENT
// naming `field` otherwise.
struct MilestoneRef {
  std::string case_id;
  MilestoneKind kind;
};
absl::StatusOr<MilestoneRef> ParseMilestoneName(const std::string& name, const std::string& field);

struct CaseMilestones {
  RehabChain chain;
  std::vector<Milestone> milestones;  // due-date order
  std::vector<MetRow> met;
};

// Computes from rows already loaded. Fails only when the stored periods no longer validate
// (the domain's INVALID_ARGUMENT), which every period write refuses beforehand.
absl::StatusOr<CaseMilestones> ComputeCaseMilestones(const CaseRow& c,
                                                     const std::vector<PeriodRow>& live,
                                                     std::vector<MetRow> met,
                                                     absl::CivilDay today);
// Loads the case's live periods and met rows in `tx`, then computes.
absl::StatusOr<CaseMilestones> LoadCaseMilestones(pqxx::work& tx, const CaseRow& c,
                                                  absl::CivilDay today);

// A computed milestone as the API shows it, with met_time, met_by and note from its met row.
v1::Milestone MilestoneProto(const CaseMilestones& all, const Milestone& m, const CaseRow& c);
// An open milestone row (ListOverdueMilestones): DUE or OVERDUE on `today`.
v1::Milestone OpenMilestoneProto(const OpenMilestoneRow& m, absl::CivilDay today);

// One page of ListMilestones. The milestones are computed, not stored, but paged like the stored
// lists (conventions.md): a keyset cursor {due date, kind} over their order (due date, ties in
// kind order), so a page boundary holds when a milestone's state or a due date changes between
// pages. `after` is the decoded page_token (empty: the first page).
struct MilestonePage {
  std::vector<const Milestone*> milestones;  // into `all`
  std::vector<std::string> next_key;         // empty at the end
};
absl::StatusOr<MilestonePage> PageOfMilestones(const std::vector<Milestone>& all,
                                               const std::vector<std::string>& after, int limit);

// The computed fields of Case (case.proto 23–27).
struct CaseProgress {
  int chain_day = 0;
  int current_degree = 0;  // collab.cases.v1.SickLeaveDegree
  bool has_overdue_milestone = false;
  int next_milestone_kind = 0;  // collab.cases.v1.MilestoneKind
  std::optional<absl::CivilDay> next_milestone_due;
};
// A closed case shows its chain day and degree but no next or overdue milestone: nothing is
// left to meet on it (its open milestones are cleared on close, milestone_refresh.h).
CaseProgress ProgressOf(const CaseRow& c, const CaseMilestones& all, absl::CivilDay today);
void SetProgress(const CaseProgress& progress, v1::Case* out);

absl::StatusOr<CaseProgress> LoadProgress(pqxx::work& tx, const CaseRow& c, absl::CivilDay today);
// For a page of cases: two queries whatever the page size. By case id.
absl::StatusOr<std::map<std::string, CaseProgress>> LoadProgressOfCases(
    pqxx::work& tx, const std::vector<CaseRow>& cases, absl::CivilDay today);

}  // namespace collab::cases
