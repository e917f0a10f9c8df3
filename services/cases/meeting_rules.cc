#include "services/cases/meeting_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "services/cases/case_validation.h"

namespace collab::cases {
namespace {

namespace v1 = collab::cases::v1;

constexpr size_t kMaxOutcomeNotes = 4000;
constexpr size_t kMaxStepText = 2000;
constexpr int kMaxListSize = 50;

}  // namespace

bool MayWriteMeeting(const Viewer& viewer, v1::MeetingKind kind) {
  return MayWrite(viewer, kind == v1::MEETING_KIND_RECONCILIATION ? kReconciliationWriters
                                                                  : kMeetingWriters);
}

void ValidateMeetingInput(const v1::Meeting& m, absl::CivilDay today, FieldViolations& v) {
  if (m.kind() == 0 || !v1::MeetingKind_IsValid(m.kind())) v.Add("meeting.kind", "is required");
  if (!v1::MeetingState_IsValid(m.state())) v.Add("meeting.state", "is not a known value");
  auto date = ToCivilDay(m.meeting_date());
  if (IsUnset(m.meeting_date())) v.Add("meeting.meeting_date", "is required");
  else if (!date) v.Add("meeting.meeting_date", "is not a valid date");
  else if (m.state() == v1::MEETING_STATE_HELD && *date > today) {
    v.Add("meeting.meeting_date", "a HELD meeting must not be dated in the future");
  }
  if (m.participants_size() > kMaxListSize) v.Add("meeting.participants", "must hold at most 50");
  for (int i = 0; i < m.participants_size(); ++i) {
    const v1::MeetingParticipant& p = m.participants(i);
    const std::string field = absl::StrCat("meeting.participants[", i, "]");
    if (p.role() == 0 || !v1::PartyRole_IsValid(p.role())) v.Add(field + ".role", "is required");
    if (p.role() == v1::PARTY_ROLE_EMPLOYEE && !p.organisation().empty()) {
      v.Add(field + ".organisation", "must be unset for the employee");
    } else if (!p.organisation().empty() && OrganisationId(p.organisation()).empty()) {
      v.Add(field + ".organisation", "must be organisations/{organisation}");
    }
  }
  if (m.outcome_notes().size() > kMaxOutcomeNotes) {
    v.Add("meeting.outcome_notes", "must be at most 4000 characters");
  }
  if (m.next_steps_size() > kMaxListSize) v.Add("meeting.next_steps", "must hold at most 50");
  for (int i = 0; i < m.next_steps_size(); ++i) {
    const v1::MeetingNextStep& s = m.next_steps(i);
    const std::string field = absl::StrCat("meeting.next_steps[", i, "]");
    if (s.description().empty()) v.Add(field + ".description", "is required");
    else if (s.description().size() > kMaxStepText) {
      v.Add(field + ".description", "must be at most 2000 characters");
    }
    if (!v1::PartyRole_IsValid(s.owner_role())) v.Add(field + ".owner_role", "is not a known value");
    if (!IsUnset(s.due_date()) && !ToCivilDay(s.due_date())) {
      v.Add(field + ".due_date", "is not a valid date");
    }
  }
}

}  // namespace collab::cases
