#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/civil_time.h"
#include "collab/funding/v1/funding_service.pb.h"
#include "services/funding/domain/periods.h"
#include "services/funding/funding_access.h"

// SQL of the project side of collab-funding, in named prepared statements, run inside the
// caller's transaction (the service owns the transaction so that a write, its idempotency record
// and its outbox event commit together). Rows come back as contract resources; no rule lives
// here beyond what the schema enforces. project_store.cc: projects and approvals;
// budget_store.cc: phases, budget lines, commitments; ledger_store.cc: entries and running totals.
namespace collab::funding {

namespace v1 = collab::funding::v1;

void PrepareProjectStatements(pqxx::connection& conn);
void PrepareBudgetStatements(pqxx::connection& conn);
void PrepareLedgerStatements(pqxx::connection& conn);

// The last segment of a resource name: its id.
std::string IdOf(const std::string& resource_name);
std::string ProjectName(const std::string& id);

// --- projects (project_store.cc) ------------------------------------------------------------

enum class Lock { kNone, kShare, kUpdate };

struct ProjectRow {
  std::string id;
  v1::Project project;  // with totals, gap and approvals
  Period period;
  ProjectRelation relation;  // of the caller it was loaded for
};

// The project and the caller's relation to it in one query; nullopt when there is no such row
// (deleted rows are returned with delete_time set).
std::optional<ProjectRow> LoadProject(pqxx::work& tx, const std::string& id, const Caller& caller,
                                      Lock lock);
void InsertProject(pqxx::work& tx, const std::string& id, const v1::Project& p);
// Writes the updatable fields of `p` and bumps the version.
void UpdateProjectFields(pqxx::work& tx, const std::string& id, const v1::Project& p);
// A child (phase, line, commitment) changed: new version, so the project's etag moves with its
// totals.
void TouchProject(pqxx::work& tx, const std::string& id);
void SoftDeleteProject(pqxx::work& tx, const std::string& id);

struct StatusChange {
  v1::ProjectStatus status = v1::PROJECT_STATUS_UNSPECIFIED;
  // "submit_time", "approve_time", "activate_time", "close_time" set to now(), or empty.
  std::string stamp;
  std::optional<std::string> return_note;  // ReturnProject
};
void SetProjectStatus(pqxx::work& tx, const std::string& id, const StatusChange& change);

void InsertApproval(pqxx::work& tx, const std::string& project_id, const std::string& funder_id,
                    const std::string& approved_by, const std::string& decision_reference);
void ClearApprovals(pqxx::work& tx, const std::string& project_id);

struct ProjectFilter {
  std::string owner_organisation_id;
  std::string funder_id;
  std::vector<int> statuses;
  std::string network_id;
  std::string project_manager;
  std::string display_name_prefix;
  std::optional<Period> period;
  bool show_deleted = false;
};

struct ProjectPage {
  std::vector<v1::Project> projects;
  std::vector<std::string> next_key;  // (lower(display_name), id) of the last; empty at the end
};
// Only projects the caller may see (the same rule as funding_access.h, in SQL).
ProjectPage ListProjects(pqxx::work& tx, const ProjectFilter& filter, const Caller& caller,
                         const std::vector<std::string>& after, int limit);

// --- phases, budget lines, commitments (budget_store.cc) ------------------------------------

// Every row of the project ordered by (ordinal, id) for phases and by id otherwise.
std::vector<v1::Phase> LoadPhases(pqxx::work& tx, const std::string& project_id,
                                  bool include_deleted);
std::optional<v1::Phase> LoadPhase(pqxx::work& tx, const std::string& project_id,
                                   const std::string& id);
void InsertPhase(pqxx::work& tx, const std::string& project_id, const std::string& id,
                 const v1::Phase& phase);
void UpdatePhase(pqxx::work& tx, const std::string& id, const v1::Phase& phase);
void SoftDeletePhase(pqxx::work& tx, const std::string& id);
bool PhaseInUse(pqxx::work& tx, const std::string& id);
int NextPhaseOrdinal(pqxx::work& tx, const std::string& project_id);

std::vector<v1::BudgetLine> LoadLines(pqxx::work& tx, const std::string& project_id,
                                      bool include_deleted);
std::optional<v1::BudgetLine> LoadLine(pqxx::work& tx, const std::string& project_id,
                                       const std::string& id);
void InsertLine(pqxx::work& tx, const std::string& project_id, const std::string& id,
                const v1::BudgetLine& line);
void UpdateLine(pqxx::work& tx, const std::string& id, const v1::BudgetLine& line);
void SoftDeleteLine(pqxx::work& tx, const std::string& id);

std::vector<v1::FundingCommitment> LoadCommitments(pqxx::work& tx, const std::string& project_id,
                                                   bool include_deleted);
std::optional<v1::FundingCommitment> LoadCommitment(pqxx::work& tx, const std::string& project_id,
                                                    const std::string& id);
void InsertCommitment(pqxx::work& tx, const std::string& project_id, const std::string& id,
                      const v1::FundingCommitment& c);
void UpdateCommitment(pqxx::work& tx, const std::string& id, const v1::FundingCommitment& c);
void SoftDeleteCommitment(pqxx::work& tx, const std::string& id);

// --- ledger (ledger_store.cc) ----------------------------------------------------------------

// Appends the entry and adds its amount, and its change to the hours of in-kind time without a
// time report (domain/balance.h, UnbackedInKindHours), to the running totals, in the caller's
// transaction.
void InsertLedgerEntry(pqxx::work& tx, const std::string& project_id, const std::string& id,
                       const v1::LedgerEntry& entry, int64_t unbacked_in_kind_hours);
std::optional<v1::LedgerEntry> LoadLedgerEntry(pqxx::work& tx, const std::string& project_id,
                                               const std::string& id);

// The entry a correction names, locked (FOR UPDATE) until the caller's transaction ends so that
// corrections of one entry book one after the other, with what the corrections booked so far
// took back (domain/corrections.h); nullopt when the project has no such entry.
struct CorrectedEntry {
  v1::LedgerEntry entry;
  int64_t taken_back_minor = 0;  // sum of the corrections' amounts: negative or zero
  int64_t taken_back_hours = 0;  // sum of the hours they took back
};
std::optional<CorrectedEntry> LockCorrectedEntry(pqxx::work& tx, const std::string& project_id,
                                                 const std::string& id);

struct LedgerFilter {
  std::string budget_line_id;
  std::string funder_id;
  int kind = 0;
  std::optional<absl::CivilDay> from;
  std::optional<absl::CivilDay> to;
};
struct LedgerPage {
  std::vector<v1::LedgerEntry> entries;
  std::vector<std::string> next_key;  // (booking_date, id) of the last; empty at the end
};
LedgerPage ListLedgerEntries(pqxx::work& tx, const std::string& project_id,
                             const LedgerFilter& filter, const std::vector<std::string>& after,
                             int limit);

// Running totals up to `as_of` inclusive, grouped by line, funder attribution, kind and month.
struct TotalsRow {
  std::string line_id;
  std::string funder_id;  // empty: cash without a funder
  int kind = 0;
  absl::CivilMonth month;
  int64_t spent_minor = 0;
};
std::vector<TotalsRow> LoadTotals(pqxx::work& tx, const std::string& project_id,
                                  absl::CivilDay as_of);
// How many entries up to `as_of` are dated outside `period`, from the running totals.
int64_t CountEntriesOutside(pqxx::work& tx, const std::string& project_id, const Period& period,
                            absl::CivilDay as_of);
// Hours of in-kind time booked up to `as_of` inclusive without a time report, net of the
// corrections that took such time back, from the running totals (IN_KIND_NOT_BACKED).
int64_t SumUnbackedInKindHours(pqxx::work& tx, const std::string& project_id,
                               absl::CivilDay as_of);

}  // namespace collab::funding
