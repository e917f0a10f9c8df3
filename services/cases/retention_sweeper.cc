#include "services/cases/retention_sweeper.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "collab/cases/v1/rehab_watch.pb.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/common/logging.h"
#include "libs/common/status_macros.h"
#include "libs/db/transaction.h"
#include "services/cases/case_erase.h"
#include "services/cases/case_store.h"
#include "services/cases/case_validation.h"
#include "services/cases/period_store.h"
#include "services/cases/rehab_watch_store.h"
#include "services/cases/rehab_watch_trigger.h"

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

WatchStanding StandingOf(int state) {
  switch (state) {
    case v1::REHAB_WATCH_STATE_CLOSED:
      return WatchStanding::kClosed;
    case v1::REHAB_WATCH_STATE_ESCALATED:
      return WatchStanding::kEscalated;
    default:  // OPEN, ACTIVE; an unknown state is kept as if in force
      return WatchStanding::kInForce;
  }
}

std::optional<absl::CivilDay> DayOf(std::optional<int64_t> micros) {
  if (!micros) return std::nullopt;
  return SwedishDay(absl::FromUnixMicros(*micros));
}

WatchRetentionFacts WatchFactsOf(int state, std::optional<int64_t> close_micros, bool erased,
                                 const std::vector<std::string>& live_spell_ends, bool case_erased) {
  WatchRetentionFacts f;
  f.standing = StandingOf(state);
  f.erased = erased;
  f.close_day = DayOf(close_micros);
  for (const std::string& end : live_spell_ends) {
    if (auto d = ParseIsoDate(end)) f.spell_end_days.push_back(*d);
  }
  f.case_erased = case_erased;
  return f;
}

std::optional<SpellRetentionFacts> SpellFactsOf(const std::string& end_date, bool erased, int watch_state,
                                                std::optional<int64_t> watch_close_micros) {
  std::optional<absl::CivilDay> end = ParseIsoDate(end_date);
  if (!end) return std::nullopt;
  SpellRetentionFacts f;
  f.erased = erased;
  f.end_day = *end;
  if (watch_state != 0) {
    f.watch = StandingOf(watch_state);
    f.watch_close_day = DayOf(watch_close_micros);
  }
  return f;
}

