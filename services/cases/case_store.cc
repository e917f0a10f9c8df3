#include "libs/db/sql_params.h"
#include "services/cases/case_store.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the store's parameter and field conversions

constexpr char kCaseCols[] =
    "id::text, employer_id::text, unit_id::text, identity_cipher, identity_hash, identity_mask, "
    "identity_kind, name_cipher, protected_identity, first_sick_day::text, "
    "expected_duration_days, assigned_case_worker, office_organisation_id::text, "
    "office_unit_id::text, occupational_health_id::text, diagnosis_category, "
    "medical_notes_cipher, status, close_reason, close_note, plan_exemption_reason, "
    "plan_exemption_note, " COLLAB_SQL_MICROS("plan_exemption_time") ", plan_exemption_by, "
    "return_date::text, " COLLAB_SQL_MICROS("plan_request_time") ", "
    COLLAB_SQL_MICROS("personal_data_erase_time") ", " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("update_time") ", " COLLAB_SQL_MICROS("close_time") ", version, "
    "plan_need_known_on::text";

CaseRow CaseFromRow(const pqxx::row& r) {
  CaseRow c;
  c.id = Text(r[0]);
  c.employer_id = Text(r[1]);
  c.unit_id = Text(r[2]);
  c.identity_cipher = Bytes(r[3]);
  c.identity_hash = Bytes(r[4]);
  c.identity_mask = Text(r[5]);
  c.identity_kind = r[6].as<int>();
  c.name_cipher = Bytes(r[7]);
  c.protected_identity = r[8].as<bool>();
  c.first_sick_day = Text(r[9]);
  if (!r[10].is_null()) c.expected_duration_days = r[10].as<int>();
  c.assigned_case_worker = Text(r[11]);
  c.office_organisation_id = Text(r[12]);
  c.office_unit_id = Text(r[13]);
  c.occupational_health_id = Text(r[14]);
  c.diagnosis_category = r[15].as<int>();
  c.medical_notes_cipher = Bytes(r[16]);
  c.status = r[17].as<int>();
  c.close_reason = r[18].as<int>();
  c.close_note = Text(r[19]);
  c.plan_exemption_reason = r[20].as<int>();
  c.plan_exemption_note = Text(r[21]);
  c.plan_exemption_micros = OptMicros(r[22]);
  c.plan_exemption_by = Text(r[23]);
  c.return_date = Text(r[24]);
  c.plan_request_micros = OptMicros(r[25]);
  c.erase_micros = OptMicros(r[26]);
  c.create_micros = r[27].as<int64_t>();
  c.update_micros = r[28].as<int64_t>();
  c.close_micros = OptMicros(r[29]);
  c.version = r[30].as<int64_t>();
  c.plan_need_known_on = Text(r[31]);
  return c;
}

bool Has(const Viewer& v, Role r) { return std::find(v.roles.begin(), v.roles.end(), r) != v.roles.end(); }

}  // namespace

// domain/visibility.h in SQL ("Who sees what", domain.md). $1..$5: the viewer holds CASE_WORKER,
// AGENCY_SYSTEM, EMPLOYER_HR, EMPLOYER_MANAGER, OCCUPATIONAL_HEALTH; $6 organisation, $7 unit,
// $8 office, $9 subject. NULL never equals anything, which is the "empty never matches" rule.
const char kCaseVisibleToSql[] =
    "(($1::boolean AND ((c.office_unit_id = $8::uuid AND c.office_organisation_id = $6::uuid) "
    "                   OR c.assigned_case_worker = $9::text)) "
    " OR ($2::boolean AND c.office_organisation_id = $6::uuid) "
    " OR ($3::boolean AND c.employer_id = $6::uuid) "
    " OR ($4::boolean AND c.employer_id = $6::uuid AND c.unit_id = $7::uuid) "
    " OR ($5::boolean AND c.occupational_health_id = $6::uuid))";

std::vector<std::optional<std::string>> VisibilityParams(const Viewer& v) {
  return {Bool(Has(v, Role::kCaseWorker)),    Bool(Has(v, Role::kAgencySystem)),
          Bool(Has(v, Role::kEmployerHr)),    Bool(Has(v, Role::kEmployerManager)),
          Bool(Has(v, Role::kOccupationalHealth)), UuidOrNull(v.organisation_id),
          UuidOrNull(v.unit_id),              UuidOrNull(v.office_id),
          OrNull(v.subject)};
}

