#include "libs/db/sql_params.h"
#include "services/cases/rehab_watch_store.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the store's parameter and field conversions

bool Has(const Viewer& v, Role r) { return std::find(v.roles.begin(), v.roles.end(), r) != v.roles.end(); }

// Employer side only (rehab_watch.proto): HR its organisation, a manager its unit. $1 HR,
// $2 manager, $3 organisation, $4 unit.
constexpr char kEmployerSees[] =
    "(($1::boolean AND employer_id = $3::uuid) "
    " OR ($2::boolean AND employer_id = $3::uuid AND unit_id = $4::uuid))";
Params ViewerParams(const Viewer& v) {
  return {Bool(Has(v, Role::kEmployerHr)), Bool(Has(v, Role::kEmployerManager)),
          UuidOrNull(v.organisation_id), UuidOrNull(v.unit_id)};
}

constexpr char kSpellCols[] =
    "id::text, employer_id::text, unit_id::text, identity_cipher, identity_hash, identity_mask, "
    "start_date::text, end_date::text, rehab_watch_id::text, " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("delete_time") ", version, " COLLAB_SQL_MICROS("personal_data_erase_time");

SpellRow SpellFromRow(const pqxx::row& r) {
  SpellRow s;
  s.id = Text(r[0]);
  s.employer_id = Text(r[1]);
  s.unit_id = Text(r[2]);
  s.identity_cipher = Bytes(r[3]);
  s.identity_hash = Bytes(r[4]);
  s.identity_mask = Text(r[5]);
  s.start_date = Text(r[6]);
  s.end_date = Text(r[7]);
  s.rehab_watch_id = Text(r[8]);
  s.create_micros = r[9].as<int64_t>();
  s.delete_micros = OptMicros(r[10]);
  s.version = r[11].as<int64_t>();
  s.erase_micros = OptMicros(r[12]);
  return s;
}

constexpr char kWatchCols[] =
    "id::text, employer_id::text, unit_id::text, identity_cipher, identity_hash, identity_mask, "
    "name_cipher, trigger, spell_count, window_start::text, window_end::text, state, "
    "notes_cipher, case_id::text, " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("update_time") ", "
    COLLAB_SQL_MICROS("close_time") ", version, " COLLAB_SQL_MICROS("personal_data_erase_time");

WatchRow WatchFromRow(const pqxx::row& r) {
  WatchRow w;
  w.id = Text(r[0]);
  w.employer_id = Text(r[1]);
  w.unit_id = Text(r[2]);
  w.identity_cipher = Bytes(r[3]);
  w.identity_hash = Bytes(r[4]);
  w.identity_mask = Text(r[5]);
  w.name_cipher = Bytes(r[6]);
  w.trigger = r[7].as<int>();
  w.spell_count = r[8].as<int>();
  w.window_start = Text(r[9]);
  w.window_end = Text(r[10]);
  w.state = r[11].as<int>();
  w.notes_cipher = Bytes(r[12]);
  w.case_id = Text(r[13]);
  w.create_micros = r[14].as<int64_t>();
  w.update_micros = r[15].as<int64_t>();
  w.close_micros = OptMicros(r[16]);
  w.version = r[17].as<int64_t>();
  w.erase_micros = OptMicros(r[18]);
  return w;
}

}  // namespace

