// GetBudgetStatus: budget against outcome (budgetuppföljning) per line, category, phase, funder
// and period, with warnings. Reads the running totals (ledger_totals, at most lines × funders ×
// days rows), never the ledger; the figures are computed by domain/budget_status.h.
#include <algorithm>
#include <map>

#include "libs/common/dates.h"
#include "libs/common/status_macros.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/budget_status.h"
#include "services/funding/domain/periods.h"
#include "services/funding/funding_service.h"
#include "services/funding/funding_service_util.h"
#include "services/funding/funding_view.h"

namespace collab::funding {
namespace {

using collab::common::v1::PeriodGranularity;

Granularity GranularityOf(PeriodGranularity g) {
  switch (g) {
    case collab::common::v1::PERIOD_GRANULARITY_QUARTER:
      return Granularity::kQuarter;
    case collab::common::v1::PERIOD_GRANULARITY_YEAR:
      return Granularity::kYear;
    default:
      return Granularity::kMonth;
  }
}

void AddWarning(v1::BudgetStatus& out, v1::BudgetWarningCode code, std::string message,
                std::string resource) {
  v1::BudgetWarning* w = out.add_warnings();
  w->set_code(code);
  w->set_message(std::move(message));
  w->set_resource(std::move(resource));
}

struct Loaded {
  BudgetStatusInput input;
  std::vector<v1::BudgetLine> lines;  // evaluated
  std::vector<Commitment> commitments;
  std::vector<v1::FundingCommitment> commitment_rows;
  std::vector<PhaseOverlap> overlaps;
  std::vector<PhaseReport> phase_reports;
};

// Everything the domain needs, from the project's rows and the running totals.
absl::StatusOr<Loaded> Load(pqxx::work& tx, const ProjectRow& project, absl::CivilDay as_of,
                            Granularity granularity) {
  Loaded l;
  BudgetStatusInput& in = l.input;
  const std::string& currency = project.project.currency_code();
  in.currency_code = currency;
  in.project_period = project.period;
  in.as_of = as_of;
  in.granularity = granularity;
  in.unattributed_spent = Zero(currency);

  std::vector<PhaseInput> phase_inputs;
  for (const v1::Phase& p : LoadPhases(tx, project.id, false)) {
    in.phases.push_back(Phase{p.name(), Period{*ToCivilDay(p.period().start_date()),
                                               *ToCivilDay(p.period().end_date())}});
    phase_inputs.push_back(PhaseInput{p.name(), FieldsOf(p.period().start_date()),
                                      FieldsOf(p.period().end_date())});
    // An unset date is nullopt (ToCivilDay: 0000-00-00 is no date).
    l.phase_reports.push_back(PhaseReport{p.name(), p.display_name(), in.phases.back().period,
                                          ToCivilDay(p.report_due_date()),
                                          ToCivilDay(p.report_delivered_date())});
  }
  if (absl::StatusOr<PhasePlan> plan = ValidatePhases(project.period, phase_inputs); plan.ok()) {
    l.overlaps = plan->warnings;
  }

  l.lines = LoadLines(tx, project.id, false);
  RETURN_IF_ERROR(EvaluateLines(l.lines));
  std::map<std::string, size_t> line_index;  // line id → index in in.lines
  for (const v1::BudgetLine& line : l.lines) {
    line_index[IdOf(line.name())] = in.lines.size();
    in.lines.push_back(LineTotals{line.name(), DomainCategory(line.category()), line.phase(),
                                  FromProto(line.entered_amount()), Zero(currency)});
  }

  // One FunderTotals per (funder, kind), commitments of the same pair added together.
  std::map<std::pair<std::string, int>, size_t> funder_index;
  l.commitment_rows = LoadCommitments(tx, project.id, false);
  for (const v1::FundingCommitment& c : l.commitment_rows) {
    l.commitments.push_back(CommitmentOf(c));
    const auto key = std::make_pair(IdOf(c.funder()), static_cast<int>(c.kind()));
    auto [it, fresh] = funder_index.try_emplace(key, in.funders.size());
    if (fresh) {
      in.funders.push_back(FunderTotals{c.funder(), DomainKind(c.kind()), Zero(currency),
                                        Zero(currency)});
    }
    in.funders[it->second].committed.minor_units += c.amount().minor_units();
  }

  std::map<absl::CivilMonth, int64_t> by_month;
  for (const TotalsRow& t : LoadTotals(tx, project.id, as_of)) {
    auto line = line_index.find(t.line_id);
    if (line != line_index.end()) in.lines[line->second].spent.minor_units += t.spent_minor;
    by_month[t.month] += t.spent_minor;
    // Contributions go to the funder's commitment of the same kind, else its other one; cash
    // without a funder is spread over the cash funders by the domain.
    auto funder = funder_index.find({t.funder_id, t.kind});
    if (funder == funder_index.end()) {
      const int other = t.kind == v1::FUNDING_KIND_CASH ? v1::FUNDING_KIND_IN_KIND : v1::FUNDING_KIND_CASH;
      funder = funder_index.find({t.funder_id, other});
    }
    if (funder != funder_index.end()) {
      in.funders[funder->second].attributed_spent.minor_units += t.spent_minor;
    } else {
      in.unattributed_spent.minor_units += t.spent_minor;
    }
  }
  for (const auto& [month, spent] : by_month) in.spent_by_month.push_back({month, Money{spent, currency}});
  return l;
}

}  // namespace

grpc::Status FundingServiceImpl::GetBudgetStatus(grpc::ServerContext* ctx,
                                                 const v1::GetBudgetStatusRequest* req,
                                                 v1::BudgetStatus* resp) {
  return handler_.Run(ctx, FUNDING_METHOD("GetBudgetStatus"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->project(), "projects/{}", "project"));
    absl::CivilDay as_of = SwedishToday();
    if (!IsUnset(req->as_of_date())) {
      std::optional<absl::CivilDay> d = ToCivilDay(req->as_of_date());
      if (!d) return InvalidField("as_of_date", "is not a real calendar date");
      as_of = *d;
    }
    if (!collab::common::v1::PeriodGranularity_IsValid(req->granularity())) {
      return InvalidField("granularity", "is not a known value");
    }
    const Granularity granularity = GranularityOf(req->granularity());
    return db::RunInTransaction(pool_, Tx(call, true), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(ProjectRow project,
                       LoadProjectFor(tx, ids[0], call, ProjectAccess::kRead, Lock::kNone));
      ASSIGN_OR_RETURN(Loaded loaded, Load(tx, project, as_of, granularity));
      ASSIGN_OR_RETURN(BudgetStatusResult result, ComputeBudgetStatus(loaded.input));
      for (StatusWarning& w : PhaseReportsDue(DomainStatus(project.project.status()),
                                              loaded.phase_reports, as_of)) {
        result.warnings.push_back(std::move(w));
      }
      resp->set_project(project.project.name());
      *resp->mutable_as_of_date() = FromCivilDay(as_of);
      resp->set_granularity(req->granularity() == collab::common::v1::PERIOD_GRANULARITY_UNSPECIFIED
                                ? collab::common::v1::PERIOD_GRANULARITY_MONTH
                                : req->granularity());
      StatusToProto(result, *resp);

      // Budget-side warnings beside the outcome ones: the balance rule, the lines' bases and
      // overlapping phases (the same facts SubmitProject and the lines report).
      std::vector<Money> amounts;
      for (const LineTotals& l : loaded.input.lines) amounts.push_back(l.budget);
      ASSIGN_OR_RETURN(BudgetBalance balance, ComputeBalance(amounts, loaded.commitments,
                                                             project.project.currency_code()));
      if (absl::Status s = CheckBalanced(balance); !s.ok()) {
        AddWarning(*resp, v1::BUDGET_WARNING_CODE_FINANCING_NOT_BALANCED, std::string(s.message()),
                   project.project.name());
      }
      for (const v1::BudgetLine& l : loaded.lines) {
        if (l.has_difference() && l.difference().minor_units() != 0) {
          AddWarning(*resp, v1::BUDGET_WARNING_CODE_LINE_AMOUNT_DIFFERS_FROM_BASIS,
                     "entered " + FormatMoney(FromProto(l.entered_amount())) + " differs from the basis " +
                         FormatMoney(FromProto(l.computed_amount())),
                     l.name());
        }
      }
      if (const int64_t outside = CountEntriesOutside(tx, project.id, project.period, as_of);
          outside > 0) {
        AddWarning(*resp, v1::BUDGET_WARNING_CODE_ENTRY_OUTSIDE_PERIOD,
                   absl::StrCat(outside, " booked entries are dated outside the project period ",
                                IsoDate(project.period.start), " – ", IsoDate(project.period.end)),
                   project.project.name());
      }
      for (const PhaseOverlap& o : loaded.overlaps) {
        AddWarning(*resp, v1::BUDGET_WARNING_CODE_PHASES_OVERLAP, o.message, o.first);
      }
      // IN_KIND_NOT_BACKED (domain.md, "Funding", ESF co-financing: in-kind working time backed by
      // time reports in whole hours). Hours are whole by type; what can be missing is the hours
      // of an in-kind commitment (its COMMITMENT_FLAG_IN_KIND_WITHOUT_BASIS) and the time report
      // of booked in-kind time (domain/balance.h, UnbackedInKindHours; refused at booking in an
      // ESF co-funded project, so this shows only elsewhere), the latter from the running totals.
      for (v1::FundingCommitment& c : loaded.commitment_rows) {
        RETURN_IF_ERROR(ApplyCommitmentEvaluation(c));
        if (std::find(c.flags().begin(), c.flags().end(),
                      v1::COMMITMENT_FLAG_IN_KIND_WITHOUT_BASIS) != c.flags().end()) {
          AddWarning(*resp, v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED,
                     "in-kind commitment of " + c.funder() + " (" + FormatMoney(FromProto(c.amount())) +
                         ") states no hours × hourly rate",
                     c.name());
        }
      }
      if (const int64_t hours = SumUnbackedInKindHours(tx, project.id, as_of); hours > 0) {
        AddWarning(*resp, v1::BUDGET_WARNING_CODE_IN_KIND_NOT_BACKED,
                   absl::StrCat(hours, hours == 1 ? " hour" : " hours",
                                " of booked in-kind time without a time report reference"),
                   project.project.name());
      }
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::funding