void PrepareCaseStatements(pqxx::connection& conn) {
  const std::string cols = kCaseCols;
  // The case and its audit chain's head in one round trip: the new chain is empty, so the
  // first event's place needs no lock, only the next global seq (audit.h AuditChainPosition).
  conn.prepare("case_insert",
               "WITH c AS (INSERT INTO cases (id, employer_id, unit_id, identity_cipher, "
               "identity_hash, identity_mask, identity_kind, name_cipher, protected_identity, "
               "first_sick_day, expected_duration_days, assigned_case_worker, "
               "office_organisation_id, office_unit_id, occupational_health_id, "
               "diagnosis_category, medical_notes_cipher, status) VALUES ($1, $2, $3, $4::bytea, "
               "$5::bytea, $6, $7, $8::bytea, $9, $10, $11, $12, $13, $14, $15, $16, $17::bytea, "
               "$18) RETURNING *), "
               "head AS (INSERT INTO audit_chain_heads (case_id) SELECT id FROM c) "
               "SELECT " + cols + ", nextval(pg_get_serial_sequence('audit_events', 'seq')) "
               "FROM c");
  conn.prepare("case_set_status",
               "UPDATE cases SET status = $2, close_reason = $3, close_note = $4, "
               "close_time = CASE WHEN $5::boolean THEN now() END, return_date = $6, "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("case_update",
               "UPDATE cases SET unit_id = $2, name_cipher = $3::bytea, protected_identity = $4, "
               "first_sick_day = $5, expected_duration_days = $6, assigned_case_worker = $7, "
               "office_organisation_id = $8, office_unit_id = $9, occupational_health_id = $10, "
               "diagnosis_category = $11, medical_notes_cipher = $12::bytea, "
               "plan_need_known_on = $13::date, update_time = now(), version = version + 1 "
               "WHERE id = $1");
  // Gallring: one statement per table (EraseCasePersonalData).
  conn.prepare("erase_case",
               "UPDATE cases SET identity_cipher = ''::bytea, identity_hash = $2::bytea, "
               "identity_mask = '********-****', name_cipher = NULL, medical_notes_cipher = NULL, "
               "close_note = '', plan_exemption_note = '', personal_data_erase_time = now(), "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("erase_milestone_met", "UPDATE milestone_met SET note = '' WHERE case_id = $1");
  // Plans: goal and employee view (0002_plans.sql); actions' descriptions and state notes.
  conn.prepare("erase_plans",
               "UPDATE plans SET goal_cipher = NULL, employee_view_cipher = NULL WHERE case_id = $1");
  conn.prepare("erase_plan_actions",
               "UPDATE plan_actions SET description = '', state_note = '' WHERE case_id = $1");
  conn.prepare("erase_plan_comments", "UPDATE plan_comments SET body = '' WHERE case_id = $1");
  conn.prepare("erase_meetings",
               "UPDATE meetings SET outcome_notes = '', next_steps = (SELECT coalesce(jsonb_agg("
               "step - 'description'), '[]'::jsonb) FROM jsonb_array_elements(next_steps) step) "
               "WHERE case_id = $1");
  conn.prepare("erase_consents",
               "UPDATE consents SET purpose_text = '', document_reference = '' WHERE case_id = $1");
  conn.prepare("case_get", "SELECT " + cols + " FROM cases WHERE id = $1");
  conn.prepare("case_lock", "SELECT " + cols + " FROM cases WHERE id = $1 FOR UPDATE");
  conn.prepare("case_lock_if_free",
               "SELECT " + cols + " FROM cases WHERE id = $1 FOR UPDATE SKIP LOCKED");
  // The retention sweep's candidates. The status and erase conditions are literals, as the
  // partial index cases_retention (0007_retention.sql) states them, so the plan can use it.
  conn.prepare("case_retention_candidates",
               "SELECT c.id::text, " COLLAB_SQL_MICROS("c.close_time") ", c.close_time::text "
               "FROM cases c "
               "WHERE c.status = 5 AND c.personal_data_erase_time IS NULL "
               "AND c.close_time < ($1::date::timestamp AT TIME ZONE 'Europe/Stockholm') "
               "AND (c.close_time, c.id) > ($2::timestamptz, $3::uuid) "
               // c.: the output columns are text; ordering by them would not follow the index.
               "ORDER BY c.close_time, c.id LIMIT $4");
  conn.prepare(
      "case_list",
      "SELECT " + cols + " FROM cases c WHERE " + kCaseVisibleToSql +
          " AND ($10::uuid IS NULL OR c.employer_id = $10::uuid)"
          " AND ($11::uuid IS NULL OR c.unit_id = $11::uuid)"
          " AND ($12::text IS NULL OR c.assigned_case_worker = $12::text)"
          " AND ($13::uuid IS NULL OR (c.office_organisation_id = $13::uuid"
          "                            AND c.office_unit_id = $14::uuid))"
          " AND ($15::uuid IS NULL OR c.occupational_health_id = $15::uuid)"
          " AND ($16::smallint[] IS NULL OR c.status = ANY ($16::smallint[]))"
          " AND ($17::date IS NULL OR c.first_sick_day >= $17::date)"
          " AND ($18::date IS NULL OR c.first_sick_day <= $18::date)"
          " AND ($19::bytea IS NULL OR c.identity_hash = $19::bytea)"
          " AND ($20::date IS NULL OR c.first_sick_day < $20::date"
          "      OR (c.first_sick_day = $20::date AND c.id > $21::uuid))"
          // has_overdue_milestone: an open milestone due before today (0003_milestones.sql)
          " AND ($23::boolean IS NULL OR $23::boolean = EXISTS (SELECT 1 FROM open_milestones m"
          "      WHERE m.case_id = c.id AND m.due_date < $24::date))"
          " ORDER BY c.first_sick_day DESC, c.id LIMIT $22");
  conn.prepare("consents_for_party",
               "SELECT case_id::text, array_to_string(scope, ','), "
               COLLAB_SQL_MICROS("give_time") ", " COLLAB_SQL_MICROS("expire_time") ", "
               COLLAB_SQL_MICROS("revoke_time")
               " FROM consents WHERE case_id = ANY ($1::uuid[]) AND party_organisation_id = $2");
}

InsertedCase InsertCase(pqxx::work& tx, const CaseRow& c) {
  const pqxx::result r = Exec(tx, "case_insert",
       {c.id, c.employer_id, OrNull(c.unit_id), HexBytea(c.identity_cipher),
        HexBytea(c.identity_hash), c.identity_mask, std::to_string(c.identity_kind),
        ByteaOrNull(c.name_cipher), Bool(c.protected_identity), c.first_sick_day,
        c.expected_duration_days ? std::optional<std::string>(std::to_string(*c.expected_duration_days))
                                 : std::nullopt,
        OrNull(c.assigned_case_worker), OrNull(c.office_organisation_id), OrNull(c.office_unit_id),
        OrNull(c.occupational_health_id), std::to_string(c.diagnosis_category),
        ByteaOrNull(c.medical_notes_cipher), std::to_string(c.status)});
  return {CaseFromRow(r[0]), NewChainPosition(r[0][r.columns() - 1].as<int64_t>())};
}

void UpdateCaseAttributes(pqxx::work& tx, const CaseRow& c) {
  Exec(tx, "case_update",
       {c.id, OrNull(c.unit_id), ByteaOrNull(c.name_cipher), Bool(c.protected_identity),
        c.first_sick_day,
        c.expected_duration_days ? std::optional<std::string>(std::to_string(*c.expected_duration_days))
                                 : std::nullopt,
        OrNull(c.assigned_case_worker), OrNull(c.office_organisation_id), OrNull(c.office_unit_id),
        OrNull(c.occupational_health_id), std::to_string(c.diagnosis_category),
        ByteaOrNull(c.medical_notes_cipher), OrNull(c.plan_need_known_on)});
}

void EraseCasePersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash) {
  Exec(tx, "erase_case", {id, HexBytea(unlinkable_hash)});
  for (const char* stmt : {"erase_milestone_met", "erase_plans", "erase_plan_actions",
                           "erase_plan_comments", "erase_meetings", "erase_consents"}) {
    Exec(tx, stmt, {id});
  }
}

void SetCaseStatus(pqxx::work& tx, const std::string& id, const StatusChange& c) {
  Exec(tx, "case_set_status",
       {id, std::to_string(c.status), std::to_string(c.close_reason), c.close_note, Bool(c.closed),
        OrNull(c.return_date)});
}

std::optional<CaseRow> LoadCase(pqxx::work& tx, const std::string& id, bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "case_lock" : "case_get", {id});
  if (r.empty()) return std::nullopt;
  return CaseFromRow(r[0]);
}

