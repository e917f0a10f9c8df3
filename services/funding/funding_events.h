#pragma once

#include "absl/status/status.h"
#include "collab/events/v1/funding_events.pb.h"
#include "collab/funding/v1/funding_service.pb.h"
#include <pqxx/pqxx>

// Outbox events of the project side (collab.events.v1 funding_events.proto), each written in the
// caller's transaction so it exists exactly when the change commits (architecture.md, Events).
// No personal data: no project manager, only organisations, amounts and dates.
namespace collab::funding {

namespace v1 = collab::funding::v1;
using collab::events::v1::ChangeKind;

// A project was created (previous UNSPECIFIED) or changed status.
absl::Status AppendProjectStatusChanged(pqxx::work& tx, const v1::Project& project,
                                        v1::ProjectStatus previous);
absl::Status AppendBudgetLineChanged(pqxx::work& tx, const v1::BudgetLine& line, ChangeKind kind);
absl::Status AppendCommitmentRecorded(pqxx::work& tx, const v1::FundingCommitment& commitment,
                                      ChangeKind kind);
absl::Status AppendLedgerEntryBooked(pqxx::work& tx, const v1::LedgerEntry& entry,
                                     const v1::BudgetLine& line);

}  // namespace collab::funding