void PrepareRehabWatchStatements(pqxx::connection& conn) {
  const std::string spell = kSpellCols;
  const std::string watch = kWatchCols;
  const std::string sees = kEmployerSees;
  conn.prepare("spell_insert",
               "INSERT INTO absence_spells (id, employer_id, unit_id, identity_cipher, "
               "identity_hash, identity_mask, start_date, end_date) "
               "VALUES ($1, $2, $3, $4::bytea, $5::bytea, $6, $7, $8)");
  conn.prepare("spell_get", "SELECT " + spell + " FROM absence_spells WHERE id = $1");
  conn.prepare("spell_lock", "SELECT " + spell + " FROM absence_spells WHERE id = $1 FOR UPDATE");
  conn.prepare("spell_of_employee",
               "SELECT " + spell + ", (SELECT w.state FROM rehab_watches w "
               "WHERE w.id = absence_spells.rehab_watch_id) FROM absence_spells WHERE employer_id = $1 "
               "AND identity_hash = $2::bytea AND delete_time IS NULL ORDER BY start_date, id");
  // Never relinks (rehab_watch_store.h LinkSpellsToWatch): only spells of no watch yet.
  conn.prepare("spell_link",
               "UPDATE absence_spells SET rehab_watch_id = $2, version = version + 1 "
               "WHERE id = ANY ($1::uuid[]) AND rehab_watch_id IS NULL");
  conn.prepare("spell_delete",
               "UPDATE absence_spells SET delete_time = now(), version = version + 1 "
               "WHERE id = $1 AND delete_time IS NULL");
  conn.prepare("spell_list",
               "SELECT " + spell + " FROM absence_spells WHERE " + sees +
                   " AND ($5::uuid IS NULL OR employer_id = $5::uuid)"
                   " AND ($6::uuid IS NULL OR unit_id = $6::uuid)"
                   " AND ($7::uuid IS NULL OR rehab_watch_id = $7::uuid)"
                   " AND ($8::date IS NULL OR start_date >= $8::date)"
                   " AND ($9::date IS NULL OR start_date <= $9::date)"
                   " AND ($10::boolean OR delete_time IS NULL)"
                   " AND ($11::date IS NULL OR start_date < $11::date"
                   "      OR (start_date = $11::date AND id > $12::uuid))"
                   " ORDER BY start_date DESC, id LIMIT $13");
  conn.prepare("watch_insert",
               "INSERT INTO rehab_watches (id, employer_id, unit_id, identity_cipher, "
               "identity_hash, identity_mask, name_cipher, trigger, spell_count, window_start, "
               "window_end, state, notes_cipher) VALUES ($1, $2, $3, $4::bytea, $5::bytea, $6, "
               "$7::bytea, $8, $9, $10, $11, $12, $13::bytea)");
  conn.prepare("watch_get", "SELECT " + watch + " FROM rehab_watches WHERE id = $1");
  conn.prepare("watch_lock", "SELECT " + watch + " FROM rehab_watches WHERE id = $1 FOR UPDATE");
  conn.prepare("watch_in_force",
               "SELECT " + watch + " FROM rehab_watches WHERE employer_id = $1 AND "
               "identity_hash = $2::bytea AND state IN (1, 2) FOR UPDATE");
  conn.prepare("watch_signal",
               "UPDATE rehab_watches SET trigger = $2, spell_count = $3, window_start = $4, "
               "window_end = $5, update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("watch_attributes",
               "UPDATE rehab_watches SET unit_id = $2, name_cipher = $3::bytea, "
               "notes_cipher = $4::bytea, update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("watch_state",
               "UPDATE rehab_watches SET state = $2, case_id = $3, notes_cipher = $4::bytea, "
               "close_time = CASE WHEN $5::boolean THEN now() END, update_time = now(), "
               "version = version + 1 WHERE id = $1");
  conn.prepare("watch_list",
               "SELECT " + watch + " FROM rehab_watches WHERE " + sees +
                   " AND ($5::uuid IS NULL OR employer_id = $5::uuid)"
                   " AND ($6::uuid IS NULL OR unit_id = $6::uuid)"
                   " AND ($7::smallint[] IS NULL OR state = ANY ($7::smallint[]))"
                   " AND ($8::bigint IS NULL OR " COLLAB_SQL_MICROS("create_time") " < $8::bigint"
                   "      OR (" COLLAB_SQL_MICROS("create_time") " = $8::bigint AND id > $9::uuid))"
                   " ORDER BY create_time DESC, id LIMIT $10");
  // Gallring (0008_early_signal_retention.sql). The mask is the one an erased case shows.
  conn.prepare("spell_lock_if_free",
               "SELECT " + spell + " FROM absence_spells WHERE id = $1 FOR UPDATE SKIP LOCKED");
  conn.prepare("watch_lock_if_free",
               "SELECT " + watch + " FROM rehab_watches WHERE id = $1 FOR UPDATE SKIP LOCKED");
  conn.prepare("spell_erase",
               "UPDATE absence_spells SET identity_cipher = ''::bytea, identity_hash = $2::bytea, "
               "identity_mask = '********-****', personal_data_erase_time = now(), "
               "version = version + 1 WHERE id = $1");
  conn.prepare("watch_erase",
               "UPDATE rehab_watches SET identity_cipher = ''::bytea, identity_hash = $2::bytea, "
               "identity_mask = '********-****', name_cipher = NULL, notes_cipher = NULL, "
               "personal_data_erase_time = now(), update_time = now(), version = version + 1 "
               "WHERE id = $1");
  conn.prepare("spell_unerased_of_watch",
               "SELECT " + spell + " FROM absence_spells WHERE rehab_watch_id = $1 "
               "AND personal_data_erase_time IS NULL ORDER BY id FOR UPDATE");
  // State 4 = ESCALATED, literal as in the partial index rehab_watches_escalated.
  conn.prepare("watch_unerased_of_case",
               "SELECT " + watch + " FROM rehab_watches WHERE case_id = $1 AND state = 4 "
               "AND personal_data_erase_time IS NULL ORDER BY id");
  conn.prepare("spell_live_ends_of_watches",
               "SELECT rehab_watch_id::text, end_date::text FROM absence_spells "
               "WHERE rehab_watch_id = ANY ($1::uuid[]) AND delete_time IS NULL");
  conn.prepare("spell_retention_candidates",
               "SELECT s.id::text, s.end_date::text, w.state, " COLLAB_SQL_MICROS("w.close_time")
               " FROM absence_spells s LEFT JOIN rehab_watches w ON w.id = s.rehab_watch_id "
               "WHERE s.personal_data_erase_time IS NULL AND s.end_date < $1::date "
               // Prefilter (the rule decides): spells of a watch in force or escalated are never
               // due on their own, nor those of a watch closed too recently, so they do not fill
               // the pages or come back every pass.
               "AND (s.rehab_watch_id IS NULL OR (w.state = 3 AND "
               "w.close_time < ($1::date::timestamp AT TIME ZONE 'Europe/Stockholm'))) "
               "AND (s.end_date, s.id) > ($2::date, $3::uuid) "
               "ORDER BY s.end_date, s.id LIMIT $4");
  // 3 = CLOSED, literal as in the partial index rehab_watches_retention.
  conn.prepare("watch_retention_candidates",
               "SELECT w.id::text, " COLLAB_SQL_MICROS("w.close_time") ", w.close_time::text "
               "FROM rehab_watches w "
               "WHERE w.state = 3 AND w.personal_data_erase_time IS NULL "
               "AND w.close_time < ($1::date::timestamp AT TIME ZONE 'Europe/Stockholm') "
               "AND (w.close_time, w.id) > ($2::timestamptz, $3::uuid) "
               "ORDER BY w.close_time, w.id LIMIT $4");
  conn.prepare("watch_escalated_of_erased_cases",
               "SELECT w.id::text FROM rehab_watches w JOIN cases c ON c.id = w.case_id "
               "WHERE w.state = 4 AND w.personal_data_erase_time IS NULL "
               "AND c.personal_data_erase_time IS NOT NULL AND w.id > $1::uuid "
               "ORDER BY w.id LIMIT $2");
}