std::optional<CaseRow> LockCaseIfFree(pqxx::work& tx, const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "case_lock_if_free", {id});
  if (r.empty()) return std::nullopt;
  return CaseFromRow(r[0]);
}

std::vector<RetentionCandidate> ListRetentionCandidates(pqxx::work& tx, const std::string& closed_before,
                                                        const RetentionCandidate* after, int limit) {
  static_assert(v1::CASE_STATUS_CLOSED == 5, "case_retention_candidates names CLOSED as 5");
  std::vector<RetentionCandidate> out;
  pqxx::result r = Exec(tx, "case_retention_candidates",
                        {closed_before, after ? after->cursor : "-infinity",
                         after ? after->id : "00000000-0000-0000-0000-000000000000",
                         std::to_string(limit)});
  for (const pqxx::row& row : r) {
    out.push_back({Text(row[0]), row[1].as<int64_t>(), Text(row[2])});
  }
  return out;
}

std::vector<CaseRow> ListVisibleCases(pqxx::work& tx, const Viewer& v, const CaseFilter& f,
                                      const std::vector<std::string>& after, int limit) {
  std::optional<std::string> statuses;
  if (!f.statuses.empty()) statuses = db::IntArrayLiteral(f.statuses);
  const bool has_after = after.size() == 2;
  Params p = VisibilityParams(v);
  Params rest = {OrNull(f.employer_id),
              OrNull(f.unit_id),
              OrNull(f.assigned_case_worker),
              OrNull(f.office_organisation_id),
              OrNull(f.office_unit_id),
              OrNull(f.occupational_health_id),
              statuses,
              OrNull(f.first_sick_day_from),
              OrNull(f.first_sick_day_to),
              ByteaOrNull(f.identity_hash),
              has_after ? std::optional<std::string>(after[0]) : std::nullopt,
              has_after ? std::optional<std::string>(after[1]) : std::nullopt,
              std::to_string(limit),
              f.has_overdue_milestone ? std::optional<std::string>(Bool(*f.has_overdue_milestone))
                                      : std::nullopt,
              OrNull(f.today)};
  p.insert(p.end(), rest.begin(), rest.end());
  std::vector<CaseRow> out;
  for (const pqxx::row& r : Exec(tx, "case_list", p)) out.push_back(CaseFromRow(r));
  return out;
}

