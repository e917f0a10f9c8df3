// The ledger of actuals (utfall): append-only entries, never edited or deleted; a correction is
// a new entry with a negative amount naming the entry it corrects. Each entry adds to the running
// totals in the same transaction (ledger_store.cc), so GetBudgetStatus never scans the ledger.
// Idempotent by request_id, which is required here: a retried booking must never book twice.
#include "collab/events/v1/funding_events.pb.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/corrections.h"
#include "services/funding/domain/project_status.h"
#include "services/funding/funding_events.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {
namespace {

constexpr size_t kMaxReference = 100;
constexpr size_t kMaxDescription = 1000;

// What can be checked without the project. Returns the line id.
absl::StatusOr<std::string> ValidateEntryShape(const v1::LedgerEntry& e, const std::string& project_id) {
  FieldViolations v;
  auto line = ParseResourceName(e.budget_line(), "projects/{}/budgetLines/{}");
  if (!line || (*line)[0] != project_id) {
    v.Add("ledger_entry.budget_line", "must be a budget line of this project");
  }
  if (!ToCivilDay(e.booking_date())) {
    v.Add("ledger_entry.booking_date", "is required and must be a real calendar date");
  }
  if (!e.has_amount() || e.amount().minor_units() == 0) {
    v.Add("ledger_entry.amount", "is required and must not be zero");
  }
  if (e.kind() != v1::FUNDING_KIND_CASH && e.kind() != v1::FUNDING_KIND_IN_KIND) {
    v.Add("ledger_entry.kind", "must be CASH or IN_KIND");
  }
  if (!e.funder().empty() && !ParseResourceName(e.funder(), "organisations/{}")) {
    v.Add("ledger_entry.funder", "must be an organisation name organisations/{organisation}");
  }
  if (e.kind() == v1::FUNDING_KIND_CASH && e.voucher_reference().empty()) {
    v.Add("ledger_entry.voucher_reference", "is required for CASH (verifikationsnummer)");
  }
  if (e.kind() == v1::FUNDING_KIND_IN_KIND) {
    if (e.funder().empty()) v.Add("ledger_entry.funder", "is required for IN_KIND: who contributed the time");
    if (!e.has_in_kind()) v.Add("ledger_entry.in_kind", "is required for IN_KIND: hours × rate");
  } else if (e.has_in_kind()) {
    v.Add("ledger_entry.in_kind", "only for IN_KIND entries");
  }
  if (e.voucher_reference().size() > kMaxReference) {
    v.Add("ledger_entry.voucher_reference", "must be at most 100 characters");
  }
  if (e.time_report_reference().size() > kMaxReference) {
    v.Add("ledger_entry.time_report_reference", "must be at most 100 characters");
  }
  if (e.description().size() > kMaxDescription) {
    v.Add("ledger_entry.description", "must be at most 1000 characters");
  }
  if (!e.corrects().empty()) {
    auto c = ParseResourceName(e.corrects(), "projects/{}/ledgerEntries/{}");
    if (!c || (*c)[0] != project_id) v.Add("ledger_entry.corrects", "must be an entry of this project");
  }
  RETURN_IF_ERROR(v.ToStatus());
  return (*line)[1];
}

// In-kind time is hours × rate (domain.md, "Funding"); a correction books the hours it takes
// back, at a negative amount.
absl::Status CheckInKindAmount(const v1::LedgerEntry& e) {
  if (e.kind() != v1::FUNDING_KIND_IN_KIND) return absl::OkStatus();
  InKindBasis basis{e.in_kind().hours(), FromProto(e.in_kind().hourly_rate())};
  absl::StatusOr<Money> value = InKindValue(basis);
  if (!value.ok()) return InvalidField("ledger_entry.in_kind.hours", std::string(value.status().message()));
  const int64_t sign = e.amount().minor_units() < 0 ? -1 : 1;
  if (value->minor_units * sign != e.amount().minor_units()) {
    return InvalidField("ledger_entry.amount",
                        "must equal in_kind.hours × in_kind.hourly_rate = " +
                            FormatMoney(Money{value->minor_units * sign, value->currency_code}));
  }
  return absl::OkStatus();
}

// In-kind time without a time report, for the running totals (domain/balance.h,
// UnbackedInKindHours): cash entries and corrections of cash entries count nothing.
int64_t UnbackedHoursOf(const v1::LedgerEntry& e, const std::optional<v1::LedgerEntry>& corrected) {
  if (e.kind() != v1::FUNDING_KIND_IN_KIND) return 0;
  auto booking = [](const v1::LedgerEntry& x) {
    return InKindBooking{x.in_kind().hours(), x.amount().minor_units(),
                         !x.time_report_reference().empty()};
  };
  std::optional<InKindBooking> c;
  if (corrected && corrected->kind() == v1::FUNDING_KIND_IN_KIND) c = booking(*corrected);
  return UnbackedInKindHours(booking(e), c);
}

// A correction takes back what the entry it names booked: on the same line, of the same kind,
// attributed to the same funder, and no more than remains of it after the corrections before it
// (domain/corrections.h). Refused like the entry's other fields, INVALID_ARGUMENT naming the field.
absl::Status CheckTakesBack(const v1::LedgerEntry& e, const CorrectedEntry& target) {
  const v1::LedgerEntry& c = target.entry;
  if (c.budget_line() != e.budget_line()) {
    return InvalidField("ledger_entry.corrects", "corrects an entry of another budget line");
  }
  if (c.kind() != e.kind()) {
    return InvalidField("ledger_entry.kind", "must be the kind of the entry it corrects, " +
                                                 v1::FundingKind_Name(c.kind()));
  }
  if (c.funder() != e.funder()) {
    return InvalidField("ledger_entry.funder",
                        c.funder().empty()
                            ? "must be empty: the entry it corrects names no funder"
                            : "must be the funder of the entry it corrects, " + c.funder());
  }
  const std::string& currency = c.amount().currency_code();
  const std::optional<CorrectionRefusal> refusal =
      CheckCorrection(Booked{FromProto(c.amount()), c.in_kind().hours()},
                      Booked{Money{target.taken_back_minor, currency}, target.taken_back_hours},
                      Booked{FromProto(e.amount()), e.in_kind().hours()});
  if (!refusal) return absl::OkStatus();
  switch (refusal->field) {
    case CorrectionField::kHours:
      return InvalidField("ledger_entry.in_kind.hours", refusal->message);
    case CorrectionField::kCorrects:
      return InvalidField("ledger_entry.corrects", refusal->message);
    case CorrectionField::kAmount:
      break;
  }
  return InvalidField("ledger_entry.amount", refusal->message);
}

absl::Status CheckCurrency(const ProtoMoney& m, const std::string& currency, const std::string& field) {
  if (m.currency_code() == currency) return absl::OkStatus();
  return InvalidField(field + ".currency_code", "must be the project's currency " + currency);
}

}  // namespace