void InsertSpell(pqxx::work& tx, const SpellRow& s) {
  Exec(tx, "spell_insert",
       {s.id, s.employer_id, OrNull(s.unit_id), HexBytea(s.identity_cipher),
        HexBytea(s.identity_hash), s.identity_mask, s.start_date, s.end_date});
}

std::optional<SpellRow> LoadSpell(pqxx::work& tx, const std::string& id, bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "spell_lock" : "spell_get", {id});
  if (r.empty()) return std::nullopt;
  return SpellFromRow(r[0]);
}

std::vector<EmployeeSpell> ListEmployeeSpells(pqxx::work& tx, const std::string& employer_id,
                                              const std::string& identity_hash) {
  std::vector<EmployeeSpell> out;
  for (const pqxx::row& r : Exec(tx, "spell_of_employee", {employer_id, HexBytea(identity_hash)})) {
    // Column 13, after kSpellCols: the state of the spell's watch.
    out.push_back({SpellFromRow(r), r[13].is_null() ? 0 : r[13].as<int>()});
  }
  return out;
}

void LinkSpellsToWatch(pqxx::work& tx, const std::vector<std::string>& spell_ids,
                       const std::string& watch_id) {
  if (spell_ids.empty()) return;
  Exec(tx, "spell_link", {db::TextArrayLiteral(spell_ids), watch_id});
}

