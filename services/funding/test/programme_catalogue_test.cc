// The service catalogue (tjänster): create, read, list with paging and filters, FieldMask
// updates with etags, idempotent creates, retirement and soft delete.
#include "services/funding/test/programme_fixture.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using collab::testing::ViolatedFields;
using ::testing::ElementsAre;

class CatalogueTest : public ProgrammeTest {};

TEST_F(CatalogueTest, CreateReadAndListTheCatalogue) {
  v1::ServiceOffering ia =
      Offering("IA-systemet", v1::SERVICE_CATEGORY_PREVENTIVE, v1::SERVICE_FORMAT_TOOL);
  EXPECT_THAT(ia.name(), ::testing::StartsWith("serviceOfferings/"));
  EXPECT_EQ(ia.programme(), "networks/" + programme_);
  EXPECT_FALSE(ia.retired());
  EXPECT_FALSE(ia.etag().empty());

  v1::GetServiceOfferingRequest get;
  get.set_name(ia.name());
  v1::ServiceOffering read;
  // The catalogue is open to every person role, a member's HR included.
  ASSERT_TRUE(stub_->GetServiceOffering(Ctx(Hr(member_a_)).get(), get, &read).ok());
  EXPECT_EQ(read.display_name(), "IA-systemet");
  EXPECT_EQ(read.format(), v1::SERVICE_FORMAT_TOOL);

  // Keep the rest of the catalogue in a programme of its own, so counts are exact.
  const std::string own = CreateProgramme("Katalog", owner_);
  for (const char* name :
       {"Kollektiv förmåga", "Lärande i förändring", "Samskapat utvecklingsarbete"}) {
    v1::CreateServiceOfferingRequest req;
    req.mutable_service_offering()->set_programme("networks/" + own);
    req.mutable_service_offering()->set_display_name(name);
    req.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_DEVELOPMENTAL);
    req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_PROCESS_SUPPORT);
    v1::ServiceOffering out;
    ASSERT_TRUE(stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &out).ok());
  }
  v1::ListServiceOfferingsRequest list;
  list.set_programme("networks/" + own);
  list.set_page_size(2);
  v1::ListServiceOfferingsResponse page1, page2;
  ASSERT_TRUE(stub_->ListServiceOfferings(Ctx(Owner()).get(), list, &page1).ok());
  ASSERT_EQ(page1.service_offerings_size(), 2);
  EXPECT_EQ(page1.service_offerings(0).display_name(), "Kollektiv förmåga");
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(stub_->ListServiceOfferings(Ctx(Owner()).get(), list, &page2).ok());
  ASSERT_EQ(page2.service_offerings_size(), 1);
  EXPECT_EQ(page2.service_offerings(0).display_name(), "Samskapat utvecklingsarbete");
  EXPECT_TRUE(page2.next_page_token().empty());

  // A token is bound to its filters.
  list.add_categories(v1::SERVICE_CATEGORY_DEVELOPMENTAL);
  EXPECT_EQ(stub_->ListServiceOfferings(Ctx(Owner()).get(), list, &page2).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListServiceOfferingsRequest by_category;
  by_category.set_programme("networks/" + own);
  by_category.add_categories(v1::SERVICE_CATEGORY_REMEDIAL);
  v1::ListServiceOfferingsResponse none;
  ASSERT_TRUE(stub_->ListServiceOfferings(Ctx(Owner()).get(), by_category, &none).ok());
  EXPECT_EQ(none.service_offerings_size(), 0);
}

TEST_F(CatalogueTest, BadInputNamesTheField) {
  v1::CreateServiceOfferingRequest req;
  req.mutable_service_offering()->set_programme("networks/" + programme_);
  req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_WORKSHOP);
  req.mutable_service_offering()->mutable_availability()->mutable_start_date()->set_year(2021);
  req.mutable_service_offering()->mutable_availability()->mutable_start_date()->set_month(9);
  req.mutable_service_offering()->mutable_availability()->mutable_start_date()->set_day(31);
  v1::ServiceOffering out;
  grpc::Status s = stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s),
              ElementsAre("service_offering.display_name", "service_offering.category",
                          "service_offering.availability.start_date"));

  // A network that is not a programme, or none at all.
  req = {};
  req.mutable_service_offering()->set_display_name("Fånga tidiga tecken");
  req.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_PREVENTIVE);
  req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_WORKSHOP);
  req.mutable_service_offering()->set_programme("networks/00000000-0000-4000-8000-000000000000");
  s = stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("service_offering.programme"));
}

