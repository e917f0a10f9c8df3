#include "libs/db/sql_params.h"
#include "services/cases/plan_store.h"

#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the row helpers of this store

constexpr char kPlanCols[] =
    "id::text, case_id::text, plan_version, state, goal_cipher, employee_view_cipher, "
    "expected_return_date::text, expected_remaining_degree, employee_participated, "
    "previous_version_id::text, author, submitted_by, " COLLAB_SQL_MICROS("submit_time") ", "
    COLLAB_SQL_MICROS("create_time") ", " COLLAB_SQL_MICROS("update_time") ", version";

constexpr char kActionCols[] =
    "id::text, plan_id::text, case_id::text, kind, description, owner_organisation_id::text, "
    "owner_role, start_date::text, due_date::text, status, state_note, "
    COLLAB_SQL_MICROS("state_change_time") ", " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("update_time") ", " COLLAB_SQL_MICROS("delete_time") ", version";

constexpr char kCommentCols[] =
    "id::text, plan_id::text, case_id::text, author_role, body, author, "
    COLLAB_SQL_MICROS("create_time");

PlanRow PlanFromRow(const pqxx::row& r) {
  PlanRow p;
  p.id = Text(r[0]);
  p.case_id = Text(r[1]);
  p.plan_version = r[2].as<int>();
  p.state = r[3].as<int>();
  p.goal_cipher = Bytes(r[4]);
  p.employee_view_cipher = Bytes(r[5]);
  p.expected_return_date = Text(r[6]);
  p.expected_remaining_degree = r[7].as<int>();
  p.employee_participated = r[8].as<bool>();
  p.previous_version_id = Text(r[9]);
  p.author = Text(r[10]);
  p.submitted_by = Text(r[11]);
  p.submit_micros = OptMicros(r[12]);
  p.create_micros = r[13].as<int64_t>();
  p.update_micros = r[14].as<int64_t>();
  p.version = r[15].as<int64_t>();
  return p;
}

PlanActionRow ActionFromRow(const pqxx::row& r) {
  PlanActionRow a;
  a.id = Text(r[0]);
  a.plan_id = Text(r[1]);
  a.case_id = Text(r[2]);
  a.kind = r[3].as<int>();
  a.description = Text(r[4]);
  a.owner_organisation_id = Text(r[5]);
  a.owner_role = r[6].as<int>();
  a.start_date = Text(r[7]);
  a.due_date = Text(r[8]);
  a.state = r[9].as<int>();
  a.state_note = Text(r[10]);
  a.state_change_micros = OptMicros(r[11]);
  a.create_micros = r[12].as<int64_t>();
  a.update_micros = r[13].as<int64_t>();
  a.delete_micros = OptMicros(r[14]);
  a.version = r[15].as<int64_t>();
  return a;
}

PlanCommentRow CommentFromRow(const pqxx::row& r) {
  PlanCommentRow c;
  c.id = Text(r[0]);
  c.plan_id = Text(r[1]);
  c.case_id = Text(r[2]);
  c.author_kind = r[3].as<int>();
  c.text = Text(r[4]);
  c.recorded_by = Text(r[5]);
  c.create_micros = r[6].as<int64_t>();
  return c;
}

}  // namespace

