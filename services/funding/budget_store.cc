// Phases, budget lines and funding commitments (funding_store.h).
#include "absl/strings/str_cat.h"
#include "libs/db/sql_arrays.h"
#include "services/funding/funding_sql.h"
#include "services/funding/funding_store.h"

namespace collab::funding {
namespace {

using sql::Exec;
using sql::OrNull;
using sql::Params;
using sql::SetMoney;

#define META_COLS                                                                    \
  COLLAB_SQL_MICROS("create_time") ", " COLLAB_SQL_MICROS("update_time") ", "              \
  COLLAB_SQL_MICROS("delete_time") ", version"

constexpr char kPhaseCols[] =
    "id::text, project_id::text, display_name, ordinal, start_date::text, end_date::text, "
    "expected_results, report_due_date::text, report_delivered_date::text, " META_COLS;
constexpr char kLineCols[] =
    "id::text, project_id::text, category, description, phase_id::text, basis, entered_minor, "
    "(SELECT currency_code FROM projects p WHERE p.id = project_id), " META_COLS;
constexpr char kCommitmentCols[] =
    "id::text, project_id::text, funder_id::text, kind, amount_minor, in_kind_hours, "
    "in_kind_rate_minor, in_kind_description, conditions, "
    "(SELECT currency_code FROM projects p WHERE p.id = project_id), " META_COLS;

template <class R>
void SetMeta(R* r, const pqxx::row& row, int i) {
  sql::SetTime(row[i], r->mutable_create_time());
  sql::SetTime(row[i + 1], r->mutable_update_time());
  if (!row[i + 2].is_null()) sql::SetTime(row[i + 2], r->mutable_delete_time());
  r->set_etag(row[i + 3].c_str());
}

v1::Phase PhaseFromRow(const pqxx::row& r) {
  v1::Phase p;
  p.set_name(absl::StrCat("projects/", r[1].c_str(), "/phases/", r[0].c_str()));
  p.set_display_name(r[2].c_str());
  p.set_ordinal(r[3].as<int>());
  sql::SetDate(r[4], p.mutable_period()->mutable_start_date());
  sql::SetDate(r[5], p.mutable_period()->mutable_end_date());
  for (std::string& s : db::TextArrayOf(r[6])) p.add_expected_results(std::move(s));
  if (!r[7].is_null()) sql::SetDate(r[7], p.mutable_report_due_date());
  if (!r[8].is_null()) sql::SetDate(r[8], p.mutable_report_delivered_date());
  SetMeta(&p, r, 9);
  return p;
}

v1::BudgetLine LineFromRow(const pqxx::row& r) {
  v1::BudgetLine l;
  // The stored basis is a BudgetLine holding only the basis oneof.
  const pqxx::binarystring basis(r[5]);
  l.ParseFromString(basis.str());
  const std::string project = absl::StrCat("projects/", r[1].c_str());
  l.set_name(absl::StrCat(project, "/budgetLines/", r[0].c_str()));
  l.set_category(static_cast<v1::BudgetCategory>(r[2].as<int>()));
  l.set_description(r[3].c_str());
  if (!r[4].is_null()) l.set_phase(absl::StrCat(project, "/phases/", r[4].c_str()));
  SetMoney(l.mutable_entered_amount(), r[7].c_str(), r[6].as<int64_t>());
  SetMeta(&l, r, 8);
  return l;
}

v1::FundingCommitment CommitmentFromRow(const pqxx::row& r) {
  v1::FundingCommitment c;
  c.set_name(absl::StrCat("projects/", r[1].c_str(), "/fundingCommitments/", r[0].c_str()));
  c.set_funder(absl::StrCat("organisations/", r[2].c_str()));
  c.set_kind(static_cast<v1::FundingKind>(r[3].as<int>()));
  const std::string currency = r[9].c_str();
  SetMoney(c.mutable_amount(), currency, r[4].as<int64_t>());
  if (!r[5].is_null()) {
    c.mutable_in_kind()->set_hours(r[5].as<int64_t>());
    SetMoney(c.mutable_in_kind()->mutable_hourly_rate(), currency,
             r[6].is_null() ? 0 : r[6].as<int64_t>());
    c.mutable_in_kind()->set_description(r[7].c_str());
  }
  for (std::string& s : db::TextArrayOf(r[8])) c.add_conditions(std::move(s));
  SetMeta(&c, r, 10);
  return c;
}

std::string BasisBytes(const v1::BudgetLine& line) {
  v1::BudgetLine basis;
  switch (line.basis_case()) {
    case v1::BudgetLine::kQuantityPrice:
      *basis.mutable_quantity_price() = line.quantity_price();
      basis.mutable_quantity_price()->clear_computed_quantity();
      break;
    case v1::BudgetLine::kParts:
      *basis.mutable_parts() = line.parts();
      basis.mutable_parts()->clear_computed_total_quantity();
      for (v1::BasisPart& part : *basis.mutable_parts()->mutable_parts()) {
        part.clear_computed_subtotal();
        part.clear_subtotal_differs();
      }
      break;
    case v1::BudgetLine::kFlatRate:
      *basis.mutable_flat_rate() = line.flat_rate();
      break;
    case v1::BudgetLine::BASIS_NOT_SET:
      break;
  }
  return basis.SerializeAsString();
}

Params CommitmentParams(const std::string& id, const v1::FundingCommitment& c) {
  const bool in_kind = c.has_in_kind();
  return {id,
          std::to_string(static_cast<int>(c.kind())),
          std::to_string(c.amount().minor_units()),
          in_kind ? std::optional<std::string>(std::to_string(c.in_kind().hours())) : std::nullopt,
          in_kind ? std::optional<std::string>(std::to_string(c.in_kind().hourly_rate().minor_units()))
                  : std::nullopt,
          in_kind ? c.in_kind().description() : "",
          db::TextArrayLiteral({c.conditions().begin(), c.conditions().end()})};
}

template <class R>
std::vector<R> All(pqxx::work& tx, const char* stmt, const Params& p, R (*from_row)(const pqxx::row&)) {
  std::vector<R> out;
  for (const pqxx::row& r : Exec(tx, stmt, p)) out.push_back(from_row(r));
  return out;
}

template <class R>
std::optional<R> One(pqxx::work& tx, const char* stmt, const Params& p,
                     R (*from_row)(const pqxx::row&)) {
  pqxx::result r = Exec(tx, stmt, p);
  if (r.empty()) return std::nullopt;
  return from_row(r[0]);
}

}  // namespace

void PrepareBudgetStatements(pqxx::connection& conn) {
  const std::string phase = kPhaseCols, line = kLineCols, commitment = kCommitmentCols;
  conn.prepare("phase_all", "SELECT " + phase + " FROM phases WHERE project_id = $1 "
                            "AND ($2::boolean OR delete_time IS NULL) ORDER BY ordinal, id");
  conn.prepare("phase_get", "SELECT " + phase + " FROM phases WHERE project_id = $1 AND id = $2");
  conn.prepare("phase_insert",
               "INSERT INTO phases (id, project_id, display_name, ordinal, start_date, end_date, "
               "expected_results, report_due_date, report_delivered_date) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
  conn.prepare("phase_update",
               "UPDATE phases SET display_name = $2, ordinal = $3, start_date = $4, end_date = $5, "
               "expected_results = $6, report_due_date = $7, report_delivered_date = $8, "
               "update_time = now(), "
               "version = version + 1 WHERE id = $1");
  conn.prepare("phase_delete", "UPDATE phases SET delete_time = now(), update_time = now(), "
                               "version = version + 1 WHERE id = $1");
  conn.prepare("phase_in_use",
               "SELECT 1 FROM budget_lines WHERE phase_id = $1 AND delete_time IS NULL LIMIT 1");
  conn.prepare("phase_next_ordinal",
               "SELECT coalesce(max(ordinal), 0) + 1 FROM phases WHERE project_id = $1 "
               "AND delete_time IS NULL");

  conn.prepare("line_all", "SELECT " + line + " FROM budget_lines WHERE project_id = $1 "
                           "AND ($2::boolean OR delete_time IS NULL) ORDER BY id");
  conn.prepare("line_get",
               "SELECT " + line + " FROM budget_lines WHERE project_id = $1 AND id = $2");
  conn.prepare("line_insert",
               "INSERT INTO budget_lines (id, project_id, category, description, phase_id, basis, "
               "entered_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)");
  conn.prepare("line_update",
               "UPDATE budget_lines SET category = $2, description = $3, phase_id = $4, "
               "basis = $5, entered_minor = $6, update_time = now(), version = version + 1 "
               "WHERE id = $1");
  conn.prepare("line_delete", "UPDATE budget_lines SET delete_time = now(), update_time = now(), "
                              "version = version + 1 WHERE id = $1");

  conn.prepare("commitment_all",
               "SELECT " + commitment + " FROM funding_commitments WHERE project_id = $1 "
               "AND ($2::boolean OR delete_time IS NULL) ORDER BY id");
  conn.prepare("commitment_get", "SELECT " + commitment +
                                     " FROM funding_commitments WHERE project_id = $1 AND id = $2");
  conn.prepare("commitment_insert",
               "INSERT INTO funding_commitments (id, kind, amount_minor, in_kind_hours, "
               "in_kind_rate_minor, in_kind_description, conditions, project_id, funder_id) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
  conn.prepare("commitment_update",
               "UPDATE funding_commitments SET kind = $2, amount_minor = $3, in_kind_hours = $4, "
               "in_kind_rate_minor = $5, in_kind_description = $6, conditions = $7, "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("commitment_delete",
               "UPDATE funding_commitments SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE id = $1");
}

std::vector<v1::Phase> LoadPhases(pqxx::work& tx, const std::string& project_id,
                                  bool include_deleted) {
  return All(tx, "phase_all", {project_id, sql::Bool(include_deleted)}, PhaseFromRow);
}

std::optional<v1::Phase> LoadPhase(pqxx::work& tx, const std::string& project_id,
                                   const std::string& id) {
  return One(tx, "phase_get", {project_id, id}, PhaseFromRow);
}

void InsertPhase(pqxx::work& tx, const std::string& project_id, const std::string& id,
                 const v1::Phase& p) {
  Exec(tx, "phase_insert",
       {id, project_id, p.display_name(), std::to_string(p.ordinal()),
        sql::IsoOrNull(p.period().start_date()), sql::IsoOrNull(p.period().end_date()),
        db::TextArrayLiteral({p.expected_results().begin(), p.expected_results().end()}),
        sql::IsoOrNull(p.report_due_date()), sql::IsoOrNull(p.report_delivered_date())});
}

void UpdatePhase(pqxx::work& tx, const std::string& id, const v1::Phase& p) {
  Exec(tx, "phase_update",
       {id, p.display_name(), std::to_string(p.ordinal()), sql::IsoOrNull(p.period().start_date()),
        sql::IsoOrNull(p.period().end_date()),
        db::TextArrayLiteral({p.expected_results().begin(), p.expected_results().end()}),
        sql::IsoOrNull(p.report_due_date()), sql::IsoOrNull(p.report_delivered_date())});
}

void SoftDeletePhase(pqxx::work& tx, const std::string& id) { Exec(tx, "phase_delete", {id}); }

bool PhaseInUse(pqxx::work& tx, const std::string& id) {
  return !Exec(tx, "phase_in_use", {id}).empty();
}

int NextPhaseOrdinal(pqxx::work& tx, const std::string& project_id) {
  return Exec(tx, "phase_next_ordinal", {project_id})[0][0].as<int>();
}

std::vector<v1::BudgetLine> LoadLines(pqxx::work& tx, const std::string& project_id,
                                      bool include_deleted) {
  return All(tx, "line_all", {project_id, sql::Bool(include_deleted)}, LineFromRow);
}

std::optional<v1::BudgetLine> LoadLine(pqxx::work& tx, const std::string& project_id,
                                       const std::string& id) {
  return One(tx, "line_get", {project_id, id}, LineFromRow);
}

void InsertLine(pqxx::work& tx, const std::string& project_id, const std::string& id,
                const v1::BudgetLine& l) {
  const std::string basis = BasisBytes(l);
  tx.exec_prepared("line_insert", id, project_id, static_cast<int>(l.category()), l.description(),
                   OrNull(l.phase().empty() ? "" : IdOf(l.phase())), pqxx::binarystring(basis),
                   l.entered_amount().minor_units());
}

void UpdateLine(pqxx::work& tx, const std::string& id, const v1::BudgetLine& l) {
  const std::string basis = BasisBytes(l);
  tx.exec_prepared("line_update", id, static_cast<int>(l.category()), l.description(),
                   OrNull(l.phase().empty() ? "" : IdOf(l.phase())), pqxx::binarystring(basis),
                   l.entered_amount().minor_units());
}

void SoftDeleteLine(pqxx::work& tx, const std::string& id) { Exec(tx, "line_delete", {id}); }

std::vector<v1::FundingCommitment> LoadCommitments(pqxx::work& tx, const std::string& project_id,
                                                   bool include_deleted) {
  return All(tx, "commitment_all", {project_id, sql::Bool(include_deleted)}, CommitmentFromRow);
}

std::optional<v1::FundingCommitment> LoadCommitment(pqxx::work& tx, const std::string& project_id,
                                                    const std::string& id) {
  return One(tx, "commitment_get", {project_id, id}, CommitmentFromRow);
}

void InsertCommitment(pqxx::work& tx, const std::string& project_id, const std::string& id,
                      const v1::FundingCommitment& c) {
  Params p = CommitmentParams(id, c);
  p.push_back(project_id);
  p.push_back(IdOf(c.funder()));
  Exec(tx, "commitment_insert", p);
}

void UpdateCommitment(pqxx::work& tx, const std::string& id, const v1::FundingCommitment& c) {
  Exec(tx, "commitment_update", CommitmentParams(id, c));
}

void SoftDeleteCommitment(pqxx::work& tx, const std::string& id) {
  Exec(tx, "commitment_delete", {id});
}

}  // namespace collab::funding
