#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "collab/cases/v1/rehab_watch.pb.h"
#include "services/cases/domain/visibility.h"
#include "services/cases/keys.h"
#include "services/cases/rehab_watch_store.h"

// Early-signal rows as the API shows them, who sees them, and how their identity numbers are
// sealed. Employer side only (rehab_watch.proto): FK is not involved, so only EMPLOYER_HR (its
// organisation) and EMPLOYER_MANAGER (its unit) see spells and watches; others get NOT_FOUND.
namespace collab::cases {

namespace v1 = collab::cases::v1;

std::string SpellName(const std::string& id);  // absenceSpells/{id}
std::string WatchName(const std::string& id);  // rehabWatches/{id}

// domain/visibility.h applied to an employer-side row: the case rules with only the employer
// and unit known, which admit HR of the employer and a manager of the unit, nobody else.
CaseVisibility EarlySignalVisibility(const Viewer& viewer, const std::string& employer_id,
                                     const std::string& unit_id);

// An identity number parsed (domain/identity_number.h), encrypted under the identity key with
// associated data `aad` (the row's resource name), its keyed hash and its mask.
struct SealedIdentity {
  std::string cipher;
  std::string hash;
  std::string mask;
};
// INVALID_ARGUMENT naming `field` (never echoing the number).
absl::StatusOr<SealedIdentity> SealIdentity(const std::string& input, const std::string& field,
                                            const CaseKeys& keys, const std::string& aad,
                                            absl::CivilDay today);
// Re-encrypts a sealed identity for another row (a spell's number for the watch it opens).
absl::StatusOr<SealedIdentity> ResealIdentity(const std::string& cipher, const std::string& from_aad,
                                              const std::string& hash, const std::string& mask,
                                              const CaseKeys& keys, const std::string& to_aad);

std::string WatchDisplayNameAad(const std::string& id);
std::string WatchNotesAad(const std::string& id);

v1::AbsenceSpell RenderSpell(const SpellRow& row);

struct RenderedWatch {
  v1::RehabWatch proto;
  std::vector<std::string> fields_read;  // personal fields disclosed, for the audit row
};
// DATA_LOSS when a ciphertext does not verify.
absl::StatusOr<RenderedWatch> RenderWatch(const WatchRow& row, const CaseKeys& keys);

}  // namespace collab::cases
