// Plan actions (åtgärder) and comments (synpunkter): validation naming the field, ordering and
// paging, soft delete in a draft, only the state moving in a submitted plan, read-only
// superseded plans, immutable comments oldest first, audit rows on every read and write.
#include "google/protobuf/util/field_mask_util.h"
#include "services/cases/test/plan_fixture.h"

namespace collab::cases {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class PlanActionsCommentsTest : public PlanFixture {
 protected:
  static v1::UpdatePlanActionRequest Update(const v1::PlanAction& action, const std::string& paths) {
    v1::UpdatePlanActionRequest req;
    *req.mutable_action() = action;
    google::protobuf::util::FieldMaskUtil::FromString(paths, req.mutable_update_mask());
    return req;
  }
};

TEST_F(PlanActionsCommentsTest, ValidatesActionsNamingTheFields) {
  const v1::Case c = CaseWithPeriod(301);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  v1::PlanAction in, out;
  *in.mutable_start_date() = D(2026, 12, 10);
  *in.mutable_due_date() = D(2026, 12, 1);
  in.set_owner_organisation("units/x");
  grpc::Status s = AddAction(Hr(), plan.name(), &out, in);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s),
              UnorderedElementsAre("action.kind", "action.description", "action.owner_organisation",
                                   "action.due_date"));
  in = ActionInput();
  in.set_owner_organisation("organisations/00000000-0000-4000-8000-000000000999");
  s = AddAction(Hr(), plan.name(), &out, in);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("action.owner_organisation"));
  v1::CreatePlanActionRequest bad_parent;
  bad_parent.set_parent(c.name());
  EXPECT_THAT(collab::testing::ViolatedFields(
                  stub_->CreatePlanAction(Ctx(Hr()).get(), bad_parent, &out)),
              ElementsAre("parent"));
}