// One case, in its own transaction: lock it unless another transaction holds it, apply the rule
// to it as it stands, erase it (and the watches escalated into it) as the retention job.
absl::StatusOr<Outcome> EraseCaseIfDue(db::ConnectionPool& pool, const rpc::CallContext& call,
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

// One watch, likewise: the employee's early-signal lock first (as the spell writers take it),
// then the row unless another transaction holds it, the rule under the lock, the erase with its
// spells.
absl::StatusOr<Outcome> EraseWatchIfDue(db::ConnectionPool& pool, const rpc::CallContext& call,
                                        const std::string& id, absl::CivilDay today, int years) {
  return db::RunInTransaction<Outcome>(pool, db::TxOptions{}, [&](pqxx::work& tx) -> absl::StatusOr<Outcome> {
    std::optional<WatchRow> peek = LoadWatch(tx, id, /*lock=*/false);
    if (!peek || peek->erase_micros) return Outcome::kSkipped;
    LockEmployeeSignals(tx, peek->employer_id, peek->identity_hash);
    std::optional<WatchRow> row = LockWatchIfFree(tx, id);
    if (!row) return Outcome::kSkipped;
    bool case_erased = false;
    if (row->state == v1::REHAB_WATCH_STATE_ESCALATED && !row->case_id.empty()) {
      std::optional<CaseRow> c = LoadCase(tx, row->case_id, /*lock=*/false);
      case_erased = c && c->erase_micros.has_value();
    }
    const WatchRetentionFacts facts = WatchFactsOf(row->state, row->close_micros, row->erase_micros.has_value(),
                                                   LiveSpellEndsOfWatches(tx, {id})[id], case_erased);
    if (!IsWatchDueForGallring(facts, years, today)) return Outcome::kSkipped;
    ASSIGN_OR_RETURN(bool erased, EraseWatchData(tx, call, *row, kRetentionAuditBasis));
    return erased ? Outcome::kErased : Outcome::kSkipped;
  });
}

// One spell, likewise.
absl::StatusOr<Outcome> EraseSpellIfDue(db::ConnectionPool& pool, const rpc::CallContext& call,
                                        const std::string& id, absl::CivilDay today, int years) {
  return db::RunInTransaction<Outcome>(pool, db::TxOptions{}, [&](pqxx::work& tx) -> absl::StatusOr<Outcome> {
    std::optional<SpellRow> peek = LoadSpell(tx, id, /*lock=*/false);
    if (!peek || peek->erase_micros) return Outcome::kSkipped;
    LockEmployeeSignals(tx, peek->employer_id, peek->identity_hash);
    std::optional<SpellRow> row = LockSpellIfFree(tx, id);
    if (!row) return Outcome::kSkipped;
    int watch_state = 0;
    std::optional<int64_t> watch_close;
    if (!row->rehab_watch_id.empty()) {
      std::optional<WatchRow> watch = LoadWatch(tx, row->rehab_watch_id, /*lock=*/false);
      // A dangling link cannot happen (foreign key); keep the spell if it does.
      if (!watch) return Outcome::kSkipped;
      watch_state = watch->state;
      watch_close = watch->close_micros;
    }
    std::optional<SpellRetentionFacts> facts =
        SpellFactsOf(row->end_date, row->erase_micros.has_value(), watch_state, watch_close);
    if (!facts || !IsSpellDueForGallring(*facts, years, today)) return Outcome::kSkipped;
    ASSIGN_OR_RETURN(bool erased, EraseSpellData(tx, call, *row, kRetentionAuditBasis));
    return erased ? Outcome::kErased : Outcome::kSkipped;
  });
}

// What a pass does with one kind of row: read a page of due ids (read-only transaction; the
// page's last cursor is kept by `read`), erase each in its own transaction, count and log.
struct Kind {
  const char* log_key;  // "case_id", "rehab_watch_id", "absence_spell_id": ids only, never data
  std::function<absl::Status(pqxx::work&, int limit, int& seen, std::vector<std::string>& due)> read;
  std::function<absl::StatusOr<Outcome>(const std::string& id)> erase;
  int* erased;
};

// false: stopped (shutdown); the pass ends.
absl::StatusOr<bool> SweepKind(db::ConnectionPool& pool, const Kind& kind, const RetentionSweepOptions& options,
                               RetentionSweepResult& result) {
  for (int page = 0; options.max_batches <= 0 || page < options.max_batches; ++page) {
    int seen = 0;
    std::vector<std::string> due;
    db::TxOptions read;
    read.read_only = true;
    RETURN_IF_ERROR(db::RunInTransaction(pool, read, [&](pqxx::work& tx) -> absl::Status {
      seen = 0;
      due.clear();  // a retried transaction starts afresh
      return kind.read(tx, options.batch, seen, due);
    }));
    for (const std::string& id : due) {
      if (options.stopping && options.stopping()) return false;
      absl::StatusOr<Outcome> outcome = kind.erase(id);
      if (!outcome.ok()) {
        ++result.failed;
        // The id, the code and the first line of the error only: a database error's later lines
        // (DETAIL) may quote row values.
        const std::string message(outcome.status().message());
        log::Error("retention erase failed", {{kind.log_key, id},
                                              {"code", absl::StatusCodeToString(outcome.status().code())},
                                              {"error", message.substr(0, message.find('\n'))}});
      } else if (*outcome == Outcome::kErased) {
        ++*kind.erased;
      } else {
        ++result.skipped;
      }
    }
    if (seen < options.batch) break;
  }
  return true;
}

}  // namespace

