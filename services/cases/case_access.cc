#include "services/cases/case_access.h"

#include "absl/time/clock.h"
#include "services/cases/case_refusal.h"
#include "services/cases/case_view.h"

namespace collab::cases {

absl::StatusOr<VisibleCase> LoadVisibleCase(pqxx::work& tx, const Viewer& viewer,
                                            const std::string& case_id, bool lock) {
  std::optional<CaseRow> row = LoadCase(tx, case_id, lock);
  if (!row) return absl::NotFoundError("case not found");
  auto consents = LoadConsents(tx, {case_id}, viewer.organisation_id);
  CaseVisibility vis = DecideVisibility(viewer, FactsOf(*row), consents[case_id], absl::Now());
  if (!vis.visible) return HiddenCaseError(case_id);  // audited as DENIED (case_refusal.h)
  return VisibleCase{*std::move(row), std::move(vis)};
}

}  // namespace collab::cases
