#include "libs/db/sql_params.h"
#include "services/cases/milestone_store.h"

#include <pqxx/pqxx>

#include "collab/cases/v1/case.pb.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the store's parameter and field conversions

// The one milestone owed again for each new spell, so missed once per spell rather than once per
// case (milestone_refresh.h): the employer's report.
const std::string kRecurringMissKind =
    std::to_string(collab::cases::v1::MILESTONE_KIND_EMPLOYER_REPORT);

constexpr char kMetCols[] =
    "case_id::text, kind, met_date::text, " COLLAB_SQL_MICROS("met_time") ", met_by, note";

MetRow MetFromRow(const pqxx::row& r) {
  MetRow m;
  m.kind = r[1].as<int>();
  m.met_date = r[2].c_str();
  m.met_micros = r[3].as<int64_t>();
  m.met_by = r[4].c_str();
  m.note = r[5].c_str();
  return m;
}

constexpr char kOpenCols[] =
    "m.case_id::text, m.kind, m.milestone_id, m.due_chain_day, m.window_start::text, "
    "m.due_date::text, c.employer_id::text, coalesce(c.assigned_case_worker, ''), "
    "coalesce(c.unit_id::text, ''), coalesce(c.office_organisation_id::text, ''), "
    "coalesce(c.office_unit_id::text, ''), coalesce(c.occupational_health_id::text, ''), "
    "c.protected_identity";

OpenMilestoneRow OpenFromRow(const pqxx::row& r) {
  OpenMilestoneRow m;
  m.case_id = r[0].c_str();
  m.kind = r[1].as<int>();
  m.milestone_id = r[2].c_str();
  m.due_chain_day = r[3].as<int>();
  m.window_start = r[4].c_str();
  m.due_date = r[5].c_str();
  m.employer_id = r[6].c_str();
  m.assigned_case_worker = r[7].c_str();
  m.unit_id = r[8].c_str();
  m.office_organisation_id = r[9].c_str();
  m.office_unit_id = r[10].c_str();
  m.occupational_health_id = r[11].c_str();
  m.protected_identity = r[12].as<bool>();
  return m;
}

}  // namespace

void PrepareMilestoneStatements(pqxx::connection& conn) {
  const std::string met_cols = kMetCols;
  const std::string open_cols = kOpenCols;
  conn.prepare("milestone_met_list",
               "SELECT " + met_cols + " FROM milestone_met WHERE case_id = $1 ORDER BY kind");
  conn.prepare("milestone_met_of_cases",
               "SELECT " + met_cols + " FROM milestone_met WHERE case_id = ANY ($1::uuid[])");
  conn.prepare("milestone_met_insert",
               "INSERT INTO milestone_met (case_id, kind, met_date, met_time, met_by, note) "
               "VALUES ($1, $2, $3, to_timestamp($4::bigint / 1000000.0), $5, $6) "
               "ON CONFLICT (case_id, kind) DO UPDATE SET met_date = EXCLUDED.met_date, "
               "met_time = EXCLUDED.met_time, met_by = EXCLUDED.met_by, note = EXCLUDED.note "
               "WHERE milestone_met.met_date < $7::date RETURNING 1");
  conn.prepare("open_milestones_clear", "DELETE FROM open_milestones WHERE case_id = $1");
  conn.prepare("open_milestones_insert",
               "INSERT INTO open_milestones (case_id, kind, milestone_id, due_chain_day, "
               "window_start, due_date) VALUES ($1, $2, $3, $4, $5, $6)");
  conn.prepare(
      "open_milestones_overdue",
      "SELECT " + open_cols + " FROM open_milestones m JOIN cases c ON c.id = m.case_id WHERE " +
          kCaseVisibleToSql +
          " AND ($10::uuid IS NULL OR c.employer_id = $10::uuid)"
          " AND ($11::uuid IS NULL OR c.unit_id = $11::uuid)"
          " AND ($12::text IS NULL OR c.assigned_case_worker = $12::text)"
          " AND ($13::uuid IS NULL OR (c.office_organisation_id = $13::uuid"
          "                            AND c.office_unit_id = $14::uuid))"
          " AND ($15::smallint[] IS NULL OR m.kind = ANY ($15::smallint[]))"
          " AND (m.due_date < $16::date OR ($17::boolean AND m.window_start <= $16::date))"
          " AND ($18::date IS NULL OR (m.due_date, m.case_id, m.milestone_id) >"
          "      ($18::date, $19::uuid, $20::text))"
          " ORDER BY m.due_date, m.case_id, m.milestone_id LIMIT $21");
  conn.prepare("open_milestones_unreported",
               "SELECT " + open_cols + " FROM open_milestones m JOIN cases c ON c.id = m.case_id "
               "WHERE m.due_date < $1::date AND NOT EXISTS (SELECT 1 FROM milestone_missed x "
               "WHERE x.case_id = m.case_id AND x.kind = m.kind "
               "AND NOT (x.kind = $3 AND x.due_date < m.window_start)) "
               "ORDER BY m.due_date, m.case_id, m.milestone_id LIMIT $2");
  conn.prepare("cases_unrefreshed",
               "SELECT id::text FROM cases WHERE NOT milestones_refreshed LIMIT $1 "
               "FOR UPDATE SKIP LOCKED");
  conn.prepare("case_mark_refreshed", "UPDATE cases SET milestones_refreshed = true WHERE id = $1");
  conn.prepare("milestone_missed_insert",
               "INSERT INTO milestone_missed AS x (case_id, kind, due_date) VALUES ($1, $2, $3) "
               "ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, "
               "emit_time = now() WHERE x.kind = $4 AND x.due_date < $5::date RETURNING 1");
}

