// Projects and funders' approvals (funding_store.h).
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/db/sql_arrays.h"
#include "services/funding/funding_sql.h"
#include "services/funding/funding_store.h"

namespace collab::funding {
namespace {

using sql::AppendKeysetCursor;
using sql::Exec;
using sql::OrNull;
using sql::Params;
using sql::SetMoney;

// The project's columns, its totals (total kostnad, total finansiering: sums over live lines and
// commitments) and the caller's relation to it ($2 subject, $3 organisation).
#define PROJECT_COLS                                                                            \
  "p.id::text, p.display_name, p.description, p.owner_organisation_id::text, "                 \
  "p.project_manager, p.project_manager_contact, p.start_date::text, p.end_date::text, "       \
  "p.status, p.currency_code, p.network_id::text, p.esf_cofunded, p.return_note, "             \
  COLLAB_SQL_MICROS("p.submit_time") ", " COLLAB_SQL_MICROS("p.approve_time") ", "             \
  COLLAB_SQL_MICROS("p.activate_time") ", " COLLAB_SQL_MICROS("p.close_time") ", "             \
  COLLAB_SQL_MICROS("p.create_time") ", " COLLAB_SQL_MICROS("p.update_time") ", "              \
  COLLAB_SQL_MICROS("p.delete_time") ", p.version, "                                           \
  "(SELECT coalesce(sum(entered_minor), 0) FROM budget_lines b "                               \
  "  WHERE b.project_id = p.id AND b.delete_time IS NULL)::bigint AS total_cost, "             \
  "(SELECT coalesce(sum(amount_minor), 0) FROM funding_commitments c "                         \
  "  WHERE c.project_id = p.id AND c.delete_time IS NULL)::bigint AS total_financing, "        \
  "coalesce(p.project_manager = $2::text OR p.owner_organisation_id = $3::uuid, false) "       \
  "  AS manages, "                                                                            \
  "EXISTS (SELECT 1 FROM funding_commitments c WHERE c.project_id = p.id "                     \
  "  AND c.funder_id = $3::uuid AND c.delete_time IS NULL) AS funds"

// The visibility rule of funding_access.h as a predicate: $4 admin or reads all, $5 manager,
// $6 funder.
#define PROJECT_VISIBLE                                                                         \
  "($4::boolean "                                                                             \
  " OR ($5::boolean AND (p.project_manager = $2::text OR p.owner_organisation_id = $3::uuid)) " \
  " OR ($6::boolean AND EXISTS (SELECT 1 FROM funding_commitments c WHERE c.project_id = p.id " \
  "     AND c.funder_id = $3::uuid AND c.delete_time IS NULL)))"

ProjectRow ProjectFromRow(const pqxx::row& r) {
  ProjectRow row;
  row.id = r[0].c_str();
  v1::Project& p = row.project;
  p.set_name(ProjectName(row.id));
  p.set_display_name(r[1].c_str());
  p.set_description(r[2].c_str());
  p.set_owner_organisation(absl::StrCat("organisations/", r[3].c_str()));
  p.set_project_manager(r[4].c_str());
  p.set_project_manager_contact(r[5].c_str());
  sql::SetDate(r[6], p.mutable_period()->mutable_start_date());
  sql::SetDate(r[7], p.mutable_period()->mutable_end_date());
  row.period = Period{sql::DayOf(r[6]), sql::DayOf(r[7])};
  p.set_status(static_cast<v1::ProjectStatus>(r[8].as<int>()));
  p.set_currency_code(r[9].c_str());
  if (!r[10].is_null()) p.set_network(absl::StrCat("networks/", r[10].c_str()));
  p.set_esf_cofunded(r[11].as<bool>());
  p.set_return_note(r[12].c_str());
  sql::SetTime(r[13], p.mutable_submit_time());
  sql::SetTime(r[14], p.mutable_approve_time());
  sql::SetTime(r[15], p.mutable_activate_time());
  sql::SetTime(r[16], p.mutable_close_time());
  sql::SetTime(r[17], p.mutable_create_time());
  sql::SetTime(r[18], p.mutable_update_time());
  sql::SetTime(r[19], p.mutable_delete_time());
  if (r[13].is_null()) p.clear_submit_time();
  if (r[14].is_null()) p.clear_approve_time();
  if (r[15].is_null()) p.clear_activate_time();
  if (r[16].is_null()) p.clear_close_time();
  if (r[19].is_null()) p.clear_delete_time();
  p.set_etag(r[20].c_str());
  const int64_t cost = r["total_cost"].as<int64_t>();
  const int64_t financing = r["total_financing"].as<int64_t>();
  SetMoney(p.mutable_total_cost(), p.currency_code(), cost);
  SetMoney(p.mutable_total_financing(), p.currency_code(), financing);
  SetMoney(p.mutable_financing_gap(), p.currency_code(), cost - financing);
  row.relation.manages = r["manages"].as<bool>();
  row.relation.funds = r["funds"].as<bool>();
  return row;
}

void AttachApprovals(pqxx::work& tx, v1::Project& p, const std::string& id) {
  for (const pqxx::row& r : Exec(tx, "project_approvals", {id})) {
    v1::ProjectApproval* a = p.add_approvals();
    a->set_funder(absl::StrCat("organisations/", r[0].c_str()));
    sql::SetTime(r[1], a->mutable_approve_time());
    a->set_approved_by(r[2].c_str());
    a->set_decision_reference(r[3].c_str());
  }
}

Params CallerParams(const Caller& c) {
  return {c.subject, OrNull(c.organisation_id), sql::Bool(c.admin || c.reads_all),
          sql::Bool(c.manager), sql::Bool(c.funder)};
}

}  // namespace

std::string IdOf(const std::string& resource_name) {
  return resource_name.substr(resource_name.rfind('/') + 1);
}
std::string ProjectName(const std::string& id) { return "projects/" + id; }

void PrepareProjectStatements(pqxx::connection& conn) {
  const std::string cols = PROJECT_COLS;
  conn.prepare("project_get", "SELECT " + cols + " FROM projects p WHERE p.id = $1");
  conn.prepare("project_get_share",
               "SELECT " + cols + " FROM projects p WHERE p.id = $1 FOR SHARE OF p");
  conn.prepare("project_get_update",
               "SELECT " + cols + " FROM projects p WHERE p.id = $1 FOR UPDATE OF p");
  conn.prepare("project_approvals",
               "SELECT funder_id::text, " COLLAB_SQL_MICROS("approve_time") ", approved_by, "
               "decision_reference FROM project_approvals WHERE project_id = $1 "
               "ORDER BY approve_time, funder_id");
  conn.prepare("project_insert",
               "INSERT INTO projects (id, display_name, description, owner_organisation_id, "
               "project_manager, project_manager_contact, start_date, end_date, status, "
               "currency_code, network_id, esf_cofunded) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11)");
  conn.prepare("project_update",
               "UPDATE projects SET display_name = $2, description = $3, project_manager = $4, "
               "project_manager_contact = $5, start_date = $6, end_date = $7, network_id = $8, "
               "esf_cofunded = $9, update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("project_touch",
               "UPDATE projects SET update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("project_delete",
               "UPDATE projects SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE id = $1");
  // $3: which timestamp to stamp; $4 NULL keeps the return note.
  conn.prepare("project_set_status",
               "UPDATE projects SET status = $2, "
               "submit_time = CASE WHEN $3 = 'submit_time' THEN now() ELSE submit_time END, "
               "approve_time = CASE WHEN $3 = 'approve_time' THEN now() ELSE approve_time END, "
               "activate_time = CASE WHEN $3 = 'activate_time' THEN now() ELSE activate_time END, "
               "close_time = CASE WHEN $3 = 'close_time' THEN now() ELSE close_time END, "
               "return_note = coalesce($4, return_note), "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("approval_insert",
               "INSERT INTO project_approvals (project_id, funder_id, approved_by, "
               "decision_reference) VALUES ($1, $2, $3, $4)");
  conn.prepare("approval_clear", "DELETE FROM project_approvals WHERE project_id = $1");
  // Keyset on (lower(display_name), id). $1 is always NULL: it keeps the parameter numbering of
  // PROJECT_COLS, written for the single-row statements whose $1 is the project id.
  conn.prepare(
      "project_list",
      "SELECT " + cols + ", lower(p.display_name) AS k FROM projects p "
      "WHERE $1::text IS NULL AND " PROJECT_VISIBLE
      " AND ($7::boolean OR p.delete_time IS NULL) "
      "AND ($8::uuid IS NULL OR p.owner_organisation_id = $8::uuid) "
      "AND ($9::uuid IS NULL OR EXISTS (SELECT 1 FROM funding_commitments f "
      "  WHERE f.project_id = p.id AND f.funder_id = $9::uuid AND f.delete_time IS NULL)) "
      "AND ($10::smallint[] IS NULL OR p.status = ANY ($10::smallint[])) "
      "AND ($11::uuid IS NULL OR p.network_id = $11::uuid) "
      "AND ($12::text = '' OR p.project_manager = $12::text) "
      "AND ($13::text = '' OR starts_with(lower(p.display_name), lower($13::text))) "
      "AND ($14::date IS NULL OR p.end_date >= $14::date) "
      "AND ($15::date IS NULL OR p.start_date <= $15::date) "
      "AND ($16::text IS NULL OR (lower(p.display_name), p.id) > ($16::text, $17::uuid)) "
      "ORDER BY lower(p.display_name), p.id LIMIT $18");
}

std::optional<ProjectRow> LoadProject(pqxx::work& tx, const std::string& id, const Caller& caller,
                                      Lock lock) {
  const char* stmt = lock == Lock::kUpdate  ? "project_get_update"
                     : lock == Lock::kShare ? "project_get_share"
                                            : "project_get";
  Params p{id, caller.subject, OrNull(caller.organisation_id)};
  pqxx::result r = Exec(tx, stmt, p);
  if (r.empty()) return std::nullopt;
  ProjectRow row = ProjectFromRow(r[0]);
  AttachApprovals(tx, row.project, id);
  return row;
}

void InsertProject(pqxx::work& tx, const std::string& id, const v1::Project& p) {
  Exec(tx, "project_insert",
       {id, p.display_name(), p.description(), IdOf(p.owner_organisation()), p.project_manager(),
        p.project_manager_contact(), sql::IsoOrNull(p.period().start_date()),
        sql::IsoOrNull(p.period().end_date()), p.currency_code(),
        OrNull(p.network().empty() ? "" : IdOf(p.network())), sql::Bool(p.esf_cofunded())});
}

void UpdateProjectFields(pqxx::work& tx, const std::string& id, const v1::Project& p) {
  Exec(tx, "project_update",
       {id, p.display_name(), p.description(), p.project_manager(), p.project_manager_contact(),
        sql::IsoOrNull(p.period().start_date()), sql::IsoOrNull(p.period().end_date()),
        OrNull(p.network().empty() ? "" : IdOf(p.network())), sql::Bool(p.esf_cofunded())});
}

void TouchProject(pqxx::work& tx, const std::string& id) { Exec(tx, "project_touch", {id}); }

void SoftDeleteProject(pqxx::work& tx, const std::string& id) { Exec(tx, "project_delete", {id}); }

void SetProjectStatus(pqxx::work& tx, const std::string& id, const StatusChange& change) {
  Exec(tx, "project_set_status",
       {id, std::to_string(static_cast<int>(change.status)), change.stamp, change.return_note});
}

void InsertApproval(pqxx::work& tx, const std::string& project_id, const std::string& funder_id,
                    const std::string& approved_by, const std::string& decision_reference) {
  Exec(tx, "approval_insert", {project_id, funder_id, approved_by, decision_reference});
}

void ClearApprovals(pqxx::work& tx, const std::string& project_id) {
  Exec(tx, "approval_clear", {project_id});
}

ProjectPage ListProjects(pqxx::work& tx, const ProjectFilter& f, const Caller& caller,
                         const std::vector<std::string>& after, int limit) {
  Params p{std::nullopt};
  for (auto& v : CallerParams(caller)) p.push_back(v);
  p.push_back(sql::Bool(f.show_deleted));
  p.push_back(OrNull(f.owner_organisation_id));
  p.push_back(OrNull(f.funder_id));
  if (f.statuses.empty()) {
    p.push_back(std::nullopt);
  } else {
    std::vector<std::string> s;
    for (int v : f.statuses) s.push_back(std::to_string(v));
    p.push_back(db::TextArrayLiteral(s));
  }
  p.push_back(OrNull(f.network_id));
  p.push_back(f.project_manager);
  p.push_back(f.display_name_prefix);
  p.push_back(f.period ? std::optional<std::string>(ToIsoDate(f.period->start)) : std::nullopt);
  p.push_back(f.period ? std::optional<std::string>(ToIsoDate(f.period->end)) : std::nullopt);
  AppendKeysetCursor(p, after);
  p.push_back(std::to_string(limit + 1));
  pqxx::result rows = Exec(tx, "project_list", p);
  ProjectPage page;
  const int n = std::min<int>(static_cast<int>(rows.size()), limit);
  for (int i = 0; i < n; ++i) {
    ProjectRow row = ProjectFromRow(rows[i]);
    AttachApprovals(tx, row.project, row.id);
    page.projects.push_back(std::move(row.project));
  }
  if (static_cast<int>(rows.size()) > limit) {
    page.next_key = {rows[n - 1]["k"].c_str(), rows[n - 1][0].c_str()};
  }
  return page;
}

}  // namespace collab::funding
