#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "collab/funding/v1/funding_service.pb.h"
#include "services/funding/domain/balance.h"
#include "services/funding/domain/budget_basis.h"
#include "services/funding/domain/budget_status.h"
#include "services/funding/domain/money.h"
#include "services/funding/domain/periods.h"
#include "services/funding/domain/project_status.h"

// Mapping between the contract (collab.funding.v1) and the pure domain (domain/): money, dates,
// categories, kinds, the structured basis of a budget line and the computed figures the service
// shows next to what was entered. No rule is decided here; the domain decides, this file copies.
namespace collab::funding {

namespace v1 = collab::funding::v1;
using ProtoMoney = collab::common::v1::Money;

Money FromProto(const ProtoMoney& m);
ProtoMoney ToProto(const Money& m);

DateFields FieldsOf(const collab::common::v1::Date& d);
collab::common::v1::DateRange ToProtoRange(const Period& p);

// Proto enums carry UNSPECIFIED = 0 first; the domain enums start at their first real value
// (ProjectStatus) or carry kUnspecified in the same position (categories, kinds).
ProjectStatus DomainStatus(v1::ProjectStatus s);
v1::ProjectStatus ProtoStatus(ProjectStatus s);
inline BudgetCategory DomainCategory(int c) { return static_cast<BudgetCategory>(c); }
inline FundingKind DomainKind(int k) { return static_cast<FundingKind>(k); }

// The basis oneof of `line` as the domain's Basis; INVALID_ARGUMENT naming
// `<prefix>quantity_price.factors[0].value` and the like for a bad decimal.
absl::StatusOr<Basis> BasisFromProto(const v1::BudgetLine& line, const std::string& prefix);

// Fills the output-only fields of `line` (computed quantities, computed amount, difference,
// flags) from its evaluation. The entered amount is left as it is.
void ApplyEvaluation(const BasisEvaluation& eval, v1::BudgetLine& line);

// Evaluates every line of one project's budget (flat rates need the others) and fills each
// line's computed fields. `lines` are the live lines of the project.
absl::Status EvaluateLines(std::vector<v1::BudgetLine>& lines);

// The domain view of a commitment (funder name, kind, amount, in-kind basis).
Commitment CommitmentOf(const v1::FundingCommitment& c);
// Fills computed_amount and flags of a commitment.
absl::Status ApplyCommitmentEvaluation(v1::FundingCommitment& c);

// The whole BudgetStatus from the domain's result.
void StatusToProto(const BudgetStatusResult& result, v1::BudgetStatus& out);
v1::BudgetWarningCode WarningCodeOf(StatusWarningCode code);

}  // namespace collab::funding
