#pragma once

#include <cstdint>
#include <map>
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
  std::optional<int64_t> erase_micros;  // personal_data_erase_time (gallring)
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
  std::optional<int64_t> erase_micros;  // personal_data_erase_time (gallring)
};

void PrepareRehabWatchStatements(pqxx::connection& conn);

// Spells.
void InsertSpell(pqxx::work& tx, const SpellRow& row);
std::optional<SpellRow> LoadSpell(pqxx::work& tx, const std::string& id, bool lock);
struct EmployeeSpell {
  SpellRow row;
  int watch_state = 0;  // collab.cases.v1.RehabWatchState of rehab_watch_id; 0: no watch
};
// Live spells of one employee (by keyed hash) at one employer, by start date, each with the
// state of the watch it belongs to.
std::vector<EmployeeSpell> ListEmployeeSpells(pqxx::work& tx, const std::string& employer_id,
                                              const std::string& identity_hash);
// Links those of `spell_ids` that belong to no watch yet to `watch_id`. A spell keeps the first
// watch it was linked to: a CLOSED or ESCALATED watch's spells are its history and go with its
// erasure (case_erase.h), and the only watch in force a spell could belong to is the one
// `watch_id` names (one per employee and employer, rehab_watches_in_force).
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

// Gallring (RA-FS 2020:1; domain/retention.h; migrations/0008_early_signal_retention.sql). The
// erase itself is case_erase.h EraseWatchData / EraseSpellData.

// The row locked FOR UPDATE SKIP LOCKED: nullopt also when another transaction holds it.
std::optional<SpellRow> LockSpellIfFree(pqxx::work& tx, const std::string& id);
std::optional<WatchRow> LockWatchIfFree(pqxx::work& tx, const std::string& id);
// Blanks the identity cipher (and, for a watch, name and notes), replaces the keyed identity hash
// with `unlinkable_hash` (random: the row is no longer found by the number nor linkable to other
// rows of the person), masks the number fully, sets personal_data_erase_time and bumps the
// version. Dates, counts, trigger, state and links stay.
void EraseSpellPersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash);
void EraseWatchPersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash);
// The spells of a watch whose personal data are not erased (deleted ones too), locked FOR
// UPDATE, by id.
std::vector<SpellRow> LockUnerasedSpellsOfWatch(pqxx::work& tx, const std::string& watch_id);
// The watches escalated into a case whose personal data are not erased, by id (not locked).
std::vector<WatchRow> ListUnerasedWatchesOfCase(pqxx::work& tx, const std::string& case_id);
// The end dates (ISO) of the live spells of each of `watch_ids`.
std::map<std::string, std::vector<std::string>> LiveSpellEndsOfWatches(
    pqxx::work& tx, const std::vector<std::string>& watch_ids);

// A page of spell candidates: not erased, ending before `ended_before` (ISO day), in (end_date,
// id) order after `after` (nullptr: from the start), at most `limit`, with the state and close
// time of the watch each belongs to (absence_spells_retention, 0008). Spells of a watch that is
// not CLOSED (in force or escalated: never due on their own) are left out.
struct SpellRetentionCandidate {
  std::string id;
  std::string end_date;  // ISO; also the keyset cursor
  int watch_state = 0;   // 0: no watch
  std::optional<int64_t> watch_close_micros;
};
std::vector<SpellRetentionCandidate> ListSpellRetentionCandidates(pqxx::work& tx,
                                                                  const std::string& ended_before,
                                                                  const SpellRetentionCandidate* after,
                                                                  int limit);
// A page of CLOSED watches not erased, closed before the Swedish midnight starting
// `closed_before` (ISO day), in (close_time, id) order (rehab_watches_retention, 0008).
struct WatchRetentionCandidate {
  std::string id;
  int64_t close_micros = 0;
  std::string cursor;  // close_time as text, exact, for the keyset
};
std::vector<WatchRetentionCandidate> ListWatchRetentionCandidates(pqxx::work& tx,
                                                                  const std::string& closed_before,
                                                                  const WatchRetentionCandidate* after,
                                                                  int limit);
// ESCALATED watches not erased whose case's personal data are erased (the case was erased before
// watches went with it), by id after `after_id` (empty: from the start), at most `limit`.
std::vector<std::string> ListEscalatedWatchesOfErasedCases(pqxx::work& tx, const std::string& after_id,
                                                           int limit);

}  // namespace collab::cases
