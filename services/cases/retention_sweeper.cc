#include "services/cases/retention_sweeper.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/common/logging.h"
#include "libs/common/status_macros.h"
#include "libs/db/transaction.h"
#include "services/cases/case_erase.h"
#include "services/cases/case_store.h"
#include "services/cases/case_validation.h"
#include "services/cases/period_store.h"

ABSL_FLAG(absl::Duration, retention_sweep_interval, absl::Hours(1),
          "How often collab-cases erases the personal data of closed cases due for gallring "
          "(RA-FS 2020:1, --retention_years after the last sick-leave period or the close); "
          "0 disables the sweep.");
ABSL_FLAG(int, retention_years, collab::cases::kDefaultRetentionYears,
          "Years after the end of a closed case's last sick-leave period (or its close, if "
          "later) when the retention sweep erases its personal data (RA-FS 2020:1: 2).");

namespace collab::cases {
namespace {

RetentionFacts FactsOf(const CaseRow& row, const std::vector<PeriodRow>& periods) {
  RetentionFacts f;
  f.closed = row.status == v1::CASE_STATUS_CLOSED && row.close_micros.has_value();
  f.erased = row.erase_micros.has_value();
  if (row.close_micros) f.close_day = SwedishDay(absl::FromUnixMicros(*row.close_micros));
  for (const PeriodRow& p : periods) {
    if (!p.delete_micros) f.periods.push_back(ToDomain(p));
  }
  return f;
}

enum class Outcome { kErased, kSkipped };

// One case, in its own transaction: lock it unless another transaction holds it, apply the rule
// to it as it stands, erase it as the retention job.
absl::StatusOr<Outcome> EraseIfDue(db::ConnectionPool& pool, const rpc::CallContext& call,
                                   const std::string& id, absl::CivilDay today, int years) {
  return db::RunInTransaction<Outcome>(pool, db::TxOptions{}, [&](pqxx::work& tx) -> absl::StatusOr<Outcome> {
    std::optional<CaseRow> row = LockCaseIfFree(tx, id);
    if (!row) return Outcome::kSkipped;
    if (!IsDueForGallring(FactsOf(*row, ListPeriods(tx, id, /*show_deleted=*/false)), years, today)) {
      return Outcome::kSkipped;
    }
    ASSIGN_OR_RETURN(bool erased, EraseCaseData(tx, call, *row, kRetentionAuditBasis));
    return erased ? Outcome::kErased : Outcome::kSkipped;
  });
}

}  // namespace

absl::StatusOr<RetentionSweepResult> SweepRetention(db::ConnectionPool& pool, absl::CivilDay today,
                                                    const RetentionSweepOptions& options) {
  RetentionSweepResult result;
  if (options.years < 1 || options.batch < 1) return result;
  const std::string closed_before = ToIsoDate(FirstCloseDayNotDue(today, options.years));
  const rpc::CallContext call{RetentionJobPrincipal(), absl::StrCat("retention-", NewUuid()),
                              absl::InfiniteFuture(), nullptr};
  std::optional<RetentionCandidate> after;
  for (int page = 0; options.max_batches <= 0 || page < options.max_batches; ++page) {
    int seen = 0;
    std::vector<std::string> due;
    db::TxOptions read;
    read.read_only = true;
    absl::Status s = db::RunInTransaction(pool, read, [&](pqxx::work& tx) -> absl::Status {
      std::vector<RetentionCandidate> page_rows =
          ListRetentionCandidates(tx, closed_before, after ? &*after : nullptr, options.batch);
      seen = static_cast<int>(page_rows.size());
      due.clear();  // a retried transaction starts afresh
      std::vector<std::string> ids;
      for (const RetentionCandidate& c : page_rows) ids.push_back(c.id);
      std::map<std::string, std::vector<PeriodRow>> periods = ListLivePeriodsOfCases(tx, ids);
      for (const RetentionCandidate& c : page_rows) {
        CaseRow row;
        row.status = v1::CASE_STATUS_CLOSED;
        row.close_micros = c.close_micros;
        if (IsDueForGallring(FactsOf(row, periods[c.id]), options.years, today)) due.push_back(c.id);
      }
      if (!page_rows.empty()) after = page_rows.back();
      return absl::OkStatus();
    });
    RETURN_IF_ERROR(s);
    for (const std::string& id : due) {
      if (options.stopping && options.stopping()) return result;
      absl::StatusOr<Outcome> outcome = EraseIfDue(pool, call, id, today, options.years);
      if (!outcome.ok()) {
        ++result.failed;
        log::Error("retention erase failed", {{"case_id", id},
                                              {"code", absl::StatusCodeToString(outcome.status().code())},
                                              {"error", std::string(outcome.status().message())}});
      } else if (*outcome == Outcome::kErased) {
        ++result.erased;
      } else {
        ++result.skipped;
      }
    }
    if (seen < options.batch) break;
  }
  return result;
}

RetentionSweeper::RetentionSweeper(db::ConnectionPool& pool, absl::Duration interval, int years)
    : pool_(pool), interval_(interval), years_(years) {
  if (interval_ <= absl::ZeroDuration()) return;
  if (years_ < 1) {
    log::Error("retention sweep not started: --retention_years must be at least 1",
               {{"retention_years", years_}});
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

RetentionSweeper::~RetentionSweeper() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

absl::Duration RetentionSweeper::IntervalFromFlags() {
  return absl::GetFlag(FLAGS_retention_sweep_interval);
}

int RetentionSweeper::YearsFromFlags() { return absl::GetFlag(FLAGS_retention_years); }

void RetentionSweeper::Loop() {
  RetentionSweepOptions options;
  options.years = years_;
  options.stopping = [this] {
    absl::MutexLock lock(&mu_);
    return stop_;
  };
  for (;;) {
    absl::StatusOr<RetentionSweepResult> swept = SweepRetention(pool_, SwedishToday(), options);
    if (!swept.ok()) {
      log::Error("retention sweep failed", {{"error", std::string(swept.status().message())}});
    } else if (swept->erased > 0 || swept->failed > 0) {
      log::Info("retention sweep", {{"erased", std::to_string(swept->erased)},
                                    {"failed", std::to_string(swept->failed)},
                                    {"skipped", std::to_string(swept->skipped)}});
    }
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stop_), interval_)) return;
  }
}

}  // namespace collab::cases
