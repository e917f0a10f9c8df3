#pragma once

#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "collab/cases/v1/meeting.pb.h"
#include "libs/common/errors.h"
#include "services/cases/case_scope.h"

// Meetings about a case: who records them and what a meeting record must hold (domain.md: "FK
// may call a reconciliation meeting (avstämningsmöte) with the employee, employer, healthcare
// and others; record date, participants by role, outcome, next steps").
namespace collab::cases {

// FK and the employer record meetings (method_policy.cc kCaseWriters).
inline const WriterRoles kMeetingWriters = {Role::kCaseWorker, Role::kAgencySystem,
                                            Role::kEmployerHr, Role::kEmployerManager};
// The reconciliation meeting is FK's (SFB 30 kap. 8 §: Försäkringskassan calls it), so only FK
// records, changes or deletes one, and only FK turns a meeting into one.
inline const WriterRoles kReconciliationWriters = {Role::kCaseWorker, Role::kAgencySystem};

// May the viewer write a meeting of `kind`?
bool MayWriteMeeting(const Viewer& viewer, collab::cases::v1::MeetingKind kind);

// Updatable through UpdateMeeting's mask (case_service.proto).
inline const std::vector<std::string_view> kMeetingUpdatable = {
    "kind", "state", "meeting_date", "start_time", "participants", "outcome_notes", "next_steps"};

// Checks a meeting (prefix "meeting."): kind and meeting_date required, a HELD meeting not dated
// after `today`, participants by role (the employee without an organisation), next steps with a
// description; bounded text and list sizes.
void ValidateMeetingInput(const collab::cases::v1::Meeting& m, absl::CivilDay today,
                          FieldViolations& v);

}  // namespace collab::cases
