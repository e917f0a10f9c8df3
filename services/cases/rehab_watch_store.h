#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "services/cases/domain/visibility.h"

// SQL of the early-signal rows (migrations/0004_early_signals.sql): absence spells and rehab
// watches, personal columns still encrypted. Runs inside the caller's transaction.
namespace collab::cases {

struct SpellRow {
  std::string id;
  std::string employer_id;
  std::string unit_id;  // may be empty
  std::string identity_cipher;
  std::string identity_hash;
  std::string identity_mask;
  std::string start_date;  // ISO
  std::string end_date;    // ISO
  std::string rehab_watch_id;
  int64_t create_micros = 0;
  std::optional<int64_t> delete_micros;
  int64_t version = 0;
};

struct WatchRow {
  std::string id;
  std::string employer_id;
  std::string unit_id;
  std::string identity_cipher;
  std::string identity_hash;
  std::string identity_mask;
  std::string name_cipher;
  int trigger = 0;  // collab.cases.v1.RehabWatchTrigger
  int spell_count = 0;
  std::string window_start;  // ISO or empty
  std::string window_end;
  int state = 0;  // collab.cases.v1.RehabWatchState
  std::string notes_cipher;
  std::string case_id;
  int64_t create_micros = 0;
  int64_t update_micros = 0;
  std::optional<int64_t> close_micros;
  int64_t version = 0;
};

void PrepareRehabWatchStatements(pqxx::connection& conn);

// Spells.
void InsertSpell(pqxx::work& tx, const SpellRow& row);
std::optional<SpellRow> LoadSpell(pqxx::work& tx, const std::string& id, bool lock);
// Live spells of one employee (by keyed hash) at one employer, by start date.
std::vector<SpellRow> ListEmployeeSpells(pqxx::work& tx, const std::string& employer_id,
                                         const std::string& identity_hash);
void LinkSpellsToWatch(pqxx::work& tx, const std::vector<std::string>& spell_ids,
                       const std::string& watch_id);
void SoftDeleteSpell(pqxx::work& tx, const std::string& id);

struct SpellFilter {
  std::string employer_id;
  std::string unit_id;
  std::string rehab_watch_id;
  std::string start_from, start_to;  // ISO, inclusive
  bool show_deleted = false;
};
// Spells the viewer may see (its employer; a manager its unit), newest start first, then id,
// after the keyset `after` ({start_date, id}), at most `limit`.
std::vector<SpellRow> ListVisibleSpells(pqxx::work& tx, const Viewer& viewer, const SpellFilter& f,
                                        const std::vector<std::string>& after, int limit);

// Watches.
void InsertWatch(pqxx::work& tx, const WatchRow& row);
std::optional<WatchRow> LoadWatch(pqxx::work& tx, const std::string& id, bool lock);
// The watch in force (OPEN or ACTIVE) for this employee at this employer, locked.
std::optional<WatchRow> LoadWatchInForce(pqxx::work& tx, const std::string& employer_id,
                                         const std::string& identity_hash);
// Writes the signal columns (trigger, spell_count, window) and bumps the version.
void UpdateWatchSignal(pqxx::work& tx, const WatchRow& row);
// Writes unit, name and notes and bumps the version.
void UpdateWatchAttributes(pqxx::work& tx, const WatchRow& row);
// Writes state, case and notes; sets close_time when `closed`; bumps the version.
void SetWatchState(pqxx::work& tx, const WatchRow& row, bool closed);

struct WatchFilter {
  std::string employer_id;
  std::string unit_id;
  std::vector<int> states;
};
// Newest first, then id, after {create_micros, id}.
std::vector<WatchRow> ListVisibleWatches(pqxx::work& tx, const Viewer& viewer,
                                         const WatchFilter& f,
                                         const std::vector<std::string>& after, int limit);

}  // namespace collab::cases