absl::StatusOr<RetentionSweepResult> SweepRetention(db::ConnectionPool& pool, absl::CivilDay today,
                                                    const RetentionSweepOptions& options) {
  static_assert(v1::REHAB_WATCH_STATE_CLOSED == 3 && v1::REHAB_WATCH_STATE_ESCALATED == 4,
                "rehab_watch_store.cc's retention queries name CLOSED as 3 and ESCALATED as 4");
  RetentionSweepResult result;
  if (options.years < 1 || options.batch < 1) return result;
  const int years = options.years;
  // No case closed, watch closed or spell ended on or after this day can be due today.
  const std::string before = ToIsoDate(FirstCloseDayNotDue(today, years));
  const rpc::CallContext call{RetentionJobPrincipal(), absl::StrCat("retention-", NewUuid()),
                              absl::InfiniteFuture(), nullptr};

  // 1. Closed cases, each with the watches escalated into it and their spells.
  std::optional<RetentionCandidate> case_after;
  Kind cases{"case_id",
             [&](pqxx::work& tx, int limit, int& seen, std::vector<std::string>& due) -> absl::Status {
               std::vector<RetentionCandidate> rows =
                   ListRetentionCandidates(tx, before, case_after ? &*case_after : nullptr, limit);
               seen = static_cast<int>(rows.size());
               std::vector<std::string> ids;
               for (const RetentionCandidate& c : rows) ids.push_back(c.id);
               std::map<std::string, std::vector<PeriodRow>> periods = ListLivePeriodsOfCases(tx, ids);
               for (const RetentionCandidate& c : rows) {
                 CaseRow row;
                 row.status = v1::CASE_STATUS_CLOSED;
                 row.close_micros = c.close_micros;
                 if (IsDueForGallring(FactsOf(row, periods[c.id]), years, today)) due.push_back(c.id);
               }
               if (!rows.empty()) case_after = rows.back();
               return absl::OkStatus();
             },
             [&](const std::string& id) { return EraseCaseIfDue(pool, call, id, today, years); },
             &result.erased};
  // 2. Closed watches, each with its spells.
  std::optional<WatchRetentionCandidate> watch_after;
  Kind closed_watches{
      "rehab_watch_id",
      [&](pqxx::work& tx, int limit, int& seen, std::vector<std::string>& due) -> absl::Status {
        std::vector<WatchRetentionCandidate> rows =
            ListWatchRetentionCandidates(tx, before, watch_after ? &*watch_after : nullptr, limit);
        seen = static_cast<int>(rows.size());
        std::vector<std::string> ids;
        for (const WatchRetentionCandidate& w : rows) ids.push_back(w.id);
        std::map<std::string, std::vector<std::string>> ends = LiveSpellEndsOfWatches(tx, ids);
        for (const WatchRetentionCandidate& w : rows) {
          if (IsWatchDueForGallring(WatchFactsOf(v1::REHAB_WATCH_STATE_CLOSED, w.close_micros, false, ends[w.id],
                                                 false),
                                    years, today)) {
            due.push_back(w.id);
          }
        }
        if (!rows.empty()) watch_after = rows.back();
        return absl::OkStatus();
      },
      [&](const std::string& id) { return EraseWatchIfDue(pool, call, id, today, years); },
      &result.watches_erased};
  // 3. Watches escalated into a case erased before they went with it (due at once).
  std::string escalated_after;
  Kind escalated_watches{
      "rehab_watch_id",
      [&](pqxx::work& tx, int limit, int& seen, std::vector<std::string>& due) -> absl::Status {
        due = ListEscalatedWatchesOfErasedCases(tx, escalated_after, limit);
        seen = static_cast<int>(due.size());
        if (!due.empty()) escalated_after = due.back();
        return absl::OkStatus();
      },
      [&](const std::string& id) { return EraseWatchIfDue(pool, call, id, today, years); },
      &result.watches_erased};
  // 4. Spells (alone, or of a closed watch that is not due yet as a whole).
  std::optional<SpellRetentionCandidate> spell_after;
  Kind spells{"absence_spell_id",
              [&](pqxx::work& tx, int limit, int& seen, std::vector<std::string>& due) -> absl::Status {
                std::vector<SpellRetentionCandidate> rows =
                    ListSpellRetentionCandidates(tx, before, spell_after ? &*spell_after : nullptr, limit);
                seen = static_cast<int>(rows.size());
                for (const SpellRetentionCandidate& c : rows) {
                  std::optional<SpellRetentionFacts> f =
                      SpellFactsOf(c.end_date, false, c.watch_state, c.watch_close_micros);
                  if (f && IsSpellDueForGallring(*f, years, today)) due.push_back(c.id);
                }
                if (!rows.empty()) spell_after = rows.back();
                return absl::OkStatus();
              },
              [&](const std::string& id) { return EraseSpellIfDue(pool, call, id, today, years); },
              &result.spells_erased};

  for (const Kind* kind : {&cases, &closed_watches, &escalated_watches, &spells}) {
    ASSIGN_OR_RETURN(bool go_on, SweepKind(pool, *kind, options, result));
    if (!go_on) break;
  }
  return result;
}

namespace {

// A years value below 1 would erase at once: the sweep does not start (interval 0).
absl::Duration SweepIntervalOrOff(absl::Duration interval, int years) {
  if (interval > absl::ZeroDuration() && years < 1) {
    log::Error("retention sweep not started: --retention_years must be at least 1",
               {{"retention_years", years}});
    return absl::ZeroDuration();
  }
  return interval;
}

}  // namespace

RetentionSweeper::RetentionSweeper(db::ConnectionPool& pool, absl::Duration interval, int years)
    : pool_(pool),
      years_(years),
      task_(SweepIntervalOrOff(interval, years),
            [this](const PeriodicTask::StopQuery& stopping) { SweepOnce(stopping); }) {}

absl::Duration RetentionSweeper::IntervalFromFlags() {
  return absl::GetFlag(FLAGS_retention_sweep_interval);
}

int RetentionSweeper::YearsFromFlags() { return absl::GetFlag(FLAGS_retention_years); }

void RetentionSweeper::SweepOnce(const PeriodicTask::StopQuery& stopping) {
  RetentionSweepOptions options;
  options.years = years_;
  options.stopping = stopping;
  absl::StatusOr<RetentionSweepResult> swept = SweepRetention(pool_, SwedishToday(), options);
  if (!swept.ok()) {
    const std::string message(swept.status().message());
    log::Error("retention sweep failed", {{"error", message.substr(0, message.find('\n'))}});
  } else if (swept->erased > 0 || swept->watches_erased > 0 || swept->spells_erased > 0 ||
             swept->failed > 0) {
    log::Info("retention sweep", {{"erased", std::to_string(swept->erased)},
                                  {"watches_erased", std::to_string(swept->watches_erased)},
                                  {"spells_erased", std::to_string(swept->spells_erased)},
                                  {"failed", std::to_string(swept->failed)},
                                  {"skipped", std::to_string(swept->skipped)}});
  }
}

}  // namespace collab::cases
