// Programme orders (avrop): joint ordering, the order state machine and retired services
// (domain.md, "Programme services"; collab.funding.v1.Order, OrderState).
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "libs/common/errors.h"
#include "services/funding/domain/error_reasons.h"
#include "services/funding/domain/order_rules.h"

namespace collab::funding {
namespace {

using O = OrderState;
using T = OrderTransition;

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  google::rpc::BadRequest detail;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload) detail.ParseFromString(std::string(*payload));
  std::vector<std::string> fields;
  for (const auto& v : detail.field_violations()) fields.push_back(v.field());
  return fields;
}

std::string ReasonOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (payload) info.ParseFromString(std::string(*payload));
  return info.reason();
}

TEST(JointOrderTest, EmployerAndUnionSideBothRequired) {
  OrderParties parties{"organisations/karlstad", "organisations/karlstad/contacts/hr-chef",
                       "organisations/kommunal-karlstad/contacts/skyddsombud"};
  EXPECT_TRUE(CheckJointOrder(parties).ok());

  OrderParties no_union = parties;
  no_union.union_orderer.clear();
  absl::Status s = CheckJointOrder(no_union);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s), kJointOrderReason);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"union_orderer"});

  EXPECT_EQ(ViolatedFields(CheckJointOrder(OrderParties{"organisations/karlstad", "", ""})),
            (std::vector<std::string>{"employer_orderer", "union_orderer"}));

  OrderParties same = parties;
  same.union_orderer = same.employer_orderer;
  EXPECT_EQ(ViolatedFields(CheckJointOrder(same)), std::vector<std::string>{"union_orderer"});
}

TEST(OrderStateTest, HappyPathAndCancellation) {
  O s = O::kRequested;
  for (auto [t, expected] : {std::pair{T::kConfirm, O::kConfirmed},
                             {T::kStartDelivery, O::kDelivering},
                             {T::kComplete, O::kDelivered}}) {
    s = *ApplyOrderTransition(s, t);
    EXPECT_EQ(s, expected);
  }
  for (O from : {O::kRequested, O::kConfirmed, O::kDelivering}) {
    EXPECT_EQ(*ApplyOrderTransition(from, T::kCancel), O::kCancelled);
  }
}

TEST(OrderStateTest, IllegalTransitionsAreRefused) {
  absl::Status s = ApplyOrderTransition(O::kRequested, T::kComplete).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "CompleteOrder is not allowed in state REQUESTED (allowed from DELIVERING)");
  EXPECT_EQ(ReasonOf(s), kOrderTransitionReason);
  EXPECT_FALSE(ApplyOrderTransition(O::kDelivered, T::kCancel).ok());
  EXPECT_FALSE(ApplyOrderTransition(O::kCancelled, T::kCancel).ok());
  EXPECT_FALSE(ApplyOrderTransition(O::kCancelled, T::kConfirm).ok());
  EXPECT_FALSE(ApplyOrderTransition(O::kRequested, T::kStartDelivery).ok());
  int allowed = 0;
  for (O from : {O::kRequested, O::kConfirmed, O::kDelivering, O::kDelivered, O::kCancelled}) {
    for (T t : {T::kConfirm, T::kStartDelivery, T::kComplete, T::kCancel}) {
      allowed += ApplyOrderTransition(from, t).ok();
    }
  }
  EXPECT_EQ(allowed, 6);  // confirm, start, complete, and cancel from three states
}

TEST(OrderStateTest, DeliveriesAndCompletion) {
  EXPECT_TRUE(CheckCanRecordDelivery(O::kDelivering).ok());
  EXPECT_FALSE(CheckCanRecordDelivery(O::kConfirmed).ok());
  EXPECT_FALSE(CheckCanRecordDelivery(O::kDelivered).ok());
  EXPECT_TRUE(CheckCanComplete(O::kDelivering, 2).ok());
  EXPECT_EQ(CheckCanComplete(O::kDelivering, 0).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(CheckCanComplete(O::kConfirmed, 1)), kOrderTransitionReason);
}

TEST(OrderableTest, RetiredServiceCannotBeOrderedAfterItsRetirementDate) {
  // Effektiva team was retired in the second half of 2021 when its goals were met.
  ServiceAvailability effektiva_team{absl::CivilDay(2019, 1, 1), std::nullopt,
                                     absl::CivilDay(2021, 7, 1)};
  EXPECT_TRUE(CheckOrderable(effektiva_team, absl::CivilDay(2021, 6, 30)).ok());
  absl::Status s = CheckOrderable(effektiva_team, absl::CivilDay(2021, 7, 1));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "the service was retired on 2021-07-01");
  EXPECT_EQ(ReasonOf(s), kServiceRetiredReason);
  EXPECT_EQ(ReasonOf(CheckOrderable(effektiva_team, absl::CivilDay(2018, 12, 31))),
            kServiceNotAvailableReason);
  ServiceAvailability windowed{std::nullopt, absl::CivilDay(2021, 5, 31), std::nullopt};
  EXPECT_TRUE(CheckOrderable(windowed, absl::CivilDay(2021, 5, 31)).ok());
  EXPECT_EQ(ReasonOf(CheckOrderable(windowed, absl::CivilDay(2021, 6, 1))),
            kServiceNotAvailableReason);
}

}  // namespace
}  // namespace collab::funding
