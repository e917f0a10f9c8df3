#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "collab/cases/v1/meeting.pb.h"

// SQL of meetings about a case (avstämningsmöten and others). Participants and next steps are
// stored as JSON arrays in proto3 JSON form (migrations/0002_plans.sql). Runs inside the
// caller's transaction; rows are soft-deleted.
namespace collab::cases {

void PrepareMeetingStatements(pqxx::connection& conn);

// `m` validated: kind, state, meeting_date set.
absl::Status InsertMeeting(pqxx::work& tx, const std::string& case_id, const std::string& id,
                           const collab::cases::v1::Meeting& m);
// INTERNAL when a stored list does not parse.
absl::StatusOr<std::optional<collab::cases::v1::Meeting>> LoadMeeting(pqxx::work& tx,
                                                                     const std::string& case_id,
                                                                     const std::string& id);
// Writes every editable field of `m` and bumps the version.
absl::Status UpdateMeetingRow(pqxx::work& tx, const std::string& case_id, const std::string& id,
                              const collab::cases::v1::Meeting& m);
void SoftDeleteMeeting(pqxx::work& tx, const std::string& case_id, const std::string& id);
// Newest meeting date first, then id, after the keyset `after` ({date, id}; empty: from the
// start); `kind` 0 means any; at most `limit`.
absl::StatusOr<std::vector<collab::cases::v1::Meeting>> ListMeetingRows(
    pqxx::work& tx, const std::string& case_id, int kind, bool show_deleted,
    const std::vector<std::string>& after, int limit);
std::vector<std::string> MeetingKey(const collab::cases::v1::Meeting& m);

}  // namespace collab::cases