void PreparePlanStatements(pqxx::connection& conn) {
  const std::string plan = kPlanCols, action = kActionCols, comment = kCommentCols;
  // Plans.
  conn.prepare("plan_insert",
               "INSERT INTO plans (id, case_id, plan_version, state, goal_cipher, "
               "employee_view_cipher, expected_return_date, expected_remaining_degree, "
               "employee_participated, previous_version_id, author) "
               "SELECT $1::uuid, $2::uuid, COALESCE(max(plan_version), 0) + 1, 1, $3::bytea, $4::bytea, "
               "$5::date, $6::smallint, $7::boolean, $8::uuid, $9::text FROM plans "
               "WHERE case_id = $2::uuid RETURNING " + plan);
  conn.prepare("plan_get", "SELECT " + plan + " FROM plans WHERE case_id = $1 AND id = $2");
  conn.prepare("plan_in_state",
               "SELECT " + plan + " FROM plans WHERE case_id = $1 AND state = $2 "
               "ORDER BY plan_version DESC LIMIT 1");
  conn.prepare("plan_list",
               "SELECT " + plan + " FROM plans WHERE case_id = $1 "
               "AND (cardinality($2::smallint[]) = 0 OR state = ANY($2::smallint[])) "
               "AND ($3::integer = 0 OR plan_version < $3) ORDER BY plan_version DESC LIMIT $4");
  conn.prepare("plan_update",
               "UPDATE plans SET goal_cipher = $3::bytea, employee_view_cipher = $4::bytea, "
               "expected_return_date = $5, expected_remaining_degree = $6, "
               "employee_participated = $7, update_time = now(), version = version + 1 "
               "WHERE case_id = $1 AND id = $2");
  conn.prepare("plan_supersede",
               "UPDATE plans SET state = 3, update_time = now(), version = version + 1 "
               "WHERE case_id = $1 AND state = 2");
  conn.prepare("plan_submit",
               "UPDATE plans SET state = 2, submit_time = now(), submitted_by = $3, "
               "update_time = now(), version = version + 1 WHERE case_id = $1 AND id = $2 "
               "AND state = 1");
  conn.prepare("plan_delete_actions", "DELETE FROM plan_actions WHERE plan_id = $1");
  conn.prepare("plan_delete_comments", "DELETE FROM plan_comments WHERE plan_id = $1");
  conn.prepare("plan_delete",
               "DELETE FROM plans WHERE case_id = $1 AND id = $2 AND state = 1");
  // kind 2 = MILESTONE_KIND_RETURN_TO_WORK_PLAN.
  conn.prepare("plan_milestone_met",
               "INSERT INTO milestone_met (case_id, kind, met_date, met_by) VALUES ($1, 2, $2, $3) "
               "ON CONFLICT (case_id, kind) DO NOTHING");
  // The plan columns of the case row.
  conn.prepare("case_plan_exemption_set",
               "UPDATE cases SET plan_exemption_reason = $2, plan_exemption_note = $3, "
               "plan_exemption_time = now(), plan_exemption_by = $4, "
               "plan_need_known_on = NULL, update_time = now(), version = version + 1 "
               "WHERE id = $1");
  conn.prepare("case_plan_exemption_clear",
               "UPDATE cases SET plan_exemption_reason = 0, plan_exemption_note = '', "
               "plan_exemption_time = NULL, plan_exemption_by = '', "
               "plan_need_known_on = $2::date, update_time = now(), version = version + 1 "
               "WHERE id = $1");
  conn.prepare("case_plan_request",
               "UPDATE cases SET plan_request_time = now(), update_time = now(), "
               "version = version + 1 WHERE id = $1");
  // Actions.
  conn.prepare("plan_action_insert",
               "INSERT INTO plan_actions (id, plan_id, case_id, kind, description, "
               "owner_organisation_id, owner_role, start_date, due_date, status, state_note, "
               "state_change_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())");
  conn.prepare("plan_action_get",
               "SELECT " + action + " FROM plan_actions WHERE plan_id = $1 AND id = $2");
  conn.prepare("plan_action_list",
               "SELECT " + action + " FROM plan_actions WHERE plan_id = $1 "
               "AND (cardinality($2::smallint[]) = 0 OR status = ANY($2::smallint[])) "
               "AND ($3::boolean OR delete_time IS NULL) "
               "AND ($4::date IS NULL OR (COALESCE(due_date, 'infinity'::date), id) > ($4::date, $5::uuid)) "
               "ORDER BY COALESCE(due_date, 'infinity'::date), id LIMIT $6");
  conn.prepare("plan_action_update",
               "UPDATE plan_actions SET kind = $3, description = $4, owner_organisation_id = $5, "
               "owner_role = $6, start_date = $7, due_date = $8, "
               "state_change_time = CASE WHEN status <> $9 THEN now() ELSE state_change_time END, "
               "status = $9, state_note = $10, update_time = now(), version = version + 1 "
               "WHERE plan_id = $1 AND id = $2");
  conn.prepare("plan_action_delete",
               "UPDATE plan_actions SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE plan_id = $1 AND id = $2 AND delete_time IS NULL");
  // Comments.
  conn.prepare("plan_comment_insert",
               "INSERT INTO plan_comments (id, plan_id, case_id, author_role, body, author) "
               "VALUES ($1, $2, $3, $4, $5, $6)");
  conn.prepare("plan_comment_get",
               "SELECT " + comment + " FROM plan_comments WHERE plan_id = $1 AND id = $2");
  conn.prepare("plan_comment_list",
               "SELECT " + comment + " FROM plan_comments WHERE plan_id = $1 "
               "AND ($2::bigint IS NULL OR (" COLLAB_SQL_MICROS("create_time") ", id) > ($2, $3::uuid)) "
               "ORDER BY create_time, id LIMIT $4");
}

