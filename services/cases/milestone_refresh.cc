#include "services/cases/milestone_refresh.h"

#include "absl/strings/str_cat.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/dates.h"
#include "libs/common/status_macros.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/milestone_store.h"
#include "services/cases/milestone_view.h"

namespace collab::cases {
namespace {

// Appends MilestoneMissed unless it was emitted for this milestone before (see the header).
// True when this call emitted it.
absl::StatusOr<bool> EmitMissedOnce(pqxx::work& tx, const std::string& case_id,
                                    const std::string& employer_id, int kind,
                                    const std::string& window_start, absl::CivilDay due) {
  if (!InsertMilestoneMissed(tx, case_id, kind, window_start, ToIsoDate(due))) return false;
  collab::events::v1::MilestoneMissed e;
  e.set_case_name(absl::StrCat("cases/", case_id));
  e.set_employer(absl::StrCat("organisations/", employer_id));
  e.set_kind(static_cast<v1::MilestoneKind>(kind));
  *e.mutable_due_date() = FromCivilDay(due);
  RETURN_IF_ERROR(db::AppendEvent(tx, "collab.events.v1.MilestoneMissed", case_id, e).status());
  return true;
}

}  // namespace

absl::Status RefreshMilestones(pqxx::work& tx, const CaseRow& row, const CaseMilestones& all) {
  // A closed case has nothing left to meet (its writes are refused): it leaves the overdue lists
  // and the sweep, and a reopening brings its milestones back.
  if (row.status == v1::CASE_STATUS_CLOSED) {
    ReplaceOpenMilestones(tx, row.id, {});
    return absl::OkStatus();
  }
  std::vector<OpenMilestoneRow> open;
  for (const Milestone& m : all.milestones) {
    if (m.state == MilestoneState::kMet || m.state == MilestoneState::kWaived) continue;
    OpenMilestoneRow r;
    r.kind = ProtoKind(m.kind);
    r.milestone_id = std::string(MilestoneId(m.kind));
    r.due_chain_day = m.due_chain_day;
    r.window_start = ToIsoDate(m.window_start);
    r.due_date = ToIsoDate(m.due_date);
    if (m.state == MilestoneState::kOverdue) {
      RETURN_IF_ERROR(EmitMissedOnce(tx, row.id, row.employer_id, r.kind, r.window_start,
                                     m.due_date).status());
    }
    open.push_back(std::move(r));
  }
  ReplaceOpenMilestones(tx, row.id, open);
  return absl::OkStatus();
}

absl::Status RefreshMilestones(pqxx::work& tx, const CaseRow& row, absl::CivilDay today) {
  // A closed case keeps no open milestones whatever its rows say: don't load them.
  if (row.status == v1::CASE_STATUS_CLOSED) return RefreshMilestones(tx, row, CaseMilestones{});
  ASSIGN_OR_RETURN(CaseMilestones all, LoadCaseMilestones(tx, row, today));
  return RefreshMilestones(tx, row, all);
}

absl::StatusOr<int> BackfillOpenMilestones(db::ConnectionPool& pool, absl::CivilDay today,
                                           int batch) {
  int refreshed = 0;
  for (;;) {
    int in_batch = 0;
    absl::Status s = db::RunInTransaction(pool, db::TxOptions{}, [&](pqxx::work& tx) -> absl::Status {
      in_batch = 0;  // a retried transaction counts afresh
      for (const std::string& id : LockUnrefreshedCases(tx, batch)) {
        std::optional<CaseRow> row = LoadCase(tx, id, /*lock=*/false);  // locked above
        if (!row) continue;
        RETURN_IF_ERROR(RefreshMilestones(tx, *row, today));
        MarkCaseRefreshed(tx, id);
        ++in_batch;
      }
      return absl::OkStatus();
    });
    RETURN_IF_ERROR(s);
    refreshed += in_batch;
    if (in_batch < batch) return refreshed;
  }
}

absl::StatusOr<int> SweepMissedMilestones(db::ConnectionPool& pool, absl::CivilDay today,
                                          int batch) {
  int emitted = 0;
  for (;;) {
    int seen = 0, fresh_in_batch = 0;
    absl::Status s = db::RunInTransaction(pool, db::TxOptions{}, [&](pqxx::work& tx) -> absl::Status {
      std::vector<OpenMilestoneRow> rows = ListUnreportedMissed(tx, ToIsoDate(today), batch);
      seen = static_cast<int>(rows.size());
      fresh_in_batch = 0;  // a retried transaction counts afresh
      for (const OpenMilestoneRow& m : rows) {
        ASSIGN_OR_RETURN(bool fresh, EmitMissedOnce(tx, m.case_id, m.employer_id, m.kind,
                                                    m.window_start, *ParseIsoDate(m.due_date)));
        if (fresh) ++fresh_in_batch;
      }
      return absl::OkStatus();
    });
    RETURN_IF_ERROR(s);
    emitted += fresh_in_batch;
    if (seen < batch) return emitted;
  }
}

}  // namespace collab::cases
