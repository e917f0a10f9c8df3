// Orders (avrop): joint ordering by the employer and the union side, membership, the state
// machine with its illegal transitions, delivery occasions, idempotency and the outbox.
#include "collab/events/v1/funding_events.pb.h"
#include "services/funding/test/programme_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using collab::testing::ViolatedFields;
using ::testing::ElementsAre;

class OrderTest : public ProgrammeTest {
 protected:
  static void SetUpTestSuite() {
    ProgrammeTest::SetUpTestSuite();
    offering_ = Offering("Fånga tidiga tecken");
  }
  grpc::Status Create(const v1::Order& order, v1::Order* out, const std::string& as = "") {
    v1::CreateOrderRequest req;
    *req.mutable_order() = order;
    return stub_->CreateOrder(Ctx(Hr(as.empty() ? member_a_ : as)).get(), req, out);
  }
  int64_t Events(const v1::Order& o) {
    return Count("SELECT count(*) FROM funding.outbox WHERE aggregate_id = '" + o.name() +
                 "' AND event_type = 'collab.events.v1.OrderStatusChanged'");
  }
  static inline v1::ServiceOffering offering_;
};

TEST_F(OrderTest, BothSidesMustOrderJointly) {
  v1::Order order = SampleOrder(offering_);
  order.clear_union_orderer();
  v1::Order out;
  grpc::Status s = Create(order, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "JOINT_ORDER_REQUIRED");
  EXPECT_THAT(ViolatedFields(s), ElementsAre("union_orderer"));

  order = SampleOrder(offering_);
  order.clear_employer_orderer();
  s = Create(order, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("employer_orderer"));

  // One person cannot stand for both sides.
  order = SampleOrder(offering_);
  order.set_union_orderer(order.employer_orderer());
  s = Create(order, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "JOINT_ORDER_REQUIRED");

  // Both recorded: the order is REQUESTED with both sides on it. The union side may be a
  // representative at the union organisation itself.
  order = SampleOrder(offering_);
  order.set_member_organisation("organisations/" + member_b_);
  order.set_employer_orderer(b_hr_);
  order.set_union_orderer(b_union_rep_);
  ASSERT_TRUE(Create(order, &out, member_b_).ok());
  EXPECT_EQ(out.state(), v1::ORDER_STATE_REQUESTED);
  EXPECT_EQ(out.employer_orderer(), b_hr_);
  EXPECT_EQ(out.union_orderer(), b_union_rep_);
  EXPECT_EQ(out.programme(), "networks/" + programme_);
}

TEST_F(OrderTest, BadInputNamesTheField) {
  v1::Order order = SampleOrder(offering_);
  order.set_service_offering("tjänst 7");
  order.set_employer_orderer(b_hr_);  // a contact of another organisation
  order.set_expected_participants(-1);
  order.mutable_desired_period()->mutable_start_date()->set_year(2021);
  order.mutable_desired_period()->mutable_start_date()->set_month(2);
  order.mutable_desired_period()->mutable_start_date()->set_day(30);
  v1::Order out;
  grpc::Status s = Create(order, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s),
              ElementsAre("order.service_offering", "order.employer_orderer",
                          "order.desired_period.start_date", "order.expected_participants"));
}

TEST_F(OrderTest, OnlyMembersOrderAndOnlyForThemselves) {
  v1::Order order = SampleOrder(offering_);
  v1::Order out;
  // Member B's HR ordering for A.
  EXPECT_EQ(Create(order, &out, member_b_).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // An organisation with no membership in the programme.
  const std::string contact = CreateContact(outsider_, "Eva Ström", orgv1::CONTACT_ROLE_HR);
  order.set_member_organisation("organisations/" + outsider_);
  order.set_employer_orderer(contact);
  grpc::Status s = Create(order, &out, outsider_);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "NOT_A_PROGRAMME_MEMBER");

  // An organisation that does not exist (checked with the organisations service).
  const std::string ghost = "7f000000-0000-4000-8000-000000000001";
  order.set_member_organisation("organisations/" + ghost);
  order.set_employer_orderer("organisations/" + ghost +
                             "/contacts/7f000000-0000-4000-8000-000000000002");
  s = Create(order, &out, ghost);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("order.member_organisation"));
}

