#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "services/cases/domain/rehab_chain.h"

// SQL of sick-leave periods. Writers hold the case row locked (FOR UPDATE) while they check
// overlaps, so two writers of one case cannot both pass the check.
namespace collab::cases {

struct PeriodRow {
  std::string id;
  std::string case_id;
  std::string start_date;  // ISO
  std::string end_date;    // ISO or empty (ongoing)
  int degree = 0;          // collab.cases.v1.SickLeaveDegree (1..4)
  int basis = 0;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  std::optional<int64_t> delete_micros;
  int64_t version = 0;
};

void PreparePeriodStatements(pqxx::connection& conn);

void InsertPeriod(pqxx::work& tx, const PeriodRow& row);
// Ordered by start date, then id.
std::vector<PeriodRow> ListPeriods(pqxx::work& tx, const std::string& case_id, bool show_deleted);
std::optional<PeriodRow> LoadPeriod(pqxx::work& tx, const std::string& case_id,
                                    const std::string& id);
void UpdatePeriod(pqxx::work& tx, const PeriodRow& row);
void SoftDeletePeriod(pqxx::work& tx, const std::string& case_id, const std::string& id);

// Live periods of several cases (a page of ListCases), by case id, each in start-date order.
std::map<std::string, std::vector<PeriodRow>> ListLivePeriodsOfCases(
    pqxx::work& tx, const std::vector<std::string>& case_ids);

// SickLeaveDegree (1..4) ↔ percent (25..100).
int DegreePercent(int degree);
// The domain's view of a live period.
SickLeavePeriod ToDomain(const PeriodRow& row);

}  // namespace collab::cases
