// Writes on a case's children that are retried. A create retried by request_id (AIP-155;
// case_scope.h, RunInCase): the idempotency record keeps the child's name only, never its
// personal text (a plan's goal is encrypted at rest, and gallring must reach every copy), and a
// replay reads the child as it now stands. A delete or revocation repeated answers the child
// as it stands. Either answer is a read and appends its audit row like any other.
#include "services/cases/test/plan_fixture.h"

#include "libs/common/crypto.h"
#include "libs/db/idempotent_create.h"
#include "services/cases/case_validation.h"
#include "services/cases/keys.h"

namespace collab::cases {
namespace {

class CreateReplayTest : public PlanFixture {
 protected:
  // Idempotency records holding `text` (as UTF-8 bytes) anywhere in the stored response.
  static int64_t StoredCopies(const std::string& text) {
    return Count("SELECT count(*) FROM cases.idempotency WHERE position(convert_to('" + text +
                 "', 'UTF8') IN response) > 0");
  }

  // The request_hash of the idempotency record stored for `request_id`.
  static std::string StoredHash(const std::string& request_id) {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    return pqxx::binarystring(
               tx.exec1("SELECT request_hash FROM cases.idempotency WHERE request_id = " +
                        tx.quote(request_id))[0])
        .str();
  }

  // The record of `request_id` keeps the keyed fingerprint of `req`, not its plain SHA-256.
  static void ExpectKeyedFingerprint(const google::protobuf::Message& req,
                                     const std::string& request_id) {
    const std::string stored = StoredHash(request_id);
    EXPECT_NE(stored, crypto::Sha256(db::DeterministicBytes(req)));  // unkeyed (before)
    EXPECT_EQ(stored, crypto::Sha256(RequestFingerprint(keys_, req)));
  }

  static void CloseAndErase(const std::string& case_name) {
    v1::Case out;
    v1::CloseCaseRequest close;
    close.set_name(case_name);
    close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
    grpc::Status s = stub_->CloseCase(Ctx(CaseWorker()).get(), close, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::ErasePersonalDataRequest erase;
    erase.set_name(case_name);
    s = stub_->ErasePersonalData(Ctx(CaseWorker()).get(), erase, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
};

TEST_F(CreateReplayTest, PlanReplayKeepsNoTextAndIsAuditedAndErased) {
  const v1::Case c = CaseWithPeriod(741);
  v1::CreatePlanRequest req;
  req.set_parent(c.name());
  *req.mutable_plan() = PlanInput();
  req.mutable_plan()->set_goal("Replaymål 401: tillbaka på heltid");
  req.set_request_id("5a0e7c1d-0000-4000-8000-000000000401");
  v1::ReturnToWorkPlan first, replay;
  grpc::Status s = stub_->CreatePlan(Ctx(Hr()).get(), req, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(StoredCopies("Replaymål 401"), 0);

  const int64_t reads = AuditRows(c.name(), first.name(), v1::AUDIT_ACTION_READ);
  s = stub_->CreatePlan(Ctx(Hr()).get(), req, &replay);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(replay.name(), first.name());
  EXPECT_EQ(replay.goal(), first.goal());
  EXPECT_EQ(AuditRows(c.name(), first.name(), v1::AUDIT_ACTION_READ), reads + 1);

  // After gallring a replay (admitted on the closed case) shows nothing that was erased.
  CloseAndErase(c.name());
  s = stub_->CreatePlan(Ctx(Hr()).get(), req, &replay);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(replay.name(), first.name());
  EXPECT_TRUE(replay.goal().empty());
  EXPECT_TRUE(replay.employee_view().empty());
}

TEST_F(CreateReplayTest, ChildCreatesKeepNoPersonalTextForReplay) {
  const v1::Case c = CaseWithPeriod(742);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());

  v1::CreatePlanActionRequest action;
  action.set_parent(plan.name());
  *action.mutable_action() = ActionInput();
  action.mutable_action()->set_description("Replayåtgärd 402");
  action.set_request_id("5a0e7c1d-0000-4000-8000-000000000402");
  v1::PlanAction a1, a2;
  ASSERT_TRUE(stub_->CreatePlanAction(Ctx(Hr()).get(), action, &a1).ok());
  ASSERT_TRUE(stub_->CreatePlanAction(Ctx(Hr()).get(), action, &a2).ok());
  EXPECT_EQ(a2.name(), a1.name());
  EXPECT_EQ(a2.description(), "Replayåtgärd 402");
  EXPECT_EQ(StoredCopies("Replayåtgärd 402"), 0);

  v1::CreatePlanCommentRequest comment;
  comment.set_parent(plan.name());
  comment.mutable_comment()->set_author_kind(v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER);
  comment.mutable_comment()->set_text("Replaysynpunkt 402");
  comment.set_request_id("5a0e7c1d-0000-4000-8000-000000000403");
  v1::PlanComment c1, c2;
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &c1).ok());
  const int64_t comment_reads = AuditRows(c.name(), c1.name(), v1::AUDIT_ACTION_READ);
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &c2).ok());
  EXPECT_EQ(c2.name(), c1.name());
  EXPECT_EQ(c2.text(), "Replaysynpunkt 402");
  EXPECT_EQ(AuditRows(c.name(), c1.name(), v1::AUDIT_ACTION_READ), comment_reads + 1);
  EXPECT_EQ(StoredCopies("Replaysynpunkt 402"), 0);