PlanRow InsertPlan(pqxx::work& tx, const PlanRow& p) {
  return PlanFromRow(Exec(tx, "plan_insert",
                          {p.id, p.case_id, ByteaOrNull(p.goal_cipher),
                           ByteaOrNull(p.employee_view_cipher), OrNull(p.expected_return_date),
                           std::to_string(p.expected_remaining_degree),
                           Bool(p.employee_participated), OrNull(p.previous_version_id), p.author})
                         .at(0));
}

std::optional<PlanRow> LoadPlan(pqxx::work& tx, const std::string& case_id, const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "plan_get", {case_id, id});
  if (r.empty()) return std::nullopt;
  return PlanFromRow(r[0]);
}

std::optional<PlanRow> LoadPlanInState(pqxx::work& tx, const std::string& case_id, int state) {
  pqxx::result r = Exec(tx, "plan_in_state", {case_id, std::to_string(state)});
  if (r.empty()) return std::nullopt;
  return PlanFromRow(r[0]);
}

std::vector<PlanRow> ListPlanRows(pqxx::work& tx, const std::string& case_id,
                                  const std::vector<int>& states, int before_version, int limit) {
  std::vector<PlanRow> out;
  for (const pqxx::row& r : Exec(tx, "plan_list", {case_id, db::IntArrayLiteral(states),
                                                   std::to_string(before_version),
                                                   std::to_string(limit)})) {
    out.push_back(PlanFromRow(r));
  }
  return out;
}

void UpdatePlanRow(pqxx::work& tx, const PlanRow& p) {
  Exec(tx, "plan_update",
       {p.case_id, p.id, ByteaOrNull(p.goal_cipher), ByteaOrNull(p.employee_view_cipher),
        OrNull(p.expected_return_date), std::to_string(p.expected_remaining_degree),
        Bool(p.employee_participated)});
}

void SubmitPlanRow(pqxx::work& tx, const std::string& case_id, const std::string& id,
                   const std::string& by) {
  Exec(tx, "plan_supersede", {case_id});
  Exec(tx, "plan_submit", {case_id, id, by});
}

void DeletePlanRow(pqxx::work& tx, const std::string& case_id, const std::string& id) {
  Exec(tx, "plan_delete_actions", {id});
  Exec(tx, "plan_delete_comments", {id});
  Exec(tx, "plan_delete", {case_id, id});
}

void RecordPlanMilestoneMet(pqxx::work& tx, const std::string& case_id,
                            const std::string& met_date, const std::string& met_by) {
  Exec(tx, "plan_milestone_met", {case_id, met_date, met_by});
}