TEST_F(PlanActionsCommentsTest, ListsByDueDateAndPagesAndSoftDeletesInADraft) {
  const v1::Case c = CaseWithPeriod(302);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  v1::PlanAction late = ActionInput(), early = ActionInput(), undated = ActionInput();
  *late.mutable_due_date() = D(2027, 2, 1);
  *early.mutable_due_date() = D(2026, 12, 15);
  early.set_kind(v1::PLAN_ACTION_KIND_WORK_AIDS);
  undated.clear_due_date();
  undated.set_kind(v1::PLAN_ACTION_KIND_OCCUPATIONAL_HEALTH);
  undated.set_owner_role(v1::PARTY_ROLE_OCCUPATIONAL_HEALTH);
  undated.set_owner_organisation("organisations/" + oh_);
  v1::PlanAction a_late, a_early, a_undated;
  ASSERT_TRUE(AddAction(Hr(), plan.name(), &a_late, late).ok());
  ASSERT_TRUE(AddAction(Manager(), plan.name(), &a_early, early).ok());
  ASSERT_TRUE(AddAction(Oh(), plan.name(), &a_undated, undated).ok());
  EXPECT_EQ(a_early.state(), v1::PLAN_ACTION_STATE_PLANNED);

  v1::ListPlanActionsRequest list;
  list.set_parent(plan.name());
  list.set_page_size(2);
  v1::ListPlanActionsResponse page;
  ASSERT_TRUE(stub_->ListPlanActions(Ctx(CaseWorker()).get(), list, &page).ok());
  ASSERT_EQ(page.actions_size(), 2);
  EXPECT_EQ(page.actions(0).name(), a_early.name());
  EXPECT_EQ(page.actions(1).name(), a_late.name());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(stub_->ListPlanActions(Ctx(CaseWorker()).get(), list, &page).ok());
  ASSERT_EQ(page.actions_size(), 1);
  EXPECT_EQ(page.actions(0).name(), a_undated.name());  // unset due date last
  EXPECT_TRUE(page.next_page_token().empty());
  list.set_show_deleted(true);  // another filter: the token no longer fits
  EXPECT_EQ(stub_->ListPlanActions(Ctx(CaseWorker()).get(), list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::DeletePlanActionRequest del;
  del.set_name(a_late.name());
  v1::PlanAction deleted;
  ASSERT_TRUE(stub_->DeletePlanAction(Ctx(Hr()).get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  list.clear_page_token();
  list.set_page_size(0);
  list.set_show_deleted(false);
  ASSERT_TRUE(stub_->ListPlanActions(Ctx(Hr()).get(), list, &page).ok());
  EXPECT_EQ(page.actions_size(), 2);
  list.set_show_deleted(true);
  ASSERT_TRUE(stub_->ListPlanActions(Ctx(Hr()).get(), list, &page).ok());
  EXPECT_EQ(page.actions_size(), 3);

  // Fields change freely in a draft.
  v1::PlanAction patch = a_early;
  patch.set_description("Höj- och sänkbart skrivbord");
  v1::PlanAction changed;
  ASSERT_TRUE(stub_->UpdatePlanAction(Ctx(Oh()).get(), Update(patch, "description"), &changed).ok());
  EXPECT_EQ(changed.description(), "Höj- och sänkbart skrivbord");
  EXPECT_EQ(changed.due_date().day(), 15);
  EXPECT_EQ(stub_->UpdatePlanAction(Ctx(Oh()).get(), Update(patch, "description"), &changed).error_code(),
            grpc::StatusCode::ABORTED);  // a_early's etag is now stale
}

TEST_F(PlanActionsCommentsTest, SubmittedPlansMoveOnlyTheStateAndSupersededOnesAreReadOnly) {
  const v1::Case c = CaseWithPeriod(303);
  v1::ReturnToWorkPlan plan, out;
  v1::PlanAction action;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  ASSERT_TRUE(AddAction(Hr(), plan.name(), &action).ok());
  ASSERT_TRUE(Submit(Hr(), plan.name(), &out).ok());

  v1::PlanAction patch = action, changed, ignored;
  patch.clear_etag();
  patch.set_description("ändrad");
  grpc::Status s = stub_->UpdatePlanAction(Ctx(Hr()).get(), Update(patch, "description"), &changed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  patch.set_state(v1::PLAN_ACTION_STATE_IN_PROGRESS);
  patch.set_state_note("Påbörjad 1 december");
  s = stub_->UpdatePlanAction(Ctx(Manager()).get(), Update(patch, "state,state_note"), &changed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(changed.state(), v1::PLAN_ACTION_STATE_IN_PROGRESS);
  EXPECT_EQ(changed.description(), action.description());
  EXPECT_TRUE(changed.has_state_change_time());
  EXPECT_EQ(AuditRows(c.name(), action.name(), v1::AUDIT_ACTION_UPDATE), 1);

  v1::DeletePlanActionRequest del;
  del.set_name(action.name());
  EXPECT_EQ(stub_->DeletePlanAction(Ctx(Hr()).get(), del, &ignored).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(AddAction(Hr(), plan.name(), &ignored).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // A revision supersedes the plan: its actions and comments freeze.
  v1::ReturnToWorkPlan revision;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &revision, /*copy_actions=*/true).ok());
  ASSERT_TRUE(Submit(Hr(), revision.name(), &out).ok());
  patch.set_state(v1::PLAN_ACTION_STATE_DONE);
  EXPECT_EQ(stub_->UpdatePlanAction(Ctx(Hr()).get(), Update(patch, "state"), &changed).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::CreatePlanCommentRequest comment;
  comment.set_parent(plan.name());
  comment.mutable_comment()->set_author_kind(v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER);
  comment.mutable_comment()->set_text("sent");
  v1::PlanComment ignored_comment;
  EXPECT_EQ(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), comment, &ignored_comment).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PlanActionsCommentsTest, CommentsAreListedOldestFirstAndAudited) {
  const v1::Case c = CaseWithPeriod(304);
  v1::ReturnToWorkPlan plan;
  ASSERT_TRUE(CreatePlan(Hr(), c.name(), &plan).ok());
  v1::CreatePlanCommentRequest req;
  req.set_parent(plan.name());
  v1::PlanComment bad;
  grpc::Status s = stub_->CreatePlanComment(Ctx(CaseWorker()).get(), req, &bad);
  EXPECT_THAT(collab::testing::ViolatedFields(s), UnorderedElementsAre("comment.author_kind", "comment.text"));

  req.mutable_comment()->set_author_kind(v1::PLAN_COMMENT_AUTHOR_KIND_CASE_WORKER);
  req.mutable_comment()->set_text("FK: komplettera med arbetsträning");
  req.set_request_id("3b9a2c1d-0000-4000-8000-000000000304");
  v1::PlanComment first, replay, second;
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(CaseWorker()).get(), req, &replay).ok());
  EXPECT_EQ(replay.name(), first.name());  // idempotent by request_id
  req.clear_request_id();
  req.mutable_comment()->set_author_kind(v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE);
  req.mutable_comment()->set_text("Jag vill börja med halvtid");
  ASSERT_TRUE(stub_->CreatePlanComment(Ctx(Manager()).get(), req, &second).ok());
  EXPECT_EQ(second.recorded_by(), "mgr-a1");

  v1::ListPlanCommentsRequest list;
  list.set_parent(plan.name());
  list.set_page_size(1);
  v1::ListPlanCommentsResponse page;
  ASSERT_TRUE(stub_->ListPlanComments(Ctx(Oh()).get(), list, &page).ok());
  ASSERT_EQ(page.comments_size(), 1);
  EXPECT_EQ(page.comments(0).name(), first.name());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(stub_->ListPlanComments(Ctx(Oh()).get(), list, &page).ok());
  ASSERT_EQ(page.comments_size(), 1);
  EXPECT_EQ(page.comments(0).name(), second.name());
  EXPECT_EQ(page.comments(0).author_kind(), v1::PLAN_COMMENT_AUTHOR_KIND_EMPLOYEE);
  EXPECT_EQ(AuditRows(c.name(), plan.name(), v1::AUDIT_ACTION_LIST), 2);

  const int64_t before = AuditRows(c.name());
  v1::GetPlanCommentRequest get;
  get.set_name(second.name());
  v1::PlanComment got;
  ASSERT_TRUE(stub_->GetPlanComment(Ctx(Hr()).get(), get, &got).ok());
  EXPECT_EQ(got.text(), "Jag vill börja med halvtid");
  EXPECT_EQ(AuditRows(c.name()), before + 1);
  EXPECT_EQ(stub_->GetPlanComment(Ctx(ForeignHr()).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The refused attempt on this existing case is on its chain too, as DENIED (case_refusal.h).
  EXPECT_EQ(AuditRows(c.name()), before + 2);
  EXPECT_EQ(AuditRows(c.name(), c.name(), v1::AUDIT_ACTION_DENIED) +
                AuditRows(c.name(), second.name(), v1::AUDIT_ACTION_DENIED),
            1);
  // A comment of another plan's name under this case is not found either.
  get.set_name(c.name() + "/plans/" + IdOf(plan.name()) + "/comments/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub_->GetPlanComment(Ctx(Hr()).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace collab::cases