  v1::CreateMeetingRequest meeting;
  meeting.set_parent(c.name());
  v1::Meeting* m = meeting.mutable_meeting();
  m->set_kind(v1::MEETING_KIND_FOLLOW_UP);
  *m->mutable_meeting_date() = FromCivilDay(SwedishToday() + 10);
  m->set_outcome_notes("Replaymöte 402");
  meeting.set_request_id("5a0e7c1d-0000-4000-8000-000000000404");
  v1::Meeting m1, m2;
  grpc::Status s = stub_->CreateMeeting(Ctx(Hr()).get(), meeting, &m1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_TRUE(stub_->CreateMeeting(Ctx(Hr()).get(), meeting, &m2).ok());
  EXPECT_EQ(m2.name(), m1.name());
  EXPECT_EQ(m2.outcome_notes(), "Replaymöte 402");
  EXPECT_EQ(StoredCopies("Replaymöte 402"), 0);

  v1::GiveConsentRequest give = EmployerDiagnosisConsent(c, "Samtycke 402");
  give.mutable_consent()->set_purpose_text("Replaysyfte 402");
  give.set_request_id("5a0e7c1d-0000-4000-8000-000000000405");
  v1::Consent g1, g2;
  s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &g1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Revoked in between: the replay shows the consent as it now stands, not as still in force.
  v1::RevokeConsentRequest revoke;
  revoke.set_name(g1.name());
  v1::Consent revoked;
  ASSERT_TRUE(stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &revoked).ok());
  const int64_t consent_reads = AuditRows(c.name(), g1.name(), v1::AUDIT_ACTION_READ);
  ASSERT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &g2).ok());
  EXPECT_EQ(g2.name(), g1.name());
  EXPECT_EQ(g2.state(), v1::CONSENT_STATE_REVOKED);
  EXPECT_EQ(AuditRows(c.name(), g1.name(), v1::AUDIT_ACTION_READ), consent_reads + 1);
  EXPECT_EQ(StoredCopies("Replaysyfte 402"), 0);
}

// A child create's idempotency record keeps an HMAC of the request under the lookup key
// (keys.h, RequestFingerprint), as CreateCase's does, never a plain hash of the request: its
// personal text (a meeting's notes, a consent's purpose) could otherwise be confirmed by hashing
// guessed values. Replays still match: the same request replays, a changed one is refused.
TEST_F(CreateReplayTest, ChildCreateFingerprintIsKeyedWithTheLookupKey) {
  const v1::Case c = CaseWithPeriod(744);

  v1::CreateMeetingRequest meeting;
  meeting.set_parent(c.name());
  meeting.mutable_meeting()->set_kind(v1::MEETING_KIND_FOLLOW_UP);
  *meeting.mutable_meeting()->mutable_meeting_date() = FromCivilDay(SwedishToday() + 10);
  meeting.mutable_meeting()->set_outcome_notes("Nyckelmöte 744");
  meeting.set_request_id("5a0e7c1d-0000-4000-8000-000000000744");
  v1::Meeting m1, m2;
  ASSERT_TRUE(stub_->CreateMeeting(Ctx(Hr()).get(), meeting, &m1).ok());
  ExpectKeyedFingerprint(meeting, meeting.request_id());
  ASSERT_TRUE(stub_->CreateMeeting(Ctx(Hr()).get(), meeting, &m2).ok());
  EXPECT_EQ(m2.name(), m1.name());
  meeting.mutable_meeting()->set_outcome_notes("Nyckelmöte 744, ändrat");
  grpc::Status s = stub_->CreateMeeting(Ctx(Hr()).get(), meeting, &m2);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();

  v1::GiveConsentRequest give = EmployerDiagnosisConsent(c, "Samtycke 744");
  give.mutable_consent()->set_purpose_text("Nyckelsyfte 744");
  give.set_request_id("5a0e7c1d-0000-4000-8000-000000000745");
  v1::Consent g1, g2;
  s = stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &g1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectKeyedFingerprint(give, give.request_id());
  ASSERT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &g2).ok());
  EXPECT_EQ(g2.name(), g1.name());
}

