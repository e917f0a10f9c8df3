#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "services/funding/domain/money.h"

// Corrections (rättelser) of booked ledger entries (utfall). The ledger is append-only
// (budget.proto, LedgerEntry; migrations/0001_init.sql): a booked entry is never edited, and a
// correction is a new entry with a negative amount that names the entry it corrects and takes
// back some or all of what that entry booked. What one entry booked can be taken back once: a
// correction takes back no more than remains of the entry after the corrections before it, in
// amount and, for in-kind time, in hours. More would book a negative cost (or negative working
// time) under the corrected entry's name, and for in-kind time booked without a time report it
// would drive the running total of unbacked hours (domain/balance.h, UnbackedInKindHours;
// BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED) below what is really unbacked, hiding other entries'
// hours (domain.md, "Funding", ESF co-financing: in-kind working time backed by time reports).
namespace collab::funding {

// What an entry booked, or what corrections take back: an amount in the project's currency and,
// for in-kind time, whole hours (0 for cash). A correction states its amount negative and its
// hours as the (non-negative) number of hours it takes back, as LedgerEntry does.
struct Booked {
  Money amount;
  int64_t hours = 0;
};

// The part of a correction that is refused.
enum class CorrectionField {
  kAmount,    // LedgerEntry.amount
  kHours,     // LedgerEntry.in_kind.hours
  kCorrects,  // LedgerEntry.corrects
};

struct CorrectionRefusal {
  CorrectionField field;
  std::string message;
};

// Checks `correction` against the entry it corrects (`corrected`, as booked) and what the earlier
// corrections of that entry took back (`taken_back`: the sum of their amounts, negative or zero,
// and of their hours). Refused, in this order:
// - a correction that is not negative ("a correction is a new entry with a negative amount");
// - a correction of a correction (correct the booked entry itself; a wrong correction is undone
//   by booking the amount again, not by correcting the correction);
// - more hours than remain of the entry: booked hours − hours taken back;
// - more than remains of the entry's amount: booked amount + amounts taken back.
// Taking back exactly what remains is allowed. All amounts are in one currency (the project's).
std::optional<CorrectionRefusal> CheckCorrection(const Booked& corrected, const Booked& taken_back,
                                                 const Booked& correction);

}  // namespace collab::funding
