// Ledger entries (utfall) and their running totals (funding_store.h).
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "services/funding/funding_sql.h"
#include "services/funding/funding_store.h"

namespace collab::funding {
namespace {

using sql::AppendKeysetCursor;
using sql::Exec;
using sql::OrNull;
using sql::Params;
using sql::SetMoney;

// Cash booked without a funder is totalled under the nil UUID (see ledger_totals).
constexpr char kNoFunder[] = "00000000-0000-0000-0000-000000000000";

constexpr char kEntryCols[] =
    "e.id::text, e.project_id::text, e.budget_line_id::text, e.booking_date::text, "
    "e.amount_minor, e.kind, e.in_kind_hours, e.in_kind_rate_minor, e.in_kind_description, "
    "e.funder_id::text, e.voucher_reference, e.time_report_reference, e.description, "
    "e.corrects_id::text, e.booked_by, " COLLAB_SQL_MICROS("e.create_time") ", p.currency_code";

v1::LedgerEntry EntryFromRow(const pqxx::row& r) {
  v1::LedgerEntry e;
  const std::string project = absl::StrCat("projects/", r[1].c_str());
  const std::string currency = r[16].c_str();
  e.set_name(absl::StrCat(project, "/ledgerEntries/", r[0].c_str()));
  e.set_budget_line(absl::StrCat(project, "/budgetLines/", r[2].c_str()));
  sql::SetDate(r[3], e.mutable_booking_date());
  SetMoney(e.mutable_amount(), currency, r[4].as<int64_t>());
  e.set_kind(static_cast<v1::FundingKind>(r[5].as<int>()));
  if (!r[6].is_null()) {
    e.mutable_in_kind()->set_hours(r[6].as<int64_t>());
    SetMoney(e.mutable_in_kind()->mutable_hourly_rate(), currency,
             r[7].is_null() ? 0 : r[7].as<int64_t>());
    e.mutable_in_kind()->set_description(r[8].c_str());
  }
  if (!r[9].is_null()) e.set_funder(absl::StrCat("organisations/", r[9].c_str()));
  e.set_voucher_reference(r[10].c_str());
  e.set_time_report_reference(r[11].c_str());
  e.set_description(r[12].c_str());
  if (!r[13].is_null()) e.set_corrects(absl::StrCat(project, "/ledgerEntries/", r[13].c_str()));
  e.set_booked_by(r[14].c_str());
  sql::SetTime(r[15], e.mutable_create_time());
  return e;
}

}  // namespace

void PrepareLedgerStatements(pqxx::connection& conn) {
  const std::string cols = kEntryCols;
  conn.prepare("ledger_insert",
               "INSERT INTO ledger_entries (id, project_id, budget_line_id, booking_date, "
               "amount_minor, kind, in_kind_hours, in_kind_rate_minor, in_kind_description, "
               "funder_id, voucher_reference, time_report_reference, description, corrects_id, "
               "booked_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
  // The running total of the entry's bucket, in the same transaction as the entry.
  conn.prepare("ledger_total_add",
               "INSERT INTO ledger_totals AS t (project_id, budget_line_id, funder_id, kind, "
               "booking_date, spent_minor, entry_count, unbacked_in_kind_hours) "
               "VALUES ($1, $2, $3, $4, $5, $6, 1, $7) "
               "ON CONFLICT (project_id, budget_line_id, funder_id, kind, booking_date) "
               "DO UPDATE SET spent_minor = t.spent_minor + EXCLUDED.spent_minor, "
               "entry_count = t.entry_count + 1, "
               "unbacked_in_kind_hours = t.unbacked_in_kind_hours + EXCLUDED.unbacked_in_kind_hours");
  conn.prepare("ledger_get", "SELECT " + cols + " FROM ledger_entries e "
                             "JOIN projects p ON p.id = e.project_id "
                             "WHERE e.project_id = $1 AND e.id = $2");
  // The entry a correction names, its row locked until the booking commits: corrections of one
  // entry run one after the other, so each sees what the ones before it took back.
  conn.prepare("ledger_get_for_correction",
               "SELECT " + cols +
                   " FROM ledger_entries e "
                   "JOIN projects p ON p.id = e.project_id "
                   "WHERE e.project_id = $1 AND e.id = $2 FOR UPDATE OF e");
  // What the corrections of an entry took back: their amounts (negative) and hours (a positive
  // entry naming it, booked before corrections had to be negative, gives back).
  conn.prepare("ledger_taken_back",
               "SELECT coalesce(sum(amount_minor), 0)::bigint, "
               "coalesce(sum(CASE WHEN amount_minor < 0 THEN coalesce(in_kind_hours, 0) "
               "ELSE -coalesce(in_kind_hours, 0) END), 0)::bigint "
               "FROM ledger_entries WHERE project_id = $1 AND corrects_id = $2");
  conn.prepare("ledger_list",
               "SELECT " + cols + " FROM ledger_entries e JOIN projects p ON p.id = e.project_id "
               "WHERE e.project_id = $1 "
               "AND ($2::uuid IS NULL OR e.budget_line_id = $2::uuid) "
               "AND ($3::uuid IS NULL OR e.funder_id = $3::uuid) "
               "AND ($4::smallint = 0 OR e.kind = $4::smallint) "
               "AND ($5::date IS NULL OR e.booking_date >= $5::date) "
               "AND ($6::date IS NULL OR e.booking_date <= $6::date) "
               "AND ($7::date IS NULL OR (e.booking_date, e.id) > ($7::date, $8::uuid)) "
               "ORDER BY e.booking_date, e.id LIMIT $9");
  // Sums of the day buckets by month: bounded by lines × funders × days, never the ledger.
  conn.prepare("ledger_totals",
               "SELECT budget_line_id::text, funder_id::text, kind, "
               "to_char(date_trunc('month', booking_date), 'YYYY-MM-DD'), sum(spent_minor)::bigint "
               "FROM ledger_totals WHERE project_id = $1 AND booking_date <= $2 "
               "GROUP BY 1, 2, 3, 4");
  conn.prepare("ledger_outside",
               "SELECT coalesce(sum(entry_count), 0)::bigint FROM ledger_totals "
               "WHERE project_id = $1 AND booking_date <= $2 "
               "AND (booking_date < $3::date OR booking_date > $4::date)");
  conn.prepare("ledger_unbacked",
               "SELECT coalesce(sum(unbacked_in_kind_hours), 0)::bigint FROM ledger_totals "
               "WHERE project_id = $1 AND booking_date <= $2");
}

void InsertLedgerEntry(pqxx::work& tx, const std::string& project_id, const std::string& id,
                       const v1::LedgerEntry& e, int64_t unbacked_in_kind_hours) {
  const bool in_kind = e.has_in_kind();
  const std::string funder = e.funder().empty() ? "" : IdOf(e.funder());
  const std::optional<std::string> date = sql::IsoOrNull(e.booking_date());
  const std::string line = IdOf(e.budget_line());
  Exec(tx, "ledger_insert",
       {id, project_id, line, date, std::to_string(e.amount().minor_units()),
        std::to_string(static_cast<int>(e.kind())),
        in_kind ? std::optional<std::string>(std::to_string(e.in_kind().hours())) : std::nullopt,
        in_kind ? std::optional<std::string>(std::to_string(e.in_kind().hourly_rate().minor_units()))
                : std::nullopt,
        in_kind ? e.in_kind().description() : "", OrNull(funder), e.voucher_reference(),
        e.time_report_reference(), e.description(),
        OrNull(e.corrects().empty() ? "" : IdOf(e.corrects())), e.booked_by()});
  Exec(tx, "ledger_total_add",
       {project_id, line, funder.empty() ? kNoFunder : funder,
        std::to_string(static_cast<int>(e.kind())), date, std::to_string(e.amount().minor_units()),
        std::to_string(unbacked_in_kind_hours)});
}

std::optional<v1::LedgerEntry> LoadLedgerEntry(pqxx::work& tx, const std::string& project_id,
                                               const std::string& id) {
  pqxx::result r = Exec(tx, "ledger_get", {project_id, id});
  if (r.empty()) return std::nullopt;
  return EntryFromRow(r[0]);
}

std::optional<CorrectedEntry> LockCorrectedEntry(pqxx::work& tx, const std::string& project_id,
                                                 const std::string& id) {
  pqxx::result r = Exec(tx, "ledger_get_for_correction", {project_id, id});
  if (r.empty()) return std::nullopt;
  CorrectedEntry out{EntryFromRow(r[0]), 0, 0};
  const pqxx::row sums = Exec(tx, "ledger_taken_back", {project_id, id})[0];
  out.taken_back_minor = sums[0].as<int64_t>();
  out.taken_back_hours = sums[1].as<int64_t>();
  return out;
}

LedgerPage ListLedgerEntries(pqxx::work& tx, const std::string& project_id,
                             const LedgerFilter& f, const std::vector<std::string>& after,
                             int limit) {
  auto day = [](const std::optional<absl::CivilDay>& d) {
    return d ? std::optional<std::string>(ToIsoDate(*d)) : std::nullopt;
  };
  Params p{project_id, OrNull(f.budget_line_id), OrNull(f.funder_id), std::to_string(f.kind),
           day(f.from), day(f.to)};
  AppendKeysetCursor(p, after);
  p.push_back(std::to_string(limit + 1));
  pqxx::result rows = Exec(tx, "ledger_list", p);
  LedgerPage page;
  const int n = std::min<int>(static_cast<int>(rows.size()), limit);
  for (int i = 0; i < n; ++i) page.entries.push_back(EntryFromRow(rows[i]));
  if (static_cast<int>(rows.size()) > limit) {
    page.next_key = {rows[n - 1][3].c_str(), rows[n - 1][0].c_str()};
  }
  return page;
}

std::vector<TotalsRow> LoadTotals(pqxx::work& tx, const std::string& project_id,
                                  absl::CivilDay as_of) {
  std::vector<TotalsRow> out;
  for (const pqxx::row& r : Exec(tx, "ledger_totals", {project_id, ToIsoDate(as_of)})) {
    TotalsRow t;
    t.line_id = r[0].c_str();
    t.funder_id = r[1].c_str();
    if (t.funder_id == kNoFunder) t.funder_id.clear();
    t.kind = r[2].as<int>();
    t.month = absl::CivilMonth(sql::DayOf(r[3]));
    t.spent_minor = r[4].as<int64_t>();
    out.push_back(std::move(t));
  }
  return out;
}

int64_t CountEntriesOutside(pqxx::work& tx, const std::string& project_id, const Period& period,
                            absl::CivilDay as_of) {
  return Exec(tx, "ledger_outside",
              {project_id, ToIsoDate(as_of), ToIsoDate(period.start), ToIsoDate(period.end)})[0][0]
      .as<int64_t>();
}

int64_t SumUnbackedInKindHours(pqxx::work& tx, const std::string& project_id,
                               absl::CivilDay as_of) {
  return Exec(tx, "ledger_unbacked", {project_id, ToIsoDate(as_of)})[0][0].as<int64_t>();
}

}  // namespace collab::funding