grpc::Status FundingServiceImpl::GetLedgerEntry(grpc::ServerContext* ctx,
                                                const v1::GetLedgerEntryRequest* req,
                                                v1::LedgerEntry* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetLedgerEntry"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "projects/{}/ledgerEntries/{}", "name"));
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      std::optional<v1::LedgerEntry> e = LoadLedgerEntry(tx, ids[0], ids[1]);
      if (!e) return absl::NotFoundError("ledger entry not found");
      *resp = *std::move(e);
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::ListLedgerEntries(grpc::ServerContext* ctx,
                                                   const v1::ListLedgerEntriesRequest* req,
                                                   v1::ListLedgerEntriesResponse* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("ListLedgerEntries"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    FieldViolations v;
    LedgerFilter f;
    if (!req->budget_line().empty()) {
      auto line = ParseResourceName(req->budget_line(), "projects/{}/budgetLines/{}");
      if (!line || (*line)[0] != ids[0]) v.Add("budget_line", "must be a budget line of this project");
      else f.budget_line_id = (*line)[1];
    }
    if (!req->funder().empty()) {
      auto org = ParseResourceName(req->funder(), "organisations/{}");
      if (!org) v.Add("funder", "must be an organisation name organisations/{organisation}");
      else f.funder_id = (*org)[0];
    }
    if (!v1::FundingKind_IsValid(req->kind())) v.Add("kind", "is not a known value");
    f.kind = req->kind();
    if (req->has_booking_date_range()) {
      ValidateDateRange(req->booking_date_range(), "booking_date_range", v);
      f.from = ToCivilDay(req->booking_date_range().start_date());
      f.to = ToCivilDay(req->booking_date_range().end_date());
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", f.budget_line_id, "|", f.funder_id, "|", f.kind,
                                        "|", f.from ? ToIsoDate(*f.from) : "", "|",
                                        f.to ? ToIsoDate(*f.to) : "");
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    if (!after.empty() && (after.size() != 2 || !ParseIsoDate(after[0]) || !IsUuid(after[1]))) {
      return InvalidField("page_token", "is not a token of this list");
    }
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      RETURN_IF_ERROR(LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone).status());
      LedgerPage page = funding::ListLedgerEntries(tx, ids[0], f, after, limit);
      for (v1::LedgerEntry& e : page.entries) *resp->add_ledger_entries() = std::move(e);
      if (!page.next_key.empty()) resp->set_next_page_token(tokens_.Encode(page.next_key, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status FundingServiceImpl::CreateLedgerEntry(grpc::ServerContext* ctx,
                                                   const v1::CreateLedgerEntryRequest* req,
                                                   v1::LedgerEntry* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("CreateLedgerEntry"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "projects/{}", "parent"));
    if (req->request_id().empty()) {
      return InvalidField("request_id", "is required: a retried booking must never book twice");
    }
    v1::LedgerEntry in = req->ledger_entry();
    ASSIGN_OR_RETURN(const std::string line_id, ValidateEntryShape(in, ids[0]));
    RETURN_IF_ERROR(CheckInKindAmount(in));
    return db::RunInTransaction(pool_, Tx(call), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(*resp, db::IdempotentCreate<v1::LedgerEntry>(
                                  tx, req->request_id(), FUNDING_METHOD("CreateLedgerEntry"), *req,
                                  [&](pqxx::work& t) -> absl::StatusOr<v1::LedgerEntry> {
        // Shared lock: bookings run side by side, a status change waits for them.
        ASSIGN_OR_RETURN(ProjectRow project,
                         LoadProjectFor(t, ids[0], call, ProjectAccess::kWrite, Lock::kShare));
        RETURN_IF_ERROR(CheckCanBook(DomainStatus(project.project.status())));
        const std::string& currency = project.project.currency_code();
        RETURN_IF_ERROR(CheckCurrency(in.amount(), currency, "ledger_entry.amount"));
        if (in.has_in_kind()) {
          RETURN_IF_ERROR(CheckCurrency(in.in_kind().hourly_rate(), currency,
                                        "ledger_entry.in_kind.hourly_rate"));
          // ESF: in-kind time backed by time reports in whole hours (domain.md, "Funding").
          if (project.project.esf_cofunded() && in.time_report_reference().empty()) {
            return InvalidField("ledger_entry.time_report_reference",
                                "is required for in-kind time in an ESF co-funded project");
          }
        }
        std::optional<v1::BudgetLine> line = LoadLine(t, ids[0], line_id);
        if (!line || line->has_delete_time()) {
          return InvalidField("ledger_entry.budget_line", "no such budget line in this project");
        }
        if (!in.funder().empty()) {
          bool committed = false;
          for (const v1::FundingCommitment& c : LoadCommitments(t, ids[0], false)) {
            committed = committed || c.funder() == in.funder();
          }
          if (!committed) {
            return InvalidField("ledger_entry.funder", "has no commitment to this project");
          }
        }
        std::optional<v1::LedgerEntry> corrected;
        if (!in.corrects().empty()) {
          // Locked: a concurrent correction of the same entry waits, then sees this one.
          std::optional<CorrectedEntry> target = LockCorrectedEntry(t, ids[0], IdOf(in.corrects()));
          if (!target)
            return InvalidField("ledger_entry.corrects", "no such entry in this project");
          RETURN_IF_ERROR(CheckTakesBack(in, *target));
          corrected = std::move(target->entry);
        }
        in.set_booked_by(call.principal.subject());
        const std::string id = NewUuid();
        InsertLedgerEntry(t, ids[0], id, in, UnbackedHoursOf(in, corrected));
        std::optional<v1::LedgerEntry> out = LoadLedgerEntry(t, ids[0], id);
        RETURN_IF_ERROR(AppendLedgerEntryBooked(t, *out, *line));
        return *out;
      }));
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
