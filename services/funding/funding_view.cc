#include "services/funding/funding_view.h"

#include <algorithm>
#include <set>

#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/status_macros.h"

namespace collab::funding {

Money FromProto(const ProtoMoney& m) { return Money{m.minor_units(), m.currency_code()}; }

ProtoMoney ToProto(const Money& m) {
  ProtoMoney out;
  out.set_currency_code(m.currency_code);
  out.set_minor_units(m.minor_units);
  return out;
}

DateFields FieldsOf(const collab::common::v1::Date& d) { return {d.year(), d.month(), d.day()}; }

collab::common::v1::DateRange ToProtoRange(const Period& p) {
  collab::common::v1::DateRange r;
  *r.mutable_start_date() = FromCivilDay(p.start);
  *r.mutable_end_date() = FromCivilDay(p.end);
  return r;
}

ProjectStatus DomainStatus(v1::ProjectStatus s) {
  return static_cast<ProjectStatus>(std::max(0, static_cast<int>(s) - 1));
}
v1::ProjectStatus ProtoStatus(ProjectStatus s) {
  return static_cast<v1::ProjectStatus>(static_cast<int>(s) + 1);
}

namespace {

absl::StatusOr<std::vector<Factor>> FactorsOf(
    const google::protobuf::RepeatedPtrField<v1::Factor>& factors, const std::string& field) {
  std::vector<Factor> out;
  for (int i = 0; i < factors.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    if (factors[i].unit().size() > 50) return InvalidField(f + ".unit", "must be at most 50 characters");
    ASSIGN_OR_RETURN(Decimal value, Decimal::Parse(factors[i].value(), f + ".value"));
    if (value < Decimal()) return InvalidField(f + ".value", "must not be negative");
    out.push_back(Factor{value, factors[i].unit()});
  }
  if (out.empty()) return InvalidField(field, "needs at least one factor");
  return out;
}

absl::StatusOr<std::optional<Decimal>> OptionalDecimal(const std::string& text,
                                                       const std::string& field) {
  if (text.empty()) return std::optional<Decimal>();
  ASSIGN_OR_RETURN(Decimal d, Decimal::Parse(text, field));
  return std::optional<Decimal>(d);
}

v1::BudgetLineFlag ProtoFlag(BasisFlagCode code) {
  switch (code) {
    case BasisFlagCode::kNoBasis:
      return v1::BUDGET_LINE_FLAG_NO_BASIS;
    case BasisFlagCode::kPartSubtotalMismatch:
      return v1::BUDGET_LINE_FLAG_PART_SUBTOTAL_DIFFERS;
    case BasisFlagCode::kBasisTotalMismatch:
    case BasisFlagCode::kComputedTotalMismatch:
      return v1::BUDGET_LINE_FLAG_STATED_TOTAL_DIFFERS;
    case BasisFlagCode::kAmountDiffersFromBasis:
      return v1::BUDGET_LINE_FLAG_AMOUNT_DIFFERS_FROM_BASIS;
    case BasisFlagCode::kComputedAmountRounded:
      return v1::BUDGET_LINE_FLAG_COMPUTED_AMOUNT_ROUNDED;
  }
  return v1::BUDGET_LINE_FLAG_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<Basis> BasisFromProto(const v1::BudgetLine& line, const std::string& prefix) {
  switch (line.basis_case()) {
    case v1::BudgetLine::kQuantityPrice: {
      const v1::QuantityPriceBasis& b = line.quantity_price();
      QuantityPriceBasis out;
      ASSIGN_OR_RETURN(out.factors, FactorsOf(b.factors(), prefix + "quantity_price.factors"));
      out.unit_price = FromProto(b.unit_price());
      return Basis(out);
    }
    case v1::BudgetLine::kParts: {
      const v1::PartsBasis& b = line.parts();
      PartsBasis out;
      if (b.parts().empty()) return InvalidField(prefix + "parts.parts", "needs at least one part");
      for (int i = 0; i < b.parts_size(); ++i) {
        const std::string f = prefix + "parts.parts[" + std::to_string(i) + "]";
        BasisPart part;
        part.description = b.parts(i).description();
        if (part.description.size() > 200) {
          return InvalidField(f + ".description", "must be at most 200 characters");
        }
        ASSIGN_OR_RETURN(part.factors, FactorsOf(b.parts(i).factors(), f + ".factors"));
        ASSIGN_OR_RETURN(part.stated_subtotal,
                         OptionalDecimal(b.parts(i).stated_subtotal(), f + ".stated_subtotal"));
        out.parts.push_back(std::move(part));
      }
      out.unit_price = FromProto(b.unit_price());
      ASSIGN_OR_RETURN(out.stated_total_quantity,
                       OptionalDecimal(b.stated_total_quantity(), prefix + "parts.stated_total_quantity"));
      return Basis(out);
    }
    case v1::BudgetLine::kFlatRate: {
      const v1::FlatRateBasis& b = line.flat_rate();
      if (b.rate_basis_points() < 0 || b.rate_basis_points() > 10000) {
        return InvalidField(prefix + "flat_rate.rate_basis_points", "must be 0–10000 (100 %)");
      }
      FlatRateBasis out;
      out.rate_basis_points = b.rate_basis_points();
      for (int c : b.base_categories()) {
        if (!v1::BudgetCategory_IsValid(c) || c == 0) {
          return InvalidField(prefix + "flat_rate.base_categories", "is not a known category");
        }
        out.base_categories.push_back(DomainCategory(c));
      }
      return Basis(out);
    }
    case v1::BudgetLine::BASIS_NOT_SET:
      break;
  }
  return Basis(std::monostate());
}

void ApplyEvaluation(const BasisEvaluation& eval, v1::BudgetLine& line) {
  line.clear_computed_amount();
  line.clear_difference();
  line.clear_flags();
  if (eval.computed_amount) *line.mutable_computed_amount() = ToProto(*eval.computed_amount);
  if (eval.difference) *line.mutable_difference() = ToProto(*eval.difference);
  std::set<int> seen;
  for (const BasisFlag& f : eval.flags) {
    const v1::BudgetLineFlag flag = ProtoFlag(f.code);
    if (seen.insert(flag).second) line.add_flags(flag);
  }
  switch (line.basis_case()) {
    case v1::BudgetLine::kQuantityPrice:
      line.mutable_quantity_price()->set_computed_quantity(eval.computed_quantity.ToString());
      break;
    case v1::BudgetLine::kParts: {
      v1::PartsBasis* parts = line.mutable_parts();
      parts->set_computed_total_quantity(eval.computed_quantity.ToString());
      for (size_t i = 0; i < eval.parts.size() && static_cast<int>(i) < parts->parts_size(); ++i) {
        parts->mutable_parts(i)->set_computed_subtotal(eval.parts[i].computed_subtotal.ToString());
        parts->mutable_parts(i)->set_subtotal_differs(eval.parts[i].subtotal_differs);
      }
      break;
    }
    default:
      break;
  }
}

absl::Status EvaluateLines(std::vector<v1::BudgetLine>& lines) {
  std::vector<BudgetLineInput> inputs;
  for (const v1::BudgetLine& l : lines) {
    BudgetLineInput in;
    in.name = l.name();
    in.category = DomainCategory(l.category());
    ASSIGN_OR_RETURN(in.basis, BasisFromProto(l, ""));
    in.entered_amount = FromProto(l.entered_amount());
    inputs.push_back(std::move(in));
  }
  ASSIGN_OR_RETURN(std::vector<BasisEvaluation> evals, EvaluateBudget(inputs));
  for (size_t i = 0; i < lines.size(); ++i) ApplyEvaluation(evals[i], lines[i]);
  return absl::OkStatus();
}

Commitment CommitmentOf(const v1::FundingCommitment& c) {
  Commitment out;
  out.funder = c.funder();
  out.kind = DomainKind(c.kind());
  out.amount = FromProto(c.amount());
  if (c.has_in_kind()) {
    out.in_kind = InKindBasis{c.in_kind().hours(), FromProto(c.in_kind().hourly_rate())};
  }
  return out;
}

absl::Status ApplyCommitmentEvaluation(v1::FundingCommitment& c) {
  ASSIGN_OR_RETURN(CommitmentEvaluation eval, EvaluateCommitment(CommitmentOf(c)));
  c.clear_computed_amount();
  c.clear_flags();
  if (eval.computed_amount) *c.mutable_computed_amount() = ToProto(*eval.computed_amount);
  for (CommitmentFlagCode f : eval.flags) {
    c.add_flags(f == CommitmentFlagCode::kInKindWithoutBasis
                    ? v1::COMMITMENT_FLAG_IN_KIND_WITHOUT_BASIS
                    : v1::COMMITMENT_FLAG_AMOUNT_DIFFERS_FROM_BASIS);
  }
  return absl::OkStatus();
}

v1::BudgetWarningCode WarningCodeOf(StatusWarningCode code) {
  switch (code) {
    case StatusWarningCode::kLineOverBudget:
      return v1::BUDGET_WARNING_CODE_LINE_OVERSPENT;
    case StatusWarningCode::kProjectOverBudget:
      return v1::BUDGET_WARNING_CODE_PROJECT_OVER_BUDGET;
    case StatusWarningCode::kForecastExceedsBudget:
      return v1::BUDGET_WARNING_CODE_FORECAST_EXCEEDS_BUDGET;
    case StatusWarningCode::kPeriodEndingUnspent:
      return v1::BUDGET_WARNING_CODE_PERIOD_ENDING_UNSPENT;
    case StatusWarningCode::kCommitmentExceeded:
      return v1::BUDGET_WARNING_CODE_COMMITMENT_EXCEEDED;
    case StatusWarningCode::kPhaseReportDue:
      return v1::BUDGET_WARNING_CODE_PHASE_REPORT_DUE;
  }
  return v1::BUDGET_WARNING_CODE_UNSPECIFIED;
}

namespace {

v1::BudgetFigures FiguresToProto(const BudgetFigures& f) {
  v1::BudgetFigures out;
  *out.mutable_budget() = ToProto(f.budget);
  *out.mutable_spent() = ToProto(f.spent);
  *out.mutable_remaining() = ToProto(f.remaining);
  out.set_percent_used_basis_points(f.percent_used_basis_points);
  *out.mutable_forecast() = ToProto(f.forecast);
  return out;
}

}  // namespace

void StatusToProto(const BudgetStatusResult& r, v1::BudgetStatus& out) {
  *out.mutable_total() = FiguresToProto(r.total);
  for (const LineStatus& l : r.lines) {
    v1::BudgetLineStatus* s = out.add_lines();
    s->set_budget_line(l.line);
    s->set_category(static_cast<v1::BudgetCategory>(l.category));
    s->set_phase(l.phase);
    *s->mutable_figures() = FiguresToProto(l.figures);
  }
  for (const CategoryStatus& c : r.categories) {
    v1::BudgetCategoryStatus* s = out.add_categories();
    s->set_category(static_cast<v1::BudgetCategory>(c.category));
    *s->mutable_figures() = FiguresToProto(c.figures);
  }
  for (const PhaseStatus& p : r.phases) {
    v1::PhaseStatus* s = out.add_phases();
    s->set_phase(p.phase);
    *s->mutable_period() = ToProtoRange(p.period);
    *s->mutable_figures() = FiguresToProto(p.figures);
  }
  for (const FunderStatus& f : r.funders) {
    v1::FunderStatus* s = out.add_funders();
    s->set_funder(f.funder);
    s->set_kind(static_cast<v1::FundingKind>(f.kind));
    *s->mutable_figures() = FiguresToProto(f.figures);
  }
  for (const PeriodStatus& p : r.periods) {
    v1::PeriodStatus* s = out.add_periods();
    *s->mutable_period() = ToProtoRange(p.period);
    *s->mutable_figures() = FiguresToProto(p.figures);
  }
  for (const StatusWarning& w : r.warnings) {
    v1::BudgetWarning* s = out.add_warnings();
    s->set_code(WarningCodeOf(w.code));
    s->set_message(w.message);
    s->set_resource(w.resource);
  }
}

}  // namespace collab::funding