TEST_F(OrderTest, StateMachineFromRequestToDelivered) {
  v1::Order o = Order(SampleOrder(offering_));
  EXPECT_EQ(o.state(), v1::ORDER_STATE_REQUESTED);
  EXPECT_EQ(Events(o), 1);

  // Illegal from REQUESTED.
  v1::CompleteOrderRequest complete;
  complete.set_name(o.name());
  v1::Order out;
  grpc::Status s = stub_->CompleteOrder(Ctx(Owner()).get(), complete, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "ORDER_STATE_TRANSITION_NOT_ALLOWED");
  EXPECT_EQ(s.error_message(),
            "CompleteOrder is not allowed in state REQUESTED (allowed from DELIVERING)");
  v1::StartOrderDeliveryRequest start;
  start.set_name(o.name());
  EXPECT_EQ(stub_->StartOrderDelivery(Ctx(Owner()).get(), start, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Events(o), 1);  // refused changes leave no event

  o = Confirm(o);
  EXPECT_EQ(o.state(), v1::ORDER_STATE_CONFIRMED);
  EXPECT_TRUE(o.has_confirm_time());
  v1::ConfirmOrderRequest confirm;
  confirm.set_name(o.name());
  EXPECT_EQ(stub_->ConfirmOrder(Ctx(Owner()).get(), confirm, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  o = StartDelivery(o);
  EXPECT_EQ(o.state(), v1::ORDER_STATE_DELIVERING);
  EXPECT_TRUE(o.has_delivery_start_time());
  // Completing needs at least one occasion.
  s = stub_->CompleteOrder(Ctx(Owner()).get(), complete, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  Deliver(o, 2, 12);
  complete.set_etag(o.etag());
  ASSERT_TRUE(stub_->CompleteOrder(Ctx(Owner()).get(), complete, &out).ok());
  EXPECT_EQ(out.state(), v1::ORDER_STATE_DELIVERED);
  EXPECT_TRUE(out.has_complete_time());
  EXPECT_EQ(Events(o), 4);

  // DELIVERED is final.
  v1::CancelOrderRequest cancel;
  cancel.set_name(o.name());
  cancel.set_reason(v1::ORDER_CANCEL_REASON_MEMBER_WITHDREW);
  s = stub_->CancelOrder(Ctx(Hr(member_a_)).get(), cancel, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "CancelOrder is not allowed in state DELIVERED (allowed from REQUESTED, CONFIRMED, "
            "DELIVERING)");

  // The last event carries the transition, pseudonymously.
  auto conn = Superuser();
  pqxx::work tx(*conn);
  pqxx::row row = tx.exec1("SELECT payload FROM funding.outbox WHERE aggregate_id = '" +
                           o.name() + "' ORDER BY seq DESC LIMIT 1");
  collab::events::v1::OrderStatusChanged e;
  ASSERT_TRUE(e.ParseFromString(pqxx::binarystring(row[0]).str()));
  EXPECT_EQ(e.order(), o.name());
  EXPECT_EQ(e.previous_state(), v1::ORDER_STATE_DELIVERING);
  EXPECT_EQ(e.state(), v1::ORDER_STATE_DELIVERED);
  EXPECT_EQ(e.member_organisation(), "organisations/" + member_a_);
  EXPECT_EQ(e.service_category(), v1::SERVICE_CATEGORY_PREVENTIVE);
}

TEST_F(OrderTest, CancellationNeedsAReasonAndIsFinal) {
  v1::Order o = Order(SampleOrder(offering_));
  v1::CancelOrderRequest cancel;
  cancel.set_name(o.name());
  v1::Order out;
  grpc::Status s = stub_->CancelOrder(Ctx(Hr(member_a_)).get(), cancel, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("reason"));

  cancel.set_reason(v1::ORDER_CANCEL_REASON_MEMBER_WITHDREW);
  cancel.set_note("Omorganisation");
  ASSERT_TRUE(stub_->CancelOrder(Ctx(Hr(member_a_)).get(), cancel, &out).ok());
  EXPECT_EQ(out.state(), v1::ORDER_STATE_CANCELLED);
  EXPECT_EQ(out.cancel_reason(), v1::ORDER_CANCEL_REASON_MEMBER_WITHDREW);
  EXPECT_TRUE(out.has_cancel_time());
  EXPECT_EQ(stub_->CancelOrder(Ctx(Hr(member_a_)).get(), cancel, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::ConfirmOrderRequest confirm;
  confirm.set_name(o.name());
  EXPECT_EQ(stub_->ConfirmOrder(Ctx(Owner()).get(), confirm, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrderTest, DeliveredAtSeveralOccasions) {
  v1::Order o = StartDelivery(Confirm(Order(SampleOrder(offering_))));
  v1::Delivery first = Deliver(o, 3, 14);
  v1::Delivery second = Deliver(o, 10, 11);
  v1::Delivery third = Deliver(o, 17, 9);
  EXPECT_THAT(first.name(), ::testing::StartsWith(o.name() + "/deliveries/"));

  v1::ListDeliveriesRequest list;
  list.set_parent(o.name());
  list.set_page_size(2);
  v1::ListDeliveriesResponse page1, page2;
  ASSERT_TRUE(stub_->ListDeliveries(Ctx(Hr(member_a_)).get(), list, &page1).ok());
  ASSERT_EQ(page1.deliveries_size(), 2);
  EXPECT_EQ(page1.deliveries(0).name(), first.name());
  EXPECT_EQ(page1.deliveries(1).name(), second.name());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(stub_->ListDeliveries(Ctx(Hr(member_a_)).get(), list, &page2).ok());
  ASSERT_EQ(page2.deliveries_size(), 1);
  EXPECT_EQ(page2.deliveries(0).name(), third.name());

  // A correction with a mask; an occasion deleted in error.
  v1::UpdateDeliveryRequest update;
  update.mutable_delivery()->set_name(second.name());
  update.mutable_delivery()->set_participant_count(13);
  update.mutable_update_mask()->add_paths("participant_count");
  v1::Delivery changed;
  ASSERT_TRUE(stub_->UpdateDelivery(Ctx(Owner()).get(), update, &changed).ok());
  EXPECT_EQ(changed.participant_count(), 13);
  EXPECT_EQ(changed.format(), v1::DELIVERY_FORMAT_DIGITAL);
  v1::DeleteDeliveryRequest del;
  del.set_name(third.name());
  v1::Delivery deleted;
  ASSERT_TRUE(stub_->DeleteDelivery(Ctx(Owner()).get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());

  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox WHERE aggregate_id = '" + o.name() +
                  "' AND event_type = 'collab.events.v1.DeliveryRecorded'"),
            5);

  // Occasions are recorded while DELIVERING only.
  v1::Order requested = Order(SampleOrder(offering_));
  v1::CreateDeliveryRequest req;
  req.set_parent(requested.name());
  *req.mutable_delivery() = first;
  req.mutable_delivery()->clear_name();
  v1::Delivery out;
  EXPECT_EQ(stub_->CreateDelivery(Ctx(Owner()).get(), req, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Bad input names the field.
  req.set_parent(o.name());
  req.mutable_delivery()->clear_delivery_date();
  req.mutable_delivery()->set_participant_count(-2);
  req.mutable_delivery()->clear_format();
  grpc::Status s = stub_->CreateDelivery(Ctx(Owner()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("delivery.delivery_date", "delivery.participant_count",
                                             "delivery.format"));
}

TEST_F(OrderTest, CreatesAndTransitionsAreIdempotent) {
  v1::CreateOrderRequest req;
  *req.mutable_order() = SampleOrder(offering_);
  req.set_request_id("0c9a8c52-6a0e-4d6b-9a0f-3f1d2b7e8a11");
  v1::Order first, again;
  ASSERT_TRUE(stub_->CreateOrder(Ctx(Hr(member_a_)).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateOrder(Ctx(Hr(member_a_)).get(), req, &again).ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(Count("SELECT count(*) FROM funding.programme_orders WHERE id = '" +
                  IdOf(first.name()) + "'"),
            1);
  req.mutable_order()->set_expected_participants(99);
  EXPECT_EQ(stub_->CreateOrder(Ctx(Hr(member_a_)).get(), req, &again).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A retried ConfirmOrder answers as the first time instead of an illegal transition.
  v1::ConfirmOrderRequest confirm;
  confirm.set_name(first.name());
  confirm.set_request_id("5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f");
  ASSERT_TRUE(stub_->ConfirmOrder(Ctx(Owner()).get(), confirm, &again).ok());
  ASSERT_TRUE(stub_->ConfirmOrder(Ctx(Owner()).get(), confirm, &again).ok());
  EXPECT_EQ(again.state(), v1::ORDER_STATE_CONFIRMED);
  EXPECT_EQ(Events(first), 2);
}

TEST_F(OrderTest, UpdateWithMaskAndEtag) {
  v1::Order o = Order(SampleOrder(offering_));
  v1::UpdateOrderRequest req;
  req.mutable_order()->set_name(o.name());
  req.mutable_order()->set_etag(o.etag());
  req.mutable_order()->set_expected_participants(35);
  req.mutable_update_mask()->add_paths("expected_participants");
  v1::Order out;
  ASSERT_TRUE(stub_->UpdateOrder(Ctx(Hr(member_a_)).get(), req, &out).ok());
  EXPECT_EQ(out.expected_participants(), 35);
  EXPECT_EQ(stub_->UpdateOrder(Ctx(Hr(member_a_)).get(), req, &out).error_code(),
            grpc::StatusCode::ABORTED);

  // The state is changed by the custom methods only.
  req.mutable_order()->set_etag(out.etag());
  req.mutable_update_mask()->add_paths("state");
  grpc::Status s = stub_->UpdateOrder(Ctx(Hr(member_a_)).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("update_mask"));

  // Clearing a side breaks joint ordering.
  req.mutable_update_mask()->Clear();
  req.mutable_update_mask()->add_paths("union_orderer");
  s = stub_->UpdateOrder(Ctx(Hr(member_a_)).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "JOINT_ORDER_REQUIRED");
}

TEST_F(OrderTest, AFailedWriteLeavesNeitherOrderNorOutboxRow) {
  const int64_t orders_before = Count("SELECT count(*) FROM funding.programme_orders");
  const int64_t outbox_before = Count("SELECT count(*) FROM funding.outbox");
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec(
        "CREATE FUNCTION funding.fail_outbox() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'outbox refused for the test'; END $$");
    tx.exec(
        "CREATE TRIGGER fail_outbox BEFORE INSERT ON funding.outbox "
        "FOR EACH ROW EXECUTE FUNCTION funding.fail_outbox()");
    tx.commit();
  }
  v1::Order out;
  EXPECT_FALSE(Create(SampleOrder(offering_), &out).ok());
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("DROP TRIGGER fail_outbox ON funding.outbox");
    tx.exec("DROP FUNCTION funding.fail_outbox()");
    tx.commit();
  }
  EXPECT_EQ(Count("SELECT count(*) FROM funding.programme_orders"), orders_before);
  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox"), outbox_before);
  ASSERT_TRUE(Create(SampleOrder(offering_), &out).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM funding.programme_orders"), orders_before + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM funding.outbox"), outbox_before + 1);
}

TEST_F(OrderTest, MalformedListFiltersAreNamed) {
  v1::ListOrdersRequest orders;
  orders.set_programme("programmes/x");
  orders.set_member_organisation("units/y");
  orders.set_service_offering("offerings/z");
  v1::ListOrdersResponse orders_out;
  grpc::Status s = stub_->ListOrders(Ctx(Hr(member_a_)).get(), orders, &orders_out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s),
              ElementsAre("programme", "member_organisation", "service_offering"));

  v1::ListInterestsRequest interests;
  interests.set_member_organisation("units/y");
  v1::ListInterestsResponse interests_out;
  s = stub_->ListInterests(Ctx(Hr(member_a_)).get(), interests, &interests_out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("member_organisation"));
}

}  // namespace
}  // namespace collab::funding
