// Meetings about a case: FK's reconciliation meeting (avstämningsmöte, SFB 30 kap. 8 §) and the
// employer's follow-ups — create, read, update by mask and etag, list newest first with paging,
// soft delete; who may record which kind; foreign cases NOT_FOUND; audit rows.
#include "google/protobuf/util/field_mask_util.h"
#include "services/cases/test/plan_fixture.h"

namespace collab::cases {
namespace {

using ::testing::ElementsAre;
using grpc::StatusCode;

class MeetingCrudTest : public PlanFixture {
 protected:
  v1::Meeting Reconciliation(int day) {
    v1::Meeting m;
    m.set_kind(v1::MEETING_KIND_RECONCILIATION);
    *m.mutable_meeting_date() = D(2026, 11, day);
    auto* employee = m.add_participants();
    employee->set_role(v1::PARTY_ROLE_EMPLOYEE);
    employee->set_attended(true);
    auto* manager = m.add_participants();
    manager->set_role(v1::PARTY_ROLE_FIRST_LINE_MANAGER);
    manager->set_organisation("organisations/" + employer_a_);
    manager->set_attended(true);
    auto* fk = m.add_participants();
    fk->set_role(v1::PARTY_ROLE_CASE_WORKER);
    fk->set_organisation("organisations/" + fk_);
    auto* step = m.add_next_steps();
    step->set_description("Arbetsplatsbesök med företagshälsovården");
    step->set_owner_role(v1::PARTY_ROLE_OCCUPATIONAL_HEALTH);
    *step->mutable_due_date() = D(2026, 12, 10);
    return m;
  }
  static grpc::Status CreateMeeting(const auth::Principal& who, const std::string& parent,
                                    const v1::Meeting& m, v1::Meeting* out,
                                    const std::string& request_id = "") {
    v1::CreateMeetingRequest req;
    req.set_parent(parent);
    *req.mutable_meeting() = m;
    req.set_request_id(request_id);
    return stub_->CreateMeeting(Ctx(who).get(), req, out);
  }
  static v1::UpdateMeetingRequest Update(const v1::Meeting& m, const std::string& paths) {
    v1::UpdateMeetingRequest req;
    *req.mutable_meeting() = m;
    google::protobuf::util::FieldMaskUtil::FromString(paths, req.mutable_update_mask());
    return req;
  }
};

TEST_F(MeetingCrudTest, RecordsAReconciliationMeetingAndItsOutcome) {
  const v1::Case c = CaseWithPeriod(401);
  v1::Meeting created, replay;
  grpc::Status s = CreateMeeting(CaseWorker(), c.name(), Reconciliation(20), &created,
                                 "7c2e9f10-0000-4000-8000-000000000401");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.state(), v1::MEETING_STATE_PLANNED);
  ASSERT_EQ(created.participants_size(), 3);
  EXPECT_EQ(created.participants(0).role(), v1::PARTY_ROLE_EMPLOYEE);
  EXPECT_TRUE(created.participants(0).organisation().empty());
  EXPECT_EQ(created.participants(1).organisation(), "organisations/" + employer_a_);
  EXPECT_FALSE(created.participants(2).attended());
  ASSERT_EQ(created.next_steps_size(), 1);
  EXPECT_EQ(created.next_steps(0).due_date().day(), 10);
  EXPECT_EQ(AuditRows(c.name(), created.name(), v1::AUDIT_ACTION_CREATE), 1);
  ASSERT_TRUE(CreateMeeting(CaseWorker(), c.name(), Reconciliation(20), &replay,
                            "7c2e9f10-0000-4000-8000-000000000401").ok());
  EXPECT_EQ(replay.name(), created.name());
  EXPECT_EQ(Count("SELECT count(*) FROM cases.meetings WHERE case_id = '" + IdOf(c.name()) + "'"), 1);
  // The replay read the meeting back: one READ audit row (case_scope.h, RunInCase).
  EXPECT_EQ(AuditRows(c.name(), created.name(), v1::AUDIT_ACTION_READ), 1);

