#pragma once

#include <string>

#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/cases/keys.h"
#include "services/cases/rehab_watch_store.h"

// The early-signal rule applied on each new absence spell: the employee's spells at the
// employer are evaluated by domain/rehab_watch.h (default 6 spells in 12 months or 3 in 6
// months; domain.md, "Early signals"); when a rule holds, the watch in force for the employee
// is extended (count and window brought up to date) or, if there is none, an OPEN watch is
// opened; the spells of the window are linked to it. Spells of a CLOSED or ESCALATED watch
// neither count nor move (domain/rehab_watch.h, Counting). The same count is taken when a watch
// is opened by hand and when a spell of a watch in force is deleted.
namespace collab::cases {

struct EarlySignalOutcome {
  std::string watch_id;  // empty: no rule holds
  bool opened = false;   // a new watch was opened
};

// Serialises early-signal writers of one employee at one employer (a transaction advisory
// lock), so two spells recorded at once cannot both open a watch. Call before reading spells.
void LockEmployeeSignals(pqxx::work& tx, const std::string& employer_id,
                         const std::string& identity_hash);

// Call in the transaction that inserted `spell`, after LockEmployeeSignals.
absl::StatusOr<EarlySignalOutcome> ApplyEarlySignal(pqxx::work& tx, const CaseKeys& keys,
                                                    const SpellRow& spell, absl::CivilDay today);

// A watch opened by hand (CreateRehabWatch, trigger MANUAL) is counted from the employee's
// spells as a recount (domain/rehab_watch.h RecountRehabWatch), inserted, and the spells counted
// are linked to it: the spells automatic opening would take (not those of a finished watch,
// within the counting window), so its spell_count and ListAbsenceSpells(rehab_watch) agree.
// Call after LockEmployeeSignals, with no watch in force for the employee.
void InsertManualWatch(pqxx::work& tx, WatchRow& watch, absl::CivilDay today);

// After `spell` was soft-deleted in this transaction: the watch it counted towards, while still
// OPEN or ACTIVE, is counted again from the employee's spells left (RecountRehabWatch) and stays
// even below the threshold (case_service.proto, DeleteAbsenceSpell). A CLOSED or ESCALATED watch
// keeps its record. Call after LockEmployeeSignals.
void RecountWatchOfDeletedSpell(pqxx::work& tx, const SpellRow& spell, absl::CivilDay today);

}  // namespace collab::cases
