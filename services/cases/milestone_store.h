#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "services/cases/case_store.h"

// SQL of the milestone rows (migrations/0003_milestones.sql): when milestones were met, the
// open milestones kept findable across cases, and the record of MilestoneMissed emitted. The
// milestones themselves are computed by domain/milestones.h (milestone_view.h).
namespace collab::cases {

// One row of milestone_met.
struct MetRow {
  int kind = 0;          // collab.cases.v1.MilestoneKind
  std::string met_date;  // ISO
  int64_t met_micros = 0;
  std::string met_by;
  std::string note;
};

// One row of open_milestones: a milestone neither met nor waived.
struct OpenMilestoneRow {
  std::string case_id;
  int kind = 0;
  std::string milestone_id;
  int due_chain_day = 0;
  std::string window_start;  // ISO
  std::string due_date;      // ISO
  // Joined from the case: the response's employer and assigned_case_worker, and the facts
  // DecideVisibility needs (domain/visibility.h) for the audit row's access basis.
  std::string employer_id;
  std::string assigned_case_worker;
  std::string unit_id;
  std::string office_organisation_id;
  std::string office_unit_id;
  std::string occupational_health_id;
  bool protected_identity = false;
};

void PrepareMilestoneStatements(pqxx::connection& conn);

std::vector<MetRow> LoadMilestonesMet(pqxx::work& tx, const std::string& case_id);
// By case id; cases with none are absent.
std::map<std::string, std::vector<MetRow>> LoadMilestonesMetOfCases(
    pqxx::work& tx, const std::vector<std::string>& case_ids);
// False when the milestone was already recorded as met (nothing written). A recorded row whose
// met_date is before `replaces_met_before` (ISO) is replaced: the employer's report of an earlier
// spell, which does not meet the report of the latest one (domain/milestones.h, EmployerReport;
// one row per kind and case).
bool InsertMilestoneMet(pqxx::work& tx, const std::string& case_id, const MetRow& row,
                        std::optional<std::string> replaces_met_before = std::nullopt);

// Replaces the case's open milestones with `rows`.
void ReplaceOpenMilestones(pqxx::work& tx, const std::string& case_id,
                           const std::vector<OpenMilestoneRow>& rows);

struct OverdueFilter {
  std::string employer_id;
  std::string unit_id;
  std::string assigned_case_worker;
  std::string office_organisation_id;
  std::string office_unit_id;
  std::vector<int> kinds;  // empty: any
  std::string today;       // ISO
  bool include_due = false;
};
// Open milestones of cases the viewer may see that are OVERDUE on filter.today (due_date <
// today) or, with include_due, also DUE (window_start <= today), ordered by due date then name,
// after the keyset `after` ({due_date, case_id, milestone_id} or empty), at most `limit`.
std::vector<OpenMilestoneRow> ListOverdueOpenMilestones(pqxx::work& tx, const Viewer& viewer,
                                                        const OverdueFilter& filter,
                                                        const std::vector<std::string>& after,
                                                        int limit);

// Open milestones overdue on `today` (ISO) for which no MilestoneMissed was emitted yet, oldest
// due date first, at most `limit`.
std::vector<OpenMilestoneRow> ListUnreportedMissed(pqxx::work& tx, const std::string& today,
                                                   int limit);
// Cases not yet refreshed since open_milestones exists (0005), at most `limit`, locked; rows
// locked by another backfill are skipped.
std::vector<std::string> LockUnrefreshedCases(pqxx::work& tx, int limit);
void MarkCaseRefreshed(pqxx::work& tx, const std::string& case_id);

// Records that MilestoneMissed is emitted for (case, kind) and `m`'s due date; false when it
// already was. For the employer report, a recorded miss due before `m`'s window opened is an
// earlier spell's: it is replaced (milestone_refresh.h).
bool InsertMilestoneMissed(pqxx::work& tx, const std::string& case_id, int kind,
                           const std::string& window_start, const std::string& due_date);

}  // namespace collab::cases