  // Held: outcome and state by mask, guarded by the etag.
  v1::Meeting patch = created;
  patch.set_state(v1::MEETING_STATE_HELD);
  patch.set_outcome_notes("Överens om upptrappning 50 % från december");
  patch.set_kind(v1::MEETING_KIND_OTHER);  // not in the mask: ignored
  v1::Meeting held, ignored;
  s = stub_->UpdateMeeting(Ctx(Agency()).get(), Update(patch, "state,outcome_notes"), &held);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(held.state(), v1::MEETING_STATE_HELD);
  EXPECT_EQ(held.kind(), v1::MEETING_KIND_RECONCILIATION);
  EXPECT_EQ(held.outcome_notes(), "Överens om upptrappning 50 % från december");
  EXPECT_EQ(held.participants_size(), 3);
  EXPECT_NE(held.etag(), created.etag());
  EXPECT_EQ(stub_->UpdateMeeting(Ctx(CaseWorker()).get(), Update(patch, "outcome_notes"), &ignored)
                .error_code(),
            StatusCode::ABORTED);

  // The employer reads it but does not change FK's meeting.
  v1::GetMeetingRequest get;
  get.set_name(created.name());
  v1::Meeting got;
  ASSERT_TRUE(stub_->GetMeeting(Ctx(Manager()).get(), get, &got).ok());
  EXPECT_EQ(got.outcome_notes(), held.outcome_notes());
  EXPECT_EQ(AuditRows(c.name(), created.name(), v1::AUDIT_ACTION_READ), 2);
  patch = held;
  EXPECT_EQ(stub_->UpdateMeeting(Ctx(Hr()).get(), Update(patch, "outcome_notes"), &ignored).error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::DeleteMeetingRequest del;
  del.set_name(created.name());
  EXPECT_EQ(stub_->DeleteMeeting(Ctx(Hr()).get(), del, &ignored).error_code(), StatusCode::PERMISSION_DENIED);
  // Outside the case: not found, whatever the role.
  EXPECT_EQ(stub_->GetMeeting(Ctx(ForeignHr()).get(), get, &got).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(stub_->GetMeeting(Ctx(OtherOfficeCaseWorker()).get(), get, &got).error_code(),
            StatusCode::NOT_FOUND);
  EXPECT_EQ(stub_->DeleteMeeting(Ctx(OtherOfficeCaseWorker()).get(), del, &ignored).error_code(),
            StatusCode::NOT_FOUND);

  ASSERT_TRUE(stub_->DeleteMeeting(Ctx(CaseWorker()).get(), del, &ignored).ok());
  EXPECT_TRUE(ignored.has_delete_time());
  EXPECT_EQ(AuditRows(c.name(), created.name(), v1::AUDIT_ACTION_DELETE), 1);
  ASSERT_TRUE(stub_->GetMeeting(Ctx(CaseWorker()).get(), get, &got).ok());
  EXPECT_TRUE(got.has_delete_time());
}

TEST_F(MeetingCrudTest, WhoRecordsWhichKind) {
  const v1::Case c = CaseWithPeriod(402);
  v1::Meeting follow_up = Reconciliation(12);
  follow_up.set_kind(v1::MEETING_KIND_FOLLOW_UP);
  struct Try {
    std::string label;
    auth::Principal who;
    v1::MeetingKind kind;
    StatusCode want;
  };
  const std::vector<Try> tries = {
      {"FK reconciliation", CaseWorker(), v1::MEETING_KIND_RECONCILIATION, StatusCode::OK},
      {"FK system reconciliation", Agency(), v1::MEETING_KIND_RECONCILIATION, StatusCode::OK},
      {"HR reconciliation", Hr(), v1::MEETING_KIND_RECONCILIATION, StatusCode::PERMISSION_DENIED},
      {"HR follow-up", Hr(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::OK},
      {"manager follow-up", Manager(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::OK},
      {"FK follow-up", CaseWorker(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::OK},
      {"OH follow-up", Oh(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::PERMISSION_DENIED},
      {"other employer", ForeignHr(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::NOT_FOUND},
      {"other unit", OtherUnitManager(), v1::MEETING_KIND_FOLLOW_UP, StatusCode::NOT_FOUND},
      {"analyst", P(cv1::ROLE_ANALYST, employer_a_), v1::MEETING_KIND_FOLLOW_UP,
       StatusCode::PERMISSION_DENIED},
  };
  for (const Try& t : tries) {
    SCOPED_TRACE(t.label);
    v1::Meeting m = Reconciliation(12), out;
    m.set_kind(t.kind);
    EXPECT_EQ(CreateMeeting(t.who, c.name(), m, &out).error_code(), t.want);
  }
  // An employer may not turn its follow-up into FK's meeting.
  v1::Meeting mine, ignored;
  ASSERT_TRUE(CreateMeeting(Hr(), c.name(), follow_up, &mine).ok());
  mine.set_kind(v1::MEETING_KIND_RECONCILIATION);
  EXPECT_EQ(stub_->UpdateMeeting(Ctx(Hr()).get(), Update(mine, "kind"), &ignored).error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(MeetingCrudTest, ValidatesNamingTheFields) {
  const v1::Case c = CaseWithPeriod(403);
  v1::Meeting m = Reconciliation(5), out;
  m.clear_meeting_date();
  m.mutable_participants(0)->set_organisation("organisations/" + employer_a_);
  m.mutable_next_steps(0)->clear_description();
  grpc::Status s = CreateMeeting(CaseWorker(), c.name(), m, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s),
              ::testing::UnorderedElementsAre("meeting.meeting_date",
                                              "meeting.participants[0].organisation",
                                              "meeting.next_steps[0].description"));
  m = Reconciliation(5);
  *m.mutable_meeting_date() = D(2099, 1, 1);
  m.set_state(v1::MEETING_STATE_HELD);
  EXPECT_THAT(collab::testing::ViolatedFields(CreateMeeting(CaseWorker(), c.name(), m, &out)),
              ElementsAre("meeting.meeting_date"));
  EXPECT_EQ(Count("SELECT count(*) FROM cases.meetings WHERE case_id = '" + IdOf(c.name()) + "'"), 0);
}

TEST_F(MeetingCrudTest, ListsNewestFirstWithPagingAndFilters) {
  const v1::Case c = CaseWithPeriod(404);
  v1::Meeting oldest, middle, newest, ignored;
  ASSERT_TRUE(CreateMeeting(CaseWorker(), c.name(), Reconciliation(2), &oldest).ok());
  v1::Meeting follow_up = Reconciliation(9);
  follow_up.set_kind(v1::MEETING_KIND_FOLLOW_UP);
  ASSERT_TRUE(CreateMeeting(Hr(), c.name(), follow_up, &middle).ok());
  ASSERT_TRUE(CreateMeeting(CaseWorker(), c.name(), Reconciliation(16), &newest).ok());

  v1::ListMeetingsRequest list;
  list.set_parent(c.name());
  list.set_page_size(2);
  v1::ListMeetingsResponse page;
  ASSERT_TRUE(stub_->ListMeetings(Ctx(Oh()).get(), list, &page).ok());
  ASSERT_EQ(page.meetings_size(), 2);
  EXPECT_EQ(page.meetings(0).name(), newest.name());
  EXPECT_EQ(page.meetings(1).name(), middle.name());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(stub_->ListMeetings(Ctx(Oh()).get(), list, &page).ok());
  ASSERT_EQ(page.meetings_size(), 1);
  EXPECT_EQ(page.meetings(0).name(), oldest.name());
  EXPECT_TRUE(page.next_page_token().empty());

  list.clear_page_token();
  list.set_page_size(0);
  list.set_kind(v1::MEETING_KIND_RECONCILIATION);
  ASSERT_TRUE(stub_->ListMeetings(Ctx(Oh()).get(), list, &page).ok());
  EXPECT_EQ(page.meetings_size(), 2);

  v1::DeleteMeetingRequest del;
  del.set_name(middle.name());
  ASSERT_TRUE(stub_->DeleteMeeting(Ctx(Manager()).get(), del, &ignored).ok());
  list.set_kind(v1::MEETING_KIND_UNSPECIFIED);
  ASSERT_TRUE(stub_->ListMeetings(Ctx(Oh()).get(), list, &page).ok());
  EXPECT_EQ(page.meetings_size(), 2);
  list.set_show_deleted(true);
  ASSERT_TRUE(stub_->ListMeetings(Ctx(Oh()).get(), list, &page).ok());
  EXPECT_EQ(page.meetings_size(), 3);
  EXPECT_EQ(AuditRows(c.name(), c.name(), v1::AUDIT_ACTION_LIST), 5);
  EXPECT_EQ(stub_->ListMeetings(Ctx(ForeignHr()).get(), list, &page).error_code(), StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::cases