void SoftDeleteSpell(pqxx::work& tx, const std::string& id) { Exec(tx, "spell_delete", {id}); }

std::vector<SpellRow> ListVisibleSpells(pqxx::work& tx, const Viewer& viewer, const SpellFilter& f,
                                        const std::vector<std::string>& after, int limit) {
  const bool has_after = after.size() == 2;
  Params p = ViewerParams(viewer);
  const Params rest = {OrNull(f.employer_id),
                       OrNull(f.unit_id),
                       OrNull(f.rehab_watch_id),
                       OrNull(f.start_from),
                       OrNull(f.start_to),
                       Bool(f.show_deleted),
                       has_after ? std::optional<std::string>(after[0]) : std::nullopt,
                       has_after ? std::optional<std::string>(after[1]) : std::nullopt,
                       std::to_string(limit)};
  p.insert(p.end(), rest.begin(), rest.end());
  std::vector<SpellRow> out;
  for (const pqxx::row& r : Exec(tx, "spell_list", p)) out.push_back(SpellFromRow(r));
  return out;
}

void InsertWatch(pqxx::work& tx, const WatchRow& w) {
  Exec(tx, "watch_insert",
       {w.id, w.employer_id, OrNull(w.unit_id), HexBytea(w.identity_cipher),
        HexBytea(w.identity_hash), w.identity_mask, ByteaOrNull(w.name_cipher),
        std::to_string(w.trigger), std::to_string(w.spell_count), OrNull(w.window_start),
        OrNull(w.window_end), std::to_string(w.state), ByteaOrNull(w.notes_cipher)});
}

std::optional<WatchRow> LoadWatch(pqxx::work& tx, const std::string& id, bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "watch_lock" : "watch_get", {id});
  if (r.empty()) return std::nullopt;
  return WatchFromRow(r[0]);
}

std::optional<WatchRow> LoadWatchInForce(pqxx::work& tx, const std::string& employer_id,
                                         const std::string& identity_hash) {
  pqxx::result r = Exec(tx, "watch_in_force", {employer_id, HexBytea(identity_hash)});
  if (r.empty()) return std::nullopt;
  return WatchFromRow(r[0]);
}

void UpdateWatchSignal(pqxx::work& tx, const WatchRow& w) {
  Exec(tx, "watch_signal", {w.id, std::to_string(w.trigger), std::to_string(w.spell_count),
                            OrNull(w.window_start), OrNull(w.window_end)});
}

void UpdateWatchAttributes(pqxx::work& tx, const WatchRow& w) {
  Exec(tx, "watch_attributes",
       {w.id, OrNull(w.unit_id), ByteaOrNull(w.name_cipher), ByteaOrNull(w.notes_cipher)});
}

void SetWatchState(pqxx::work& tx, const WatchRow& w, bool closed) {
  Exec(tx, "watch_state", {w.id, std::to_string(w.state), OrNull(w.case_id),
                           ByteaOrNull(w.notes_cipher), Bool(closed)});
}

std::optional<SpellRow> LockSpellIfFree(pqxx::work& tx, const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "spell_lock_if_free", {id});
  if (r.empty()) return std::nullopt;
  return SpellFromRow(r[0]);
}

std::optional<WatchRow> LockWatchIfFree(pqxx::work& tx, const std::string& id) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, "watch_lock_if_free", {id});
  if (r.empty()) return std::nullopt;
  return WatchFromRow(r[0]);
}

void EraseSpellPersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash) {
  Exec(tx, "spell_erase", {id, HexBytea(unlinkable_hash)});
}

