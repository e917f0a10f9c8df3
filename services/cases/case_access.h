#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/cases/case_store.h"
#include "services/cases/domain/visibility.h"

// Loads a case and decides what the viewer may see of it (domain/visibility.h with the
// consents on record). NOT_FOUND both when the case does not exist and when the viewer may not
// see it (domain.md: a foreign case is never admitted to exist); the latter marked for the
// DENIED audit row (case_refusal.h).
namespace collab::cases {

struct VisibleCase {
  CaseRow row;
  CaseVisibility visibility;
};

absl::StatusOr<VisibleCase> LoadVisibleCase(pqxx::work& tx, const Viewer& viewer,
                                            const std::string& case_id, bool lock);

}  // namespace collab::cases