// The writes outside RunInCase whose requests hold personal data fingerprint them with the lookup
// key too: an absence spell (the employee's identity number) and a close (its free-text note).
TEST_F(CreateReplayTest, SpellAndCloseFingerprintsAreKeyedWithTheLookupKey) {
  v1::CreateAbsenceSpellRequest spell;
  v1::AbsenceSpell* a = spell.mutable_absence_spell();
  a->set_employer("organisations/" + employer_a_);
  a->set_employee_identity_number(Pnr(746));
  *a->mutable_period()->mutable_start_date() = FromCivilDay(SwedishToday() - 20);
  *a->mutable_period()->mutable_end_date() = FromCivilDay(SwedishToday() - 18);
  spell.set_request_id("5a0e7c1d-0000-4000-8000-000000000746");
  v1::AbsenceSpell s1, s2;
  grpc::Status s = stub_->CreateAbsenceSpell(Ctx(Hr()).get(), spell, &s1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectKeyedFingerprint(spell, spell.request_id());
  ASSERT_TRUE(stub_->CreateAbsenceSpell(Ctx(Hr()).get(), spell, &s2).ok());
  EXPECT_EQ(s2.name(), s1.name());

  const v1::Case c = CaseWithPeriod(747);
  v1::CloseCaseRequest close;
  close.set_name(c.name());
  close.set_reason(v1::CASE_CLOSE_REASON_RETURNED_TO_WORK);
  close.set_note("Tillbaka på heltid 747");
  close.set_request_id("5a0e7c1d-0000-4000-8000-000000000747");
  v1::Case closed, again;
  s = stub_->CloseCase(Ctx(CaseWorker()).get(), close, &closed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectKeyedFingerprint(close, close.request_id());
  ASSERT_TRUE(stub_->CloseCase(Ctx(CaseWorker()).get(), close, &again).ok());
  EXPECT_EQ(again.status(), v1::CASE_STATUS_CLOSED);
}

// A delete or revocation repeated on a child already deleted or revoked answers the child as it
// stands, writing nothing: that answer is a read and appends its READ audit row.
TEST_F(CreateReplayTest, RepeatedDeleteOrRevokeIsAuditedAsARead) {
  const v1::Case c = CaseWithPeriod(743);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  v1::PlanAction action;
  ASSERT_TRUE(AddAction(Hr(), plan.name(), &action).ok());
  v1::DeletePlanActionRequest del_action;
  del_action.set_name(action.name());
  v1::PlanAction deleted;
  ASSERT_TRUE(stub_->DeletePlanAction(Ctx(Hr()).get(), del_action, &deleted).ok());
  const int64_t action_reads = AuditRows(c.name(), action.name(), v1::AUDIT_ACTION_READ);
  ASSERT_TRUE(stub_->DeletePlanAction(Ctx(Hr()).get(), del_action, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_EQ(AuditRows(c.name(), action.name(), v1::AUDIT_ACTION_READ), action_reads + 1);

  v1::CreateMeetingRequest create;
  create.set_parent(c.name());
  create.mutable_meeting()->set_kind(v1::MEETING_KIND_FOLLOW_UP);
  *create.mutable_meeting()->mutable_meeting_date() = FromCivilDay(SwedishToday() + 10);
  create.mutable_meeting()->set_outcome_notes("Uppföljning 743");
  v1::Meeting meeting, gone;
  ASSERT_TRUE(stub_->CreateMeeting(Ctx(Hr()).get(), create, &meeting).ok());
  v1::DeleteMeetingRequest del_meeting;
  del_meeting.set_name(meeting.name());
  ASSERT_TRUE(stub_->DeleteMeeting(Ctx(Hr()).get(), del_meeting, &gone).ok());
  const int64_t meeting_reads = AuditRows(c.name(), meeting.name(), v1::AUDIT_ACTION_READ);
  ASSERT_TRUE(stub_->DeleteMeeting(Ctx(Hr()).get(), del_meeting, &gone).ok());
  EXPECT_EQ(gone.outcome_notes(), "Uppföljning 743");
  EXPECT_EQ(AuditRows(c.name(), meeting.name(), v1::AUDIT_ACTION_READ), meeting_reads + 1);

  v1::GiveConsentRequest give = EmployerDiagnosisConsent(c, "Samtycke 743");
  v1::Consent given, revoked;
  ASSERT_TRUE(stub_->GiveConsent(Ctx(CaseWorker()).get(), give, &given).ok());
  v1::RevokeConsentRequest revoke;
  revoke.set_name(given.name());
  ASSERT_TRUE(stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &revoked).ok());
  const int64_t consent_reads = AuditRows(c.name(), given.name(), v1::AUDIT_ACTION_READ);
  ASSERT_TRUE(stub_->RevokeConsent(Ctx(CaseWorker()).get(), revoke, &revoked).ok());
  EXPECT_EQ(revoked.state(), v1::CONSENT_STATE_REVOKED);
  EXPECT_EQ(AuditRows(c.name(), given.name(), v1::AUDIT_ACTION_READ), consent_reads + 1);
}

}  // namespace
}  // namespace collab::cases