void SetPlanExemption(pqxx::work& tx, const std::string& case_id, int reason,
                      const std::string& note, const std::string& by) {
  Exec(tx, "case_plan_exemption_set", {case_id, std::to_string(reason), note, by});
}

void ClearPlanExemptionRow(pqxx::work& tx, const std::string& case_id,
                           const std::string& cleared_on) {
  Exec(tx, "case_plan_exemption_clear", {case_id, cleared_on});
}

void SetPlanRequested(pqxx::work& tx, const std::string& case_id) {
  Exec(tx, "case_plan_request", {case_id});
}

void InsertPlanAction(pqxx::work& tx, const PlanActionRow& a) {
  Exec(tx, "plan_action_insert",
       {a.id, a.plan_id, a.case_id, std::to_string(a.kind), a.description,
        OrNull(a.owner_organisation_id), std::to_string(a.owner_role), OrNull(a.start_date),
        OrNull(a.due_date), std::to_string(a.state), a.state_note});
}

std::optional<PlanActionRow> LoadPlanAction(pqxx::work& tx, const std::string& plan_id,
                                            const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "plan_action_get", {plan_id, id});
  if (r.empty()) return std::nullopt;
  return ActionFromRow(r[0]);
}

std::vector<PlanActionRow> ListPlanActionRows(pqxx::work& tx, const std::string& plan_id,
                                              const std::vector<int>& states, bool show_deleted,
                                              const std::vector<std::string>& after, int limit) {
  const bool keyset = after.size() == 2;
  std::vector<PlanActionRow> out;
  for (const pqxx::row& r :
       Exec(tx, "plan_action_list",
            {plan_id, db::IntArrayLiteral(states), Bool(show_deleted),
             keyset ? std::optional<std::string>(after[0]) : std::nullopt,
             keyset ? std::optional<std::string>(after[1]) : std::nullopt,
             std::to_string(limit)})) {
    out.push_back(ActionFromRow(r));
  }
  return out;
}

std::vector<std::string> PlanActionKey(const PlanActionRow& a) {
  return {a.due_date.empty() ? "infinity" : a.due_date, a.id};
}

void UpdatePlanActionRow(pqxx::work& tx, const PlanActionRow& a) {
  Exec(tx, "plan_action_update",
       {a.plan_id, a.id, std::to_string(a.kind), a.description, OrNull(a.owner_organisation_id),
        std::to_string(a.owner_role), OrNull(a.start_date), OrNull(a.due_date),
        std::to_string(a.state), a.state_note});
}

void SoftDeletePlanAction(pqxx::work& tx, const std::string& plan_id, const std::string& id) {
  Exec(tx, "plan_action_delete", {plan_id, id});
}

void InsertPlanComment(pqxx::work& tx, const PlanCommentRow& c) {
  Exec(tx, "plan_comment_insert",
       {c.id, c.plan_id, c.case_id, std::to_string(c.author_kind), c.text, c.recorded_by});
}

std::optional<PlanCommentRow> LoadPlanComment(pqxx::work& tx, const std::string& plan_id,
                                              const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "plan_comment_get", {plan_id, id});
  if (r.empty()) return std::nullopt;
  return CommentFromRow(r[0]);
}

std::vector<PlanCommentRow> ListPlanCommentRows(pqxx::work& tx, const std::string& plan_id,
                                                const std::vector<std::string>& after, int limit) {
  const bool keyset = after.size() == 2;
  std::vector<PlanCommentRow> out;
  for (const pqxx::row& r :
       Exec(tx, "plan_comment_list",
            {plan_id, keyset ? std::optional<std::string>(after[0]) : std::nullopt,
             keyset ? std::optional<std::string>(after[1]) : std::nullopt,
             std::to_string(limit)})) {
    out.push_back(CommentFromRow(r));
  }
  return out;
}

std::vector<std::string> PlanCommentKey(const PlanCommentRow& c) {
  return {std::to_string(c.create_micros), c.id};
}

}  // namespace collab::cases