void EraseWatchPersonalData(pqxx::work& tx, const std::string& id, const std::string& unlinkable_hash) {
  Exec(tx, "watch_erase", {id, HexBytea(unlinkable_hash)});
}

std::vector<SpellRow> LockUnerasedSpellsOfWatch(pqxx::work& tx, const std::string& watch_id) {
  std::vector<SpellRow> out;
  for (const pqxx::row& r : Exec(tx, "spell_unerased_of_watch", {watch_id})) out.push_back(SpellFromRow(r));
  return out;
}

std::vector<WatchRow> ListUnerasedWatchesOfCase(pqxx::work& tx, const std::string& case_id) {
  std::vector<WatchRow> out;
  for (const pqxx::row& r : Exec(tx, "watch_unerased_of_case", {case_id})) out.push_back(WatchFromRow(r));
  return out;
}

std::map<std::string, std::vector<std::string>> LiveSpellEndsOfWatches(
    pqxx::work& tx, const std::vector<std::string>& watch_ids) {
  std::map<std::string, std::vector<std::string>> out;
  if (watch_ids.empty()) return out;
  for (const pqxx::row& r : Exec(tx, "spell_live_ends_of_watches",
                                 {db::TextArrayLiteral(watch_ids)})) {
    out[Text(r[0])].push_back(Text(r[1]));
  }
  return out;
}

std::vector<SpellRetentionCandidate> ListSpellRetentionCandidates(pqxx::work& tx,
                                                                  const std::string& ended_before,
                                                                  const SpellRetentionCandidate* after,
                                                                  int limit) {
  std::vector<SpellRetentionCandidate> out;
  pqxx::result r = Exec(tx, "spell_retention_candidates",
                        {ended_before, after ? after->end_date : "-infinity",
                         after ? after->id : "00000000-0000-0000-0000-000000000000",
                         std::to_string(limit)});
  for (const pqxx::row& row : r) {
    out.push_back({Text(row[0]), Text(row[1]), row[2].is_null() ? 0 : row[2].as<int>(), OptMicros(row[3])});
  }
  return out;
}

std::vector<WatchRetentionCandidate> ListWatchRetentionCandidates(pqxx::work& tx,
                                                                  const std::string& closed_before,
                                                                  const WatchRetentionCandidate* after,
                                                                  int limit) {
  std::vector<WatchRetentionCandidate> out;
  pqxx::result r = Exec(tx, "watch_retention_candidates",
                        {closed_before, after ? after->cursor : "-infinity",
                         after ? after->id : "00000000-0000-0000-0000-000000000000",
                         std::to_string(limit)});
  for (const pqxx::row& row : r) out.push_back({Text(row[0]), row[1].as<int64_t>(), Text(row[2])});
  return out;
}

std::vector<std::string> ListEscalatedWatchesOfErasedCases(pqxx::work& tx, const std::string& after_id,
                                                           int limit) {
  std::vector<std::string> out;
  for (const pqxx::row& r : Exec(tx, "watch_escalated_of_erased_cases",
                                 {after_id.empty() ? "00000000-0000-0000-0000-000000000000" : after_id,
                                  std::to_string(limit)})) {
    out.push_back(Text(r[0]));
  }
  return out;
}

std::vector<WatchRow> ListVisibleWatches(pqxx::work& tx, const Viewer& viewer,
                                         const WatchFilter& f,
                                         const std::vector<std::string>& after, int limit) {
  const bool has_after = after.size() == 2;
  Params p = ViewerParams(viewer);
  const Params rest = {
      OrNull(f.employer_id),
      OrNull(f.unit_id),
      f.states.empty() ? std::nullopt
                       : std::optional<std::string>(db::IntArrayLiteral(f.states)),
      has_after ? std::optional<std::string>(after[0]) : std::nullopt,
      has_after ? std::optional<std::string>(after[1]) : std::nullopt,
      std::to_string(limit)};
  p.insert(p.end(), rest.begin(), rest.end());
  std::vector<WatchRow> out;
  for (const pqxx::row& r : Exec(tx, "watch_list", p)) out.push_back(WatchFromRow(r));
  return out;
}

}  // namespace collab::cases
