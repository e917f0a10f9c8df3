#include "libs/db/sql_params.h"
#include "services/cases/period_store.h"

#include <pqxx/pqxx>

#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the store's parameter and field conversions

constexpr char kCols[] =
    "id::text, case_id::text, start_date::text, end_date::text, degree, basis, "
    COLLAB_SQL_MICROS("create_time") ", " COLLAB_SQL_MICROS("update_time") ", "
    COLLAB_SQL_MICROS("delete_time") ", version";

PeriodRow FromRow(const pqxx::row& r) {
  PeriodRow p;
  p.id = r[0].c_str();
  p.case_id = r[1].c_str();
  p.start_date = r[2].c_str();
  p.end_date = r[3].is_null() ? "" : r[3].c_str();
  p.degree = r[4].as<int>();
  p.basis = r[5].as<int>();
  p.create_micros = r[6].as<int64_t>();
  p.update_micros = r[7].as<int64_t>();
  if (!r[8].is_null()) p.delete_micros = r[8].as<int64_t>();
  p.version = r[9].as<int64_t>();
  return p;
}

}  // namespace

void PreparePeriodStatements(pqxx::connection& conn) {
  const std::string cols = kCols;
  conn.prepare("period_insert",
               "INSERT INTO sick_leave_periods (id, case_id, start_date, end_date, degree, basis) "
               "VALUES ($1, $2, $3, $4, $5, $6)");
  conn.prepare("period_list",
               "SELECT " + cols + " FROM sick_leave_periods WHERE case_id = $1 "
               "AND ($2::boolean OR delete_time IS NULL) ORDER BY start_date, id");
  conn.prepare("period_get",
               "SELECT " + cols + " FROM sick_leave_periods WHERE case_id = $1 AND id = $2");
  conn.prepare("period_update",
               "UPDATE sick_leave_periods SET start_date = $3, end_date = $4, degree = $5, "
               "basis = $6, update_time = now(), version = version + 1 "
               "WHERE case_id = $1 AND id = $2");
  conn.prepare("period_list_of_cases",
               "SELECT " + cols + " FROM sick_leave_periods WHERE case_id = ANY ($1::uuid[]) "
               "AND delete_time IS NULL ORDER BY case_id, start_date, id");
  conn.prepare("period_delete",
               "UPDATE sick_leave_periods SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE case_id = $1 AND id = $2 AND delete_time IS NULL");
}

std::map<std::string, std::vector<PeriodRow>> ListLivePeriodsOfCases(
    pqxx::work& tx, const std::vector<std::string>& case_ids) {
  std::map<std::string, std::vector<PeriodRow>> out;
  if (case_ids.empty()) return out;
  const std::string ids = db::TextArrayLiteral(case_ids);
  for (const pqxx::row& r : Exec(tx, "period_list_of_cases", {ids})) {
    PeriodRow p = FromRow(r);
    out[p.case_id].push_back(std::move(p));
  }
  return out;
}

void InsertPeriod(pqxx::work& tx, const PeriodRow& p) {
  Exec(tx, "period_insert", {p.id, p.case_id, p.start_date, OrNull(p.end_date),
                             std::to_string(p.degree), std::to_string(p.basis)});
}

std::vector<PeriodRow> ListPeriods(pqxx::work& tx, const std::string& case_id, bool show_deleted) {
  std::vector<PeriodRow> out;
  for (const pqxx::row& r : Exec(tx, "period_list", {case_id, show_deleted ? "true" : "false"})) {
    out.push_back(FromRow(r));
  }
  return out;
}

std::optional<PeriodRow> LoadPeriod(pqxx::work& tx, const std::string& case_id,
                                    const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "period_get", {case_id, id});
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

void UpdatePeriod(pqxx::work& tx, const PeriodRow& p) {
  Exec(tx, "period_update", {p.case_id, p.id, p.start_date, OrNull(p.end_date),
                             std::to_string(p.degree), std::to_string(p.basis)});
}

void SoftDeletePeriod(pqxx::work& tx, const std::string& case_id, const std::string& id) {
  Exec(tx, "period_delete", {case_id, id});
}

int DegreePercent(int degree) { return degree >= 1 && degree <= 4 ? degree * 25 : 0; }

SickLeavePeriod ToDomain(const PeriodRow& row) {
  SickLeavePeriod p;
  p.from = *ParseIsoDate(row.start_date);
  if (!row.end_date.empty()) p.to = *ParseIsoDate(row.end_date);
  p.degree_percent = DegreePercent(row.degree);
  return p;
}

}  // namespace collab::cases
