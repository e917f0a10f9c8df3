#include "services/funding/funding_events.h"

#include "libs/db/outbox.h"
#include "services/funding/funding_store.h"

namespace collab::funding {
namespace {

namespace ev = collab::events::v1;

// "projects/{p}/budgetLines/{l}" → "projects/{p}".
std::string ProjectOf(const std::string& name) { return name.substr(0, name.find('/', 9)); }

}  // namespace

absl::Status AppendProjectStatusChanged(pqxx::work& tx, const v1::Project& p,
                                        v1::ProjectStatus previous) {
  ev::ProjectStatusChanged e;
  e.set_project(p.name());
  e.set_owner_organisation(p.owner_organisation());
  e.set_previous_status(previous);
  e.set_status(p.status());
  *e.mutable_period() = p.period();
  e.set_network(p.network());
  *e.mutable_total_cost() = p.total_cost();
  *e.mutable_total_financing() = p.total_financing();
  return db::AppendEvent(tx, "collab.events.v1.ProjectStatusChanged", IdOf(p.name()), e).status();
}

absl::Status AppendBudgetLineChanged(pqxx::work& tx, const v1::BudgetLine& line, ChangeKind kind) {
  ev::BudgetLineChanged e;
  e.set_budget_line(line.name());
  e.set_project(ProjectOf(line.name()));
  e.set_change_kind(kind);
  e.set_category(line.category());
  e.set_phase(line.phase());
  *e.mutable_entered_amount() = line.entered_amount();
  return db::AppendEvent(tx, "collab.events.v1.BudgetLineChanged", IdOf(e.project()), e).status();
}

absl::Status AppendCommitmentRecorded(pqxx::work& tx, const v1::FundingCommitment& c,
                                      ChangeKind kind) {
  ev::CommitmentRecorded e;
  e.set_funding_commitment(c.name());
  e.set_project(ProjectOf(c.name()));
  e.set_change_kind(kind);
  e.set_funder(c.funder());
  e.set_kind(c.kind());
  *e.mutable_amount() = c.amount();
  if (c.has_in_kind()) e.set_hours(c.in_kind().hours());
  return db::AppendEvent(tx, "collab.events.v1.CommitmentRecorded", IdOf(e.project()), e).status();
}

absl::Status AppendLedgerEntryBooked(pqxx::work& tx, const v1::LedgerEntry& entry,
                                     const v1::BudgetLine& line) {
  ev::LedgerEntryBooked e;
  e.set_ledger_entry(entry.name());
  e.set_project(ProjectOf(entry.name()));
  e.set_budget_line(entry.budget_line());
  e.set_category(line.category());
  e.set_phase(line.phase());
  e.set_funder(entry.funder());
  e.set_kind(entry.kind());
  *e.mutable_booking_date() = entry.booking_date();
  *e.mutable_amount() = entry.amount();
  if (entry.has_in_kind()) e.set_hours(entry.in_kind().hours());
  e.set_corrects(entry.corrects());
  return db::AppendEvent(tx, "collab.events.v1.LedgerEntryBooked", IdOf(e.project()), e).status();
}

}  // namespace collab::funding
