#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "services/cases/audit.h"
#include "services/cases/domain/visibility.h"

// SQL of the case rows: statements prepared per pooled connection, functions that run inside the
// caller's transaction (so the case, its audit row and its outbox event commit together). No
// rule lives here beyond the visibility filter, which mirrors domain/visibility.h in SQL so that
// foreign rows are never loaded.
namespace collab::cases {

// One row of `cases`, personal columns still encrypted.
struct CaseRow {
  std::string id;
  std::string employer_id;
  std::string unit_id;  // may be empty
  std::string identity_cipher;
  std::string identity_hash;
  std::string identity_mask;
  int identity_kind = 0;
  std::string name_cipher;  // empty: none
  bool protected_identity = false;
  std::string first_sick_day;  // ISO date
  std::optional<int> expected_duration_days;
  std::string assigned_case_worker;
  std::string office_organisation_id;
  std::string office_unit_id;
  std::string occupational_health_id;
  int diagnosis_category = 0;
  std::string medical_notes_cipher;
  int status = 0;
  int close_reason = 0;
  std::string close_note;
  int plan_exemption_reason = 0;
  std::string plan_exemption_note;
  std::optional<int64_t> plan_exemption_micros;
  std::string plan_exemption_by;
  std::string plan_need_known_on;  // ISO or empty (migrations/0006)
  std::string return_date;  // ISO or empty
  std::optional<int64_t> plan_request_micros;
  std::optional<int64_t> erase_micros;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  std::optional<int64_t> close_micros;
  int64_t version = 0;
};

// Filters of ListCases / SearchCases; empty means any. Ids, not resource names.
struct CaseFilter {
  std::string employer_id;
  std::string unit_id;
  std::string assigned_case_worker;
  std::string office_organisation_id;
  std::string office_unit_id;
  std::string occupational_health_id;
  std::vector<int> statuses;
  std::string first_sick_day_from;  // ISO, inclusive
  std::string first_sick_day_to;    // ISO, inclusive
  std::string identity_hash;        // SearchCases: raw 32 bytes
  // Set: only cases with (true) or without (false) an OVERDUE milestone on `today` (ISO), i.e.
  // an open milestone (open_milestones) due before today.
  std::optional<bool> has_overdue_milestone;
  std::string today;
};

void PrepareCaseStatements(pqxx::connection& conn);

struct InsertedCase {
  CaseRow row;  // as stored (times, version), so a create need not read it back
  AuditChainPosition audit;  // where the case's first audit event goes
};
// Inserts the case and starts its (empty) audit chain.
InsertedCase InsertCase(pqxx::work& tx, const CaseRow& row);
// nullopt when there is no such case. `lock`: FOR UPDATE.
std::optional<CaseRow> LoadCase(pqxx::work& tx, const std::string& id, bool lock);
// The case locked FOR UPDATE SKIP LOCKED: nullopt also when another transaction holds it (the
// retention sweep leaves such a case to that transaction, or to its next pass).
std::optional<CaseRow> LockCaseIfFree(pqxx::work& tx, const std::string& id);

// A page of the retention sweep's candidates (migrations/0007_retention.sql): closed cases whose
// personal data is not erased, closed before the Swedish midnight starting `closed_before` (ISO
// day), in (close_time, id) order after `after` (the last candidate of the previous page;
// nullptr: from the start), at most `limit`.
struct RetentionCandidate {
  std::string id;
  int64_t close_micros = 0;
  std::string cursor;  // close_time as text, exact, for the keyset
};
std::vector<RetentionCandidate> ListRetentionCandidates(pqxx::work& tx, const std::string& closed_before,
                                                        const RetentionCandidate* after, int limit);

// Writes the status columns of a transition and bumps the version.
struct StatusChange {
  int status = 0;
  int close_reason = 0;
  std::string close_note;
  bool closed = false;      // sets close_time now, else clears it
  std::string return_date;  // ISO or empty
};
void SetCaseStatus(pqxx::work& tx, const std::string& id, const StatusChange& change);

// Writes the attributes UpdateCase may change and bumps the version.
void UpdateCaseAttributes(pqxx::work& tx, const CaseRow& row);

// Gallring (RA-FS 2020:1; domain.md, "Retention"): blanks the case's personal and free-text
// columns and those of its children (identity number, name, medical notes, close and exemption
// notes, milestone notes, plan texts, plan actions and comments, meeting notes, consent texts),
// replaces the keyed identity hash with `unlinkable_hash` (random: the case is no longer found
// by the number, nor linkable to other rows of the same person), sets personal_data_erase_time
// and bumps the version. Dates, degrees, statuses, the diagnosis category and the ids stay for
// statistics; the audit log is not touched (it holds field names, never values).
void EraseCasePersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash);

// Cases the viewer may see (the SQL form of DecideVisibility's "sees the case"), matching
// `filter`, ordered by first sick day newest first then id, after the keyset `after`
// ({first_sick_day, id} or empty), at most `limit` rows.
std::vector<CaseRow> ListVisibleCases(pqxx::work& tx, const Viewer& viewer,
                                      const CaseFilter& filter,
                                      const std::vector<std::string>& after, int limit);

// The visibility filter of ListVisibleCases over cases aliased `c`, parameters $1..$9 as
// VisibilityParams gives them, for the other cross-case lists (ListOverdueMilestones).
extern const char kCaseVisibleToSql[];
std::vector<std::optional<std::string>> VisibilityParams(const Viewer& viewer);

// Consents on record for these cases to `party_organisation_id`, by case id.
std::map<std::string, std::vector<ConsentFacts>> LoadConsents(
    pqxx::work& tx, const std::vector<std::string>& case_ids,
    const std::string& party_organisation_id);

}  // namespace collab::cases