TEST_F(CatalogueTest, OnlyTheProgrammesOwnerKeepsItsCatalogue) {
  v1::CreateServiceOfferingRequest req;
  req.mutable_service_offering()->set_programme("networks/" + programme_);
  req.mutable_service_offering()->set_display_name("29k Hantera stress");
  req.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_PROMOTIVE);
  req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_DIGITAL_COURSE);
  v1::ServiceOffering out;
  // A project manager of another organisation.
  EXPECT_EQ(stub_
                ->CreateServiceOffering(
                    Ctx(P(collab::common::v1::ROLE_PROJECT_MANAGER, other_owner_)).get(), req, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A member's HR is refused by the method policy.
  EXPECT_EQ(stub_->CreateServiceOffering(Ctx(Hr(member_a_)).get(), req, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An administrator may.
  EXPECT_TRUE(
      stub_->CreateServiceOffering(Ctx(P(collab::common::v1::ROLE_ADMIN, "")).get(), req, &out)
          .ok());
}

TEST_F(CatalogueTest, CreateIsIdempotentByRequestId) {
  v1::CreateServiceOfferingRequest req;
  req.set_request_id("4b9f7f8e-2a51-4c1e-9d55-0d8f5a3b2c10");
  req.mutable_service_offering()->set_programme("networks/" + programme_);
  req.mutable_service_offering()->set_display_name("Effektiva team");
  req.mutable_service_offering()->set_category(v1::SERVICE_CATEGORY_DEVELOPMENTAL);
  req.mutable_service_offering()->set_format(v1::SERVICE_FORMAT_PROCESS_SUPPORT);
  v1::ServiceOffering first, again;
  ASSERT_TRUE(stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &first).ok());
  ASSERT_TRUE(stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &again).ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(
      Count("SELECT count(*) FROM funding.service_offerings WHERE display_name = 'Effektiva team'"),
      1);

  req.mutable_service_offering()->set_display_name("Effektiva team 2");
  grpc::Status s = stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CatalogueTest, UpdateWithMaskAndEtag) {
  v1::ServiceOffering o = Offering("Fånga tidiga tecken");
  v1::UpdateServiceOfferingRequest req;
  req.mutable_service_offering()->set_name(o.name());
  req.mutable_service_offering()->set_etag(o.etag());
  req.mutable_service_offering()->set_duration_description("half a day");
  req.mutable_service_offering()->set_display_name("ignored: not in the mask");
  req.mutable_update_mask()->add_paths("duration_description");
  v1::ServiceOffering updated;
  ASSERT_TRUE(stub_->UpdateServiceOffering(Ctx(Owner()).get(), req, &updated).ok());
  EXPECT_EQ(updated.duration_description(), "half a day");
  EXPECT_EQ(updated.display_name(), "Fånga tidiga tecken");
  EXPECT_NE(updated.etag(), o.etag());

  // The old etag is stale now.
  EXPECT_EQ(stub_->UpdateServiceOffering(Ctx(Owner()).get(), req, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  // Output-only fields cannot be masked in.
  req.mutable_service_offering()->set_etag(updated.etag());
  req.mutable_update_mask()->add_paths("retired");
  grpc::Status s = stub_->UpdateServiceOffering(Ctx(Owner()).get(), req, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("update_mask"));
  // The whole result is validated: a category cannot be cleared.
  req.mutable_update_mask()->Clear();
  req.mutable_update_mask()->add_paths("category");
  s = stub_->UpdateServiceOffering(Ctx(Owner()).get(), req, &updated);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("service_offering.category"));
}

TEST_F(CatalogueTest, RetiredServicesCannotBeOrderedButOpenOrdersStay) {
  v1::ServiceOffering team = Offering("Effektiva team (retire)");
  v1::Order open = Order(SampleOrder(team));

  v1::RetireServiceOfferingRequest retire;
  retire.set_name(team.name());
  retire.set_note("The service's goals were met (2021)");
  v1::ServiceOffering retired;
  ASSERT_TRUE(stub_->RetireServiceOffering(Ctx(Owner()).get(), retire, &retired).ok());
  EXPECT_TRUE(retired.retired());
  EXPECT_TRUE(retired.has_retire_time());
  EXPECT_EQ(retired.retire_note(), "The service's goals were met (2021)");

  v1::CreateOrderRequest req;
  *req.mutable_order() = SampleOrder(team);
  v1::Order out;
  grpc::Status s = stub_->CreateOrder(Ctx(Hr(member_a_)).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "SERVICE_RETIRED");

  // The open order is kept and can still be confirmed.
  EXPECT_EQ(Confirm(open).state(), v1::ORDER_STATE_CONFIRMED);

  // Retired services drop out of the list unless asked for.
  v1::ListServiceOfferingsRequest list;
  list.set_programme("networks/" + programme_);
  list.set_page_size(500);
  v1::ListServiceOfferingsResponse resp;
  ASSERT_TRUE(stub_->ListServiceOfferings(Ctx(Owner()).get(), list, &resp).ok());
  for (const auto& o : resp.service_offerings()) EXPECT_NE(o.name(), team.name());
  list.set_include_retired(true);
  ASSERT_TRUE(stub_->ListServiceOfferings(Ctx(Owner()).get(), list, &resp).ok());
  EXPECT_TRUE(std::any_of(resp.service_offerings().begin(), resp.service_offerings().end(),
                          [&](const auto& o) { return o.name() == team.name(); }));

  // An ordered service is retired, never deleted.
  v1::DeleteServiceOfferingRequest del;
  del.set_name(team.name());
  s = stub_->DeleteServiceOffering(Ctx(Owner()).get(), del, &retired);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(s), "SERVICE_HAS_ORDERS");
}

TEST_F(CatalogueTest, AnUnorderedServiceIsSoftDeleted) {
  v1::ServiceOffering o = Offering("Kommande tjänst");
  v1::DeleteServiceOfferingRequest del;
  del.set_name(o.name());
  del.set_etag(o.etag());
  v1::ServiceOffering deleted;
  ASSERT_TRUE(stub_->DeleteServiceOffering(Ctx(Owner()).get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  // A retried delete returns it again; it stays readable.
  ASSERT_TRUE(stub_->DeleteServiceOffering(Ctx(Owner()).get(), del, &deleted).ok());
  v1::GetServiceOfferingRequest get;
  get.set_name(o.name());
  ASSERT_TRUE(stub_->GetServiceOffering(Ctx(Owner()).get(), get, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());
  // And it cannot be ordered.
  v1::CreateOrderRequest req;
  *req.mutable_order() = SampleOrder(o);
  v1::Order out;
  grpc::Status s = stub_->CreateOrder(Ctx(Hr(member_a_)).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("order.service_offering"));
}

}  // namespace
}  // namespace collab::funding
