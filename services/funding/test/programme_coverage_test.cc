// Programme coverage on a generated data set of the seed's shape (seed 001, domain.md): 247
// members, nearly 80 % expressed interest, more than 50 % ordered at least one service, 165
// orders delivered at 263 occasions. Everything goes through the public RPCs of both services.
#include "services/funding/test/programme_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ANALYST;
using ::testing::ElementsAre;

constexpr int kMembers = 247;
constexpr int kInterested = 197;  // 79.76 %: "nära 80 procent"
constexpr int kOrdering = 130;    // 52.63 %: "mer än 50 procent"
constexpr int kDelivered = 165;   // orders delivered …
constexpr int kOccasions = 263;   // … at this many occasions
constexpr int kOpen = 10;         // orders not yet delivered
constexpr int kCancelled = 5;     // not counted

class CoverageTest : public ProgrammeTest {};

TEST_F(CoverageTest, FiguresOfTheSeedsShape) {
  const std::string programme = CreateProgramme("Hållbart arbetsliv (täckning)", owner_);
  std::vector<std::string> members, employer_side, union_side;
  for (int i = 0; i < kMembers; ++i) {
    members.push_back(
        CreateOrganisation("Myndighet " + std::to_string(i), orgv1::ORGANISATION_KIND_AGENCY));
    AddMember(programme, members.back());
  }
  for (int i = 0; i < kOrdering; ++i) {
    employer_side.push_back(CreateContact(members[i], "HR", orgv1::CONTACT_ROLE_HR));
    union_side.push_back(
        CreateContact(members[i], "Facklig", orgv1::CONTACT_ROLE_UNION_REPRESENTATIVE));
  }
  std::vector<v1::ServiceOffering> services;
  for (const char* name : {"IA-systemet", "Effektiva team", "Fånga tidiga tecken"}) {
    v1::CreateServiceOfferingRequest req;
    req.mutable_service_offering()->set_programme("networks/" + programme);
    req.mutable_service_offering()->set_display_name(name);
    req.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_PREVENTIVE);
    req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_WORKSHOP);
    v1::ServiceOffering out;
    ASSERT_TRUE(stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &out).ok());
    services.push_back(out);
  }

  for (int i = 0; i < kInterested; ++i) {
    v1::CreateInterestRequest req;
    req.mutable_interest()->set_programme("networks/" + programme);
    req.mutable_interest()->set_member_organisation("organisations/" + members[i]);
    v1::Interest out;
    ASSERT_TRUE(stub_->CreateInterest(Ctx(Hr(members[i])).get(), req, &out).ok());
  }

  auto order = [&](int member, int service) {
    v1::CreateOrderRequest req;
    req.mutable_order()->set_service_offering(services[service].name());
    req.mutable_order()->set_member_organisation("organisations/" + members[member]);
    req.mutable_order()->set_employer_orderer(employer_side[member]);
    req.mutable_order()->set_union_orderer(union_side[member]);
    v1::Order out;
    grpc::Status s = stub_->CreateOrder(Ctx(Hr(members[member])).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  // 165 delivered orders over the first 130 members (35 of them ordered twice); 263 occasions:
  // 98 orders with two occasions, 67 with one.
  int occasions = 0;
  for (int n = 0; n < kDelivered; ++n) {
    v1::Order o = StartDelivery(Confirm(order(n % kOrdering, n % 3)));
    const int count = n < 98 ? 2 : 1;
    for (int k = 0; k < count; ++k) Deliver(o, 1 + k, 10);
    occasions += count;
    v1::CompleteOrderRequest complete;
    complete.set_name(o.name());
    v1::Order done;
    ASSERT_TRUE(stub_->CompleteOrder(Ctx(Owner()).get(), complete, &done).ok());
  }
  ASSERT_EQ(occasions, kOccasions);
  for (int n = 0; n < kOpen; ++n) Confirm(order(n, 0));
  for (int n = 0; n < kCancelled; ++n) {
    v1::CancelOrderRequest cancel;
    cancel.set_name(order(kOrdering - 1 - n, 1).name());
    cancel.set_reason(v1::ORDER_CANCEL_REASON_MEMBER_WITHDREW);
    v1::Order out;
    ASSERT_TRUE(stub_->CancelOrder(Ctx(Hr(members[kOrdering - 1 - n])).get(), cancel, &out).ok());
  }

  v1::GetProgrammeCoverageRequest req;
  req.set_programme("networks/" + programme);
  v1::ProgrammeCoverage c;
  ASSERT_TRUE(stub_->GetProgrammeCoverage(Ctx(P(ROLE_ANALYST, "")).get(), req, &c).ok());
  EXPECT_EQ(c.members_total(), kMembers);
  EXPECT_EQ(c.members_expressed_interest(), kInterested);
  EXPECT_EQ(c.interest_share_basis_points(), 7976);
  EXPECT_EQ(c.members_ordered(), kOrdering);
  EXPECT_EQ(c.ordered_share_basis_points(), 5263);
  EXPECT_EQ(c.members_delivered(), kOrdering);
  EXPECT_EQ(c.orders_total(), kDelivered + kOpen);
  EXPECT_EQ(c.orders_delivered(), kDelivered);
  EXPECT_EQ(c.occasions(), kOccasions);
  EXPECT_EQ(c.participants(), 10 * kOccasions);
  EXPECT_EQ(c.period().start_date().year(), 2018);  // from the programme's start
  ASSERT_EQ(c.services_size(), 3);
  int delivered = 0;
  for (const auto& s : c.services()) {
    EXPECT_EQ(s.category(), v1::SERVICE_CATEGORY_PREVENTIVE);
    delivered += s.orders_delivered();
  }
  EXPECT_EQ(delivered, kDelivered);

  // A period that ended before anything was ordered counts members only.
  req.mutable_period()->mutable_end_date()->set_year(2019);
  req.mutable_period()->mutable_end_date()->set_month(12);
  req.mutable_period()->mutable_end_date()->set_day(31);
  ASSERT_TRUE(stub_->GetProgrammeCoverage(Ctx(Owner()).get(), req, &c).ok());
  EXPECT_EQ(c.members_total(), kMembers);
  EXPECT_EQ(c.members_ordered(), 0);
  EXPECT_EQ(c.occasions(), 0);
}

TEST_F(CoverageTest, BadInputNamesTheField) {
  v1::GetProgrammeCoverageRequest req;
  v1::ProgrammeCoverage c;
  grpc::Status s = stub_->GetProgrammeCoverage(Ctx(Owner()).get(), req, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("programme"));

  req.set_programme("networks/" + programme_);
  req.mutable_period()->mutable_end_date()->set_year(2021);
  req.mutable_period()->mutable_end_date()->set_month(2);
  req.mutable_period()->mutable_end_date()->set_day(29);
  s = stub_->GetProgrammeCoverage(Ctx(Owner()).get(), req, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(collab::testing::ViolatedFields(s), ElementsAre("period.end_date"));
}

}  // namespace
}  // namespace collab::funding