std::map<std::string, std::vector<ConsentFacts>> LoadConsents(
    pqxx::work& tx, const std::vector<std::string>& case_ids,
    const std::string& party_organisation_id) {
  std::map<std::string, std::vector<ConsentFacts>> out;
  if (case_ids.empty() || !IsUuid(party_organisation_id)) return out;
  const std::string ids = db::TextArrayLiteral(case_ids);
  for (const pqxx::row& r : Exec(tx, "consents_for_party", {ids, party_organisation_id})) {
    ConsentFacts c;
    c.party_organisation_id = party_organisation_id;
    for (absl::string_view s : absl::StrSplit(std::string(r[1].c_str()), ',', absl::SkipEmpty())) {
      if (s == "1") c.scope.push_back(RestrictedField::kDiagnosisCategory);
      if (s == "2") c.scope.push_back(RestrictedField::kMedicalNotes);
    }
    c.give_time = absl::FromUnixMicros(r[2].as<int64_t>());
    if (!r[3].is_null()) c.expire_time = absl::FromUnixMicros(r[3].as<int64_t>());
    if (!r[4].is_null()) c.revoke_time = absl::FromUnixMicros(r[4].as<int64_t>());
    out[r[0].c_str()].push_back(std::move(c));
  }
  return out;
}

}  // namespace collab::cases
