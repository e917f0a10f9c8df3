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

absl::StatusOr<EarlySignalOutcome> ApplyEarlySignal(pqxx::work& tx, const CaseKeys& keys,
                                                    const SpellRow& spell, absl::CivilDay today) {
  // The watch in force first (locked): no spell's watch can finish while the spells are read
  // and linked below (TransitionWatch locks it too; CLOSED and ESCALATED are final).
  std::optional<WatchRow> watch = LoadWatchInForce(tx, spell.employer_id, spell.identity_hash);
  const std::vector<EmployeeSpell> rows =
      ListEmployeeSpells(tx, spell.employer_id, spell.identity_hash);
  std::vector<AbsenceSpell> spells;
  for (const EmployeeSpell& r : rows) {
    // Spells of a finished watch stay its own and do not count again (domain/rehab_watch.h,
    // Counting: the signal was answered; domain.md, "Early signals" and Retention).
    const bool finished = r.watch_state == v1::REHAB_WATCH_STATE_CLOSED ||
                          r.watch_state == v1::REHAB_WATCH_STATE_ESCALATED;
    spells.push_back({*ParseIsoDate(r.row.start_date), *ParseIsoDate(r.row.end_date), finished});
  }
  std::optional<RehabWatchSignal> signal = EvaluateRehabWatch(spells, today);
  if (!signal) return EarlySignalOutcome{};

  EarlySignalOutcome out;
  // collab.cases.v1.RehabWatchTrigger is the domain enum + 1.
  const int trigger = static_cast<int>(signal->trigger) + 1;
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
    w.trigger = trigger;
    w.spell_count = signal->spell_count;
    w.window_start = ToIsoDate(signal->window_start);
    w.window_end = ToIsoDate(signal->window_end);
    w.state = v1::REHAB_WATCH_STATE_OPEN;
    InsertWatch(tx, w);
    out.opened = true;
    watch = w;
  } else {
    // A watch opened by hand keeps its MANUAL trigger; the count and window follow the spells.
    if (watch->trigger != v1::REHAB_WATCH_TRIGGER_MANUAL) watch->trigger = trigger;
    watch->spell_count = signal->spell_count;
    watch->window_start = ToIsoDate(signal->window_start);
    watch->window_end = ToIsoDate(signal->window_end);
    UpdateWatchSignal(tx, *watch);
  }
  std::vector<std::string> in_window;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!spells[i].of_finished_watch && spells[i].from >= signal->window_start &&
        spells[i].from <= signal->window_end) {
      in_window.push_back(rows[i].row.id);
    }
  }
  LinkSpellsToWatch(tx, in_window, watch->id);
  out.watch_id = watch->id;
  return out;
}

}  // namespace collab::cases
