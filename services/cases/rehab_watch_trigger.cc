#include "services/cases/rehab_watch_trigger.h"

#include <pqxx/pqxx>

#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/cases/domain/rehab_watch.h"
#include "services/cases/rehab_watch_view.h"

namespace collab::cases {

void LockEmployeeSignals(pqxx::work& tx, const std::string& employer_id,
                         const std::string& identity_hash) {
  // The key is a digest of the keyed hash: no identity number reaches the lock table.
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                 crypto::Sha256Hex(employer_id + "/" + identity_hash));
}

namespace {

// The employee's live spells, and each as the domain counts it: a spell of a finished watch
// stays its own and does not count again (domain/rehab_watch.h, Counting: the signal was
// answered; domain.md, "Early signals" and Retention).
struct CountableSpells {
  std::vector<EmployeeSpell> rows;
  std::vector<AbsenceSpell> spells;  // in the order of rows
};

CountableSpells LoadCountableSpells(pqxx::work& tx, const std::string& employer_id,
                                    const std::string& identity_hash) {
  CountableSpells out;
  out.rows = ListEmployeeSpells(tx, employer_id, identity_hash);
  for (const EmployeeSpell& r : out.rows) {
    const bool finished = r.watch_state == v1::REHAB_WATCH_STATE_CLOSED ||
                          r.watch_state == v1::REHAB_WATCH_STATE_ESCALATED;
    out.spells.push_back(
        {*ParseIsoDate(r.row.start_date), *ParseIsoDate(r.row.end_date), finished});
  }
  return out;
}

// The ids of the spells counted in the signal's window: the ones to link to the watch.
std::vector<std::string> CountedSpellIds(const CountableSpells& c, const RehabWatchSignal& signal) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const AbsenceSpell& s = c.spells[i];
    if (!s.of_finished_watch && s.from >= signal.window_start && s.from <= signal.window_end) {
      out.push_back(c.rows[i].row.id);
    }
  }
  return out;
}

// Count and window from the signal; the trigger too, except that a watch opened by hand keeps
// its MANUAL trigger.
void SetSignal(WatchRow& watch, const RehabWatchSignal& signal) {
  // collab.cases.v1.RehabWatchTrigger is the domain enum + 1.
  if (watch.trigger != v1::REHAB_WATCH_TRIGGER_MANUAL) {
    watch.trigger = static_cast<int>(signal.trigger) + 1;
  }
  watch.spell_count = signal.spell_count;
  watch.window_start = ToIsoDate(signal.window_start);
  watch.window_end = ToIsoDate(signal.window_end);
}

// Counts `watch` (in force) again from the employee's spells on `today` (RecountRehabWatch) and
// sets its signal columns; the ids of the spells counted.
std::vector<std::string> Recount(pqxx::work& tx, WatchRow& watch, absl::CivilDay today) {
  const CountableSpells c = LoadCountableSpells(tx, watch.employer_id, watch.identity_hash);
  std::optional<RehabWatchTrigger> trigger;
  if (watch.trigger == v1::REHAB_WATCH_TRIGGER_SIX_SPELLS_IN_12_MONTHS) {
    trigger = RehabWatchTrigger::kSixSpellsIn12Months;
  } else if (watch.trigger == v1::REHAB_WATCH_TRIGGER_THREE_SPELLS_IN_6_MONTHS) {
    trigger = RehabWatchTrigger::kThreeSpellsIn6Months;
  }
  const RehabWatchSignal signal = RecountRehabWatch(c.spells, today, trigger);
  SetSignal(watch, signal);
  return CountedSpellIds(c, signal);
}

}  // namespace

absl::StatusOr<EarlySignalOutcome> ApplyEarlySignal(pqxx::work& tx, const CaseKeys& keys,
                                                    const SpellRow& spell, absl::CivilDay today) {
  // The watch in force first (locked): no spell's watch can finish while the spells are read
  // and linked below (TransitionWatch locks it too, after this lock; CLOSED and ESCALATED are
  // final).
  std::optional<WatchRow> watch = LoadWatchInForce(tx, spell.employer_id, spell.identity_hash);
  const CountableSpells spells = LoadCountableSpells(tx, spell.employer_id, spell.identity_hash);
  std::optional<RehabWatchSignal> signal = EvaluateRehabWatch(spells.spells, today);
  if (!signal) return EarlySignalOutcome{};

  EarlySignalOutcome out;
  if (!watch) {
    WatchRow w;
    w.id = NewUuid();
    ASSIGN_OR_RETURN(SealedIdentity id, ResealIdentity(spell.identity_cipher, SpellName(spell.id),
                                                       spell.identity_hash, spell.identity_mask,
                                                       keys, WatchName(w.id)));
    w.employer_id = spell.employer_id;
    w.unit_id = spell.unit_id;
    w.identity_cipher = id.cipher;
    w.identity_hash = id.hash;
    w.identity_mask = id.mask;
    SetSignal(w, *signal);
    w.state = v1::REHAB_WATCH_STATE_OPEN;
    InsertWatch(tx, w);
    out.opened = true;
    watch = w;
  } else {
    SetSignal(*watch, *signal);
    UpdateWatchSignal(tx, *watch);
  }
  LinkSpellsToWatch(tx, CountedSpellIds(spells, *signal), watch->id);
  out.watch_id = watch->id;
  return out;
}

void InsertManualWatch(pqxx::work& tx, WatchRow& watch, absl::CivilDay today) {
  const std::vector<std::string> counted = Recount(tx, watch, today);
  InsertWatch(tx, watch);
  LinkSpellsToWatch(tx, counted, watch.id);
}

void RecountWatchOfDeletedSpell(pqxx::work& tx, const SpellRow& spell, absl::CivilDay today) {
  if (spell.rehab_watch_id.empty()) return;
  // The only watch in force a spell can belong to is the employee's one (rehab_watch_store.h
  // LinkSpellsToWatch); any other watch of the spell is finished and keeps its record.
  std::optional<WatchRow> watch = LoadWatchInForce(tx, spell.employer_id, spell.identity_hash);
  if (!watch || watch->id != spell.rehab_watch_id) return;
  const std::vector<std::string> counted = Recount(tx, *watch, today);
  UpdateWatchSignal(tx, *watch);
  LinkSpellsToWatch(tx, counted, watch->id);
}

}  // namespace collab::cases
