#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "collab/cases/v1/case.pb.h"
#include "libs/auth/principal.h"
#include "services/cases/case_store.h"
#include "services/cases/domain/visibility.h"
#include "services/cases/keys.h"
#include "services/cases/milestone_view.h"

// From a stored case row to what one caller may see of it (domain/visibility.h applied exactly):
// restricted fields withheld unless the role or a consent in force allows them, the name and
// the masked identity number withheld under protected identity, the identity number itself
// never returned.
namespace collab::cases {

namespace v1 = collab::cases::v1;

Viewer ViewerOf(const auth::Principal& principal);
CaseAccessFacts FactsOf(const CaseRow& row);

struct RenderedCase {
  v1::Case proto;
  // Personal and restricted fields disclosed, for the audit row.
  std::vector<std::string> fields_read;
};

// DATA_LOSS when a ciphertext does not verify (altered row or wrong key). `progress`: the
// computed fields (milestone_view.h ProgressOf or LoadProgress).
absl::StatusOr<RenderedCase> RenderCase(const CaseRow& row, const CaseVisibility& visibility,
                                        const CaseKeys& keys, absl::CivilDay today,
                                        const CaseProgress& progress);

// Associated data of each encrypted column: the case id, and for other columns the id and the
// column, so a ciphertext cannot be moved to another row or column.
std::string IdentityAad(const std::string& case_id);
std::string NameAad(const std::string& case_id);
std::string NotesAad(const std::string& case_id);

// The access basis for the audit row: the role DecideVisibility chose.
std::string AccessBasis(const CaseVisibility& visibility);

}  // namespace collab::cases
