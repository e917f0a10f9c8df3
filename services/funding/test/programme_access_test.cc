// Access per role (programme_service.proto, "Access"; domain.md): members see and act on their
// own organisation's interests and orders only, others get NOT_FOUND; the programme's owner
// confirms and delivers its own programme's orders; coverage is for the owner, analysts and
// funders.
#include "services/funding/test/programme_fixture.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_PROJECT_MANAGER;

class AccessTest : public ProgrammeTest {
 protected:
  static void SetUpTestSuite() {
    ProgrammeTest::SetUpTestSuite();
    order_a_ = Order(SampleOrder(
        Offering("IA-systemet", v1::SERVICE_CATEGORY_PREVENTIVE, v1::SERVICE_FORMAT_TOOL)));
  }
  static inline v1::Order order_a_;
};

TEST_F(AccessTest, MembersSeeTheirOwnOrdersOnly) {
  v1::GetOrderRequest get;
  get.set_name(order_a_.name());
  v1::Order out;
  EXPECT_TRUE(stub_->GetOrder(Ctx(Hr(member_a_)).get(), get, &out).ok());
  EXPECT_TRUE(stub_->GetOrder(Ctx(P(ROLE_EMPLOYER_MANAGER, member_a_)).get(), get, &out).ok());
  EXPECT_EQ(stub_->GetOrder(Ctx(Hr(member_b_)).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListOrdersRequest list;
  v1::ListOrdersResponse resp;
  ASSERT_TRUE(stub_->ListOrders(Ctx(Hr(member_b_)).get(), list, &resp).ok());
  for (const auto& o : resp.orders()) EXPECT_NE(o.name(), order_a_.name());
  ASSERT_TRUE(stub_->ListOrders(Ctx(Hr(member_a_)).get(), list, &resp).ok());
  EXPECT_GE(resp.orders_size(), 1);
  for (const auto& o : resp.orders()) {
    EXPECT_EQ(o.member_organisation(), "organisations/" + member_a_);
  }

  // Another member cannot cancel, change or list the deliveries of A's order either.
  v1::CancelOrderRequest cancel;
  cancel.set_name(order_a_.name());
  cancel.set_reason(v1::ORDER_CANCEL_REASON_OTHER);
  EXPECT_EQ(stub_->CancelOrder(Ctx(Hr(member_b_)).get(), cancel, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UpdateOrderRequest update;
  update.mutable_order()->set_name(order_a_.name());
  update.mutable_update_mask()->add_paths("note");
  EXPECT_EQ(stub_->UpdateOrder(Ctx(Hr(member_b_)).get(), update, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListDeliveriesRequest deliveries;
  deliveries.set_parent(order_a_.name());
  v1::ListDeliveriesResponse dresp;
  EXPECT_EQ(stub_->ListDeliveries(Ctx(Hr(member_b_)).get(), deliveries, &dresp).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccessTest, OnlyTheProgrammesOwnerMovesOrdersOn) {
  v1::ConfirmOrderRequest confirm;
  confirm.set_name(order_a_.name());
  v1::Order out;
  // The member itself: refused by the method policy.
  EXPECT_EQ(stub_->ConfirmOrder(Ctx(Hr(member_a_)).get(), confirm, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The project manager of another programme's owner: the order is not theirs to see.
  EXPECT_EQ(stub_->ConfirmOrder(Ctx(P(ROLE_PROJECT_MANAGER, other_owner_)).get(), confirm, &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetOrderRequest get;
  get.set_name(order_a_.name());
  EXPECT_EQ(
      stub_->GetOrder(Ctx(P(ROLE_PROJECT_MANAGER, other_owner_)).get(), get, &out).error_code(),
      grpc::StatusCode::NOT_FOUND);
  // Analysts and funders see figures, never orders.
  EXPECT_EQ(stub_->GetOrder(Ctx(P(ROLE_ANALYST, owner_)).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The owner's project manager and an administrator may.
  EXPECT_TRUE(stub_->GetOrder(Ctx(Owner()).get(), get, &out).ok());
  EXPECT_TRUE(stub_->GetOrder(Ctx(P(ROLE_ADMIN, "")).get(), get, &out).ok());
}

TEST_F(AccessTest, InterestsAreTheMembersOwn) {
  v1::CreateInterestRequest req;
  req.mutable_interest()->set_programme("networks/" + programme_);
  req.mutable_interest()->set_member_organisation("organisations/" + member_a_);
  req.set_request_id("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a");
  v1::Interest interest, again;
  ASSERT_TRUE(stub_->CreateInterest(Ctx(Hr(member_a_)).get(), req, &interest).ok());
  EXPECT_TRUE(interest.has_express_date());
  ASSERT_TRUE(stub_->CreateInterest(Ctx(Hr(member_a_)).get(), req, &again).ok());
  EXPECT_EQ(again.name(), interest.name());  // idempotent
  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox WHERE aggregate_id = '" +
                  interest.name() + "'"),
            1);

  // B's HR cannot express interest for A, nor read or withdraw A's.
  req.clear_request_id();
  EXPECT_EQ(stub_->CreateInterest(Ctx(Hr(member_b_)).get(), req, &again).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetInterestRequest get;
  get.set_name(interest.name());
  EXPECT_EQ(stub_->GetInterest(Ctx(Hr(member_b_)).get(), get, &again).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(stub_->GetInterest(Ctx(Owner()).get(), get, &again).ok());
  v1::DeleteInterestRequest del;
  del.set_name(interest.name());
  EXPECT_EQ(stub_->DeleteInterest(Ctx(Hr(member_b_)).get(), del, &again).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(stub_->DeleteInterest(Ctx(Hr(member_a_)).get(), del, &again).ok());
  EXPECT_TRUE(again.has_delete_time());

  // A service of another programme is not a service of this one.
  v1::CreateServiceOfferingRequest other;
  other.mutable_service_offering()->set_programme("networks/" + other_programme_);
  other.mutable_service_offering()->set_display_name("Regionalt forum");
  other.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_DEVELOPMENTAL);
  other.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_OTHER);
  v1::ServiceOffering foreign;
  ASSERT_TRUE(
      stub_
          ->CreateServiceOffering(Ctx(P(ROLE_PROJECT_MANAGER, other_owner_)).get(), other, &foreign)
          .ok());
  req.mutable_interest()->set_service_offering(foreign.name());
  grpc::Status s = stub_->CreateInterest(Ctx(Hr(member_a_)).get(), req, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AccessTest, CoverageIsForTheOwnerAnalystsAndFunders) {
  v1::GetProgrammeCoverageRequest req;
  req.set_programme("networks/" + programme_);
  v1::ProgrammeCoverage out;
  EXPECT_TRUE(stub_->GetProgrammeCoverage(Ctx(Owner()).get(), req, &out).ok());
  EXPECT_TRUE(stub_->GetProgrammeCoverage(Ctx(P(ROLE_ANALYST, "")).get(), req, &out).ok());
  EXPECT_TRUE(stub_->GetProgrammeCoverage(Ctx(P(ROLE_FUNDER, other_owner_)).get(), req, &out).ok());
  EXPECT_EQ(stub_->GetProgrammeCoverage(Ctx(P(ROLE_PROJECT_MANAGER, other_owner_)).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->GetProgrammeCoverage(Ctx(Hr(member_a_)).get(), req, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, UnsignedCallsAreRefused) {
  v1::GetOrderRequest get;
  get.set_name(order_a_.name());
  v1::Order out;
  EXPECT_EQ(stub_->GetOrder(collab::testing::UnsignedContext().get(), get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace collab::funding