std::vector<MetRow> LoadMilestonesMet(pqxx::work& tx, const std::string& case_id) {
  std::vector<MetRow> out;
  for (const pqxx::row& r : Exec(tx, "milestone_met_list", {case_id})) out.push_back(MetFromRow(r));
  return out;
}

std::map<std::string, std::vector<MetRow>> LoadMilestonesMetOfCases(
    pqxx::work& tx, const std::vector<std::string>& case_ids) {
  std::map<std::string, std::vector<MetRow>> out;
  if (case_ids.empty()) return out;
  const std::string ids = db::TextArrayLiteral(case_ids);
  for (const pqxx::row& r : Exec(tx, "milestone_met_of_cases", {ids})) {
    out[r[0].c_str()].push_back(MetFromRow(r));
  }
  return out;
}

bool InsertMilestoneMet(pqxx::work& tx, const std::string& case_id, const MetRow& m,
                        std::optional<std::string> replaces_met_before) {
  // A NULL $7 never replaces (NULL < … is not true).
  return !Exec(tx, "milestone_met_insert",
               {case_id, std::to_string(m.kind), m.met_date, std::to_string(m.met_micros),
                m.met_by, m.note, std::move(replaces_met_before)})
              .empty();
}

void ReplaceOpenMilestones(pqxx::work& tx, const std::string& case_id,
                           const std::vector<OpenMilestoneRow>& rows) {
  Exec(tx, "open_milestones_clear", {case_id});
  for (const OpenMilestoneRow& m : rows) {
    Exec(tx, "open_milestones_insert",
         {case_id, std::to_string(m.kind), m.milestone_id, std::to_string(m.due_chain_day),
          m.window_start, m.due_date});
  }
}

std::vector<OpenMilestoneRow> ListOverdueOpenMilestones(pqxx::work& tx, const Viewer& viewer,
                                                        const OverdueFilter& f,
                                                        const std::vector<std::string>& after,
                                                        int limit) {
  const bool has_after = after.size() == 3;
  Params p = VisibilityParams(viewer);
  const Params rest = {
      OrNull(f.employer_id),
      OrNull(f.unit_id),
      OrNull(f.assigned_case_worker),
      OrNull(f.office_organisation_id),
      OrNull(f.office_unit_id),
      f.kinds.empty() ? std::nullopt : std::optional<std::string>(db::IntArrayLiteral(f.kinds)),
      f.today,
      f.include_due ? "true" : "false",
      has_after ? std::optional<std::string>(after[0]) : std::nullopt,
      has_after ? std::optional<std::string>(after[1]) : std::nullopt,
      has_after ? std::optional<std::string>(after[2]) : std::nullopt,
      std::to_string(limit)};
  p.insert(p.end(), rest.begin(), rest.end());
  std::vector<OpenMilestoneRow> out;
  for (const pqxx::row& r : Exec(tx, "open_milestones_overdue", p)) out.push_back(OpenFromRow(r));
  return out;
}

std::vector<OpenMilestoneRow> ListUnreportedMissed(pqxx::work& tx, const std::string& today,
                                                   int limit) {
  std::vector<OpenMilestoneRow> out;
  for (const pqxx::row& r : Exec(tx, "open_milestones_unreported",
                                 {today, std::to_string(limit), kRecurringMissKind})) {
    out.push_back(OpenFromRow(r));
  }
  return out;
}

std::vector<std::string> LockUnrefreshedCases(pqxx::work& tx, int limit) {
  std::vector<std::string> out;
  for (const pqxx::row& r : Exec(tx, "cases_unrefreshed", {std::to_string(limit)})) out.push_back(r[0].c_str());
  return out;
}

void MarkCaseRefreshed(pqxx::work& tx, const std::string& case_id) {
  Exec(tx, "case_mark_refreshed", {case_id});
}

bool InsertMilestoneMissed(pqxx::work& tx, const std::string& case_id, int kind,
                           const std::string& window_start, const std::string& due_date) {
  return !Exec(tx, "milestone_missed_insert",
               {case_id, std::to_string(kind), due_date, kRecurringMissKind, window_start})
              .empty();
}

}  // namespace collab::cases
