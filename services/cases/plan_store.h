#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

// SQL of return-to-work plans (plan för återgång i arbete), their actions (åtgärder) and
// comments (synpunkter), and the plan columns of the case row (exemption, FK's request).
// Personal text stays encrypted here (plan_view.h encrypts and decrypts). Writers hold the case
// row locked (FOR UPDATE), which orders the version numbers and the one-draft check.
namespace collab::cases {

struct PlanRow {
  std::string id;
  std::string case_id;
  int plan_version = 0;
  int state = 0;  // collab.cases.v1.PlanState
  std::string goal_cipher;           // empty: none
  std::string employee_view_cipher;  // empty: none
  std::string expected_return_date;  // ISO or empty
  int expected_remaining_degree = 0;
  bool employee_participated = false;
  std::string previous_version_id;  // empty: none
  std::string author;
  std::string submitted_by;
  std::optional<int64_t> submit_micros;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  int64_t version = 0;
};

struct PlanActionRow {
  std::string id;
  std::string plan_id;
  std::string case_id;
  int kind = 0;  // collab.cases.v1.PlanActionKind
  std::string description;
  std::string owner_organisation_id;  // empty: none
  int owner_role = 0;                 // collab.cases.v1.PartyRole
  std::string start_date;             // ISO or empty
  std::string due_date;               // ISO or empty
  int state = 0;                      // collab.cases.v1.PlanActionState
  std::string state_note;
  std::optional<int64_t> state_change_micros;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  std::optional<int64_t> delete_micros;
  int64_t version = 0;
};

struct PlanCommentRow {
  std::string id;
  std::string plan_id;
  std::string case_id;
  int author_kind = 0;  // collab.cases.v1.PlanCommentAuthorKind
  std::string text;
  std::string recorded_by;
  int64_t create_micros = 0;
};

void PreparePlanStatements(pqxx::connection& conn);

// Plans. Insert numbers the version (max + 1 within the case).
PlanRow InsertPlan(pqxx::work& tx, const PlanRow& row);
std::optional<PlanRow> LoadPlan(pqxx::work& tx, const std::string& case_id, const std::string& id);
// The case's DRAFT, or its SUBMITTED version.
std::optional<PlanRow> LoadPlanInState(pqxx::work& tx, const std::string& case_id, int state);
// Newest version first, versions below `before_version` (0: from the newest), states in
// `states` (empty: any), at most `limit`.
std::vector<PlanRow> ListPlanRows(pqxx::work& tx, const std::string& case_id,
                                  const std::vector<int>& states, int before_version, int limit);
// Writes the editable columns and bumps the version.
void UpdatePlanRow(pqxx::work& tx, const PlanRow& row);
// DRAFT → SUBMITTED by `by` now; the case's SUBMITTED version (if any) first becomes SUPERSEDED.
void SubmitPlanRow(pqxx::work& tx, const std::string& case_id, const std::string& id,
                   const std::string& by);
// Hard delete of a draft with its actions and comments.
void DeletePlanRow(pqxx::work& tx, const std::string& case_id, const std::string& id);

// Records the plan milestone as met on `met_date` (ISO) unless it already is (the first
// submission meets it; a revision does not move the date).
void RecordPlanMilestoneMet(pqxx::work& tx, const std::string& case_id,
                            const std::string& met_date, const std::string& met_by);

// The plan columns of the case row; each bumps the case's version.
void SetPlanExemption(pqxx::work& tx, const std::string& case_id, int reason,
                      const std::string& note, const std::string& by);
// `cleared_on` (ISO date): from that day the plan is needed (migrations/0006).
void ClearPlanExemptionRow(pqxx::work& tx, const std::string& case_id,
                           const std::string& cleared_on);
void SetPlanRequested(pqxx::work& tx, const std::string& case_id);

// Actions.
void InsertPlanAction(pqxx::work& tx, const PlanActionRow& row);
std::optional<PlanActionRow> LoadPlanAction(pqxx::work& tx, const std::string& plan_id,
                                            const std::string& id);
// By due date (unset last), then id, after the keyset `after` ({due date or "infinity", id};
// empty: from the start), states in `states` (empty: any), at most `limit`.
std::vector<PlanActionRow> ListPlanActionRows(pqxx::work& tx, const std::string& plan_id,
                                              const std::vector<int>& states, bool show_deleted,
                                              const std::vector<std::string>& after, int limit);
std::vector<std::string> PlanActionKey(const PlanActionRow& row);
// Writes every editable column (state_change_time moves when the state changes), bumps version.
void UpdatePlanActionRow(pqxx::work& tx, const PlanActionRow& row);
void SoftDeletePlanAction(pqxx::work& tx, const std::string& plan_id, const std::string& id);

// Comments (immutable).
void InsertPlanComment(pqxx::work& tx, const PlanCommentRow& row);
std::optional<PlanCommentRow> LoadPlanComment(pqxx::work& tx, const std::string& plan_id,
                                              const std::string& id);
// Oldest first, after the keyset `after` ({micros, id}; empty: from the start), at most `limit`.
std::vector<PlanCommentRow> ListPlanCommentRows(pqxx::work& tx, const std::string& plan_id,
                                                const std::vector<std::string>& after, int limit);
std::vector<std::string> PlanCommentKey(const PlanCommentRow& row);

}  // namespace collab::cases
