#include "services/funding/test/programme_fixture.h"

#include "tests/support/serve.h"
#include "tests/support/status_details.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ADMIN;

std::unique_ptr<grpc::ClientContext> AdminCtx() {
  return collab::testing::SignedContext(collab::testing::MakePrincipal(ROLE_ADMIN));
}

}  // namespace

void ProgrammeTest::SetUpTestSuite() {
  organisations::testing::StartDatabaseAndOrganisations(&db_, &orgs_);
  if (HasFatalFailure()) return;
  const std::string key = collab::testing::kTestInternalKey;
  const std::string org_target = orgs_->target();
  org_stub_ = orgv1::OrganisationService::NewStub(
                  grpc::CreateChannel(org_target, grpc::InsecureChannelCredentials()))
                  .release();

  pool_ = new db::ConnectionPool(
      db_->ServicePoolOptions("funding", ProgrammeServiceImpl::PrepareStatements));
  handler_ = new rpc::CallHandler(*auth::PrincipalSigner::Create(key), "funding.collab.se");
  directory_ = new ProgrammeDirectory(org_target, *auth::PrincipalSigner::Create(key));
  service_ = new ProgrammeServiceImpl(*pool_, *handler_, PageTokenCodec("programme-page-key"),
                                      *directory_);
  collab::testing::Serve<v1::ProgrammeService>(service_, &server_, &stub_);
  if (HasFatalFailure()) return;

  owner_ = CreateOrganisation("Partsrådet", orgv1::ORGANISATION_KIND_OTHER);
  programme_ = CreateProgramme("Hållbart arbetsliv", owner_);
  member_a_ = CreateOrganisation("Skatteverket", orgv1::ORGANISATION_KIND_AGENCY);
  member_b_ = CreateOrganisation("Arbetsförmedlingen", orgv1::ORGANISATION_KIND_AGENCY);
  outsider_ = CreateOrganisation("Karlstads kommun", orgv1::ORGANISATION_KIND_MUNICIPALITY);
  union_ = CreateOrganisation("OFR", orgv1::ORGANISATION_KIND_UNION);
  other_owner_ = CreateOrganisation("Försäkringskassan", orgv1::ORGANISATION_KIND_AGENCY);
  other_programme_ = CreateProgramme("Momentum", other_owner_);
  AddMember(programme_, member_a_);
  AddMember(programme_, member_b_);
  a_hr_ = CreateContact(member_a_, "Maria Ek", orgv1::CONTACT_ROLE_HR);
  a_union_rep_ = CreateContact(member_a_, "Per Lind", orgv1::CONTACT_ROLE_UNION_REPRESENTATIVE);
  b_hr_ = CreateContact(member_b_, "Lena Holm", orgv1::CONTACT_ROLE_HR);
  b_union_rep_ = CreateContact(union_, "Ola Sand", orgv1::CONTACT_ROLE_UNION_REPRESENTATIVE);
}

void ProgrammeTest::TearDownTestSuite() {
  delete stub_;
  delete server_;
  delete service_;
  delete directory_;
  delete handler_;
  delete pool_;
  delete org_stub_;
  delete orgs_;
  delete db_;
}

std::string ProgrammeTest::CreateOrganisation(const std::string& name,
                                              orgv1::OrganisationKind kind) {
  return orgs_->Register(name, kind);
}

std::string ProgrammeTest::CreateProgramme(const std::string& name, const std::string& owner) {
  orgv1::CreateNetworkRequest req;
  req.mutable_network()->set_display_name(name);
  req.mutable_network()->set_kind(orgv1::NETWORK_KIND_PROGRAMME);
  req.mutable_network()->set_owner_organisation("organisations/" + owner);
  *req.mutable_network()->mutable_period()->mutable_start_date() = [] {
    collab::common::v1::Date d;
    d.set_year(2018);
    d.set_month(1);
    d.set_day(1);
    return d;
  }();
  orgv1::Network out;
  grpc::Status s = org_stub_->CreateNetwork(AdminCtx().get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return IdOf(out.name());
}

void ProgrammeTest::AddMember(const std::string& programme, const std::string& org) {
  orgv1::CreateMembershipRequest req;
  req.set_parent("networks/" + programme);
  req.mutable_membership()->set_organisation("organisations/" + org);
  req.mutable_membership()->set_role(orgv1::MEMBERSHIP_ROLE_MEMBER);
  orgv1::Membership out;
  grpc::Status s = org_stub_->CreateMembership(AdminCtx().get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

std::string ProgrammeTest::CreateContact(const std::string& org, const std::string& name,
                                         orgv1::ContactRole role) {
  orgv1::CreateContactRequest req;
  req.set_parent("organisations/" + org);
  req.mutable_contact()->set_full_name(name);
  req.mutable_contact()->set_role(role);
  orgv1::Contact out;
  grpc::Status s = org_stub_->CreateContact(AdminCtx().get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out.name();
}

v1::ServiceOffering ProgrammeTest::Offering(const std::string& display_name,
                                            v1::ServiceCategory category,
                                            v1::ServiceFormat format) {
  v1::CreateServiceOfferingRequest req;
  v1::ServiceOffering* o = req.mutable_service_offering();
  o->set_programme("networks/" + programme_);
  o->set_display_name(display_name);
  o->set_category(category);
  o->set_format(format);
  v1::ServiceOffering out;
  grpc::Status s = stub_->CreateServiceOffering(Ctx(Owner()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::Order ProgrammeTest::SampleOrder(const v1::ServiceOffering& offering) {
  v1::Order o;
  o.set_service_offering(offering.name());
  o.set_member_organisation("organisations/" + member_a_);
  o.set_employer_orderer(a_hr_);
  o.set_union_orderer(a_union_rep_);
  o.set_expected_participants(20);
  return o;
}

v1::Order ProgrammeTest::Order(const v1::Order& order) {
  v1::CreateOrderRequest req;
  *req.mutable_order() = order;
  v1::Order out;
  grpc::Status s = stub_->CreateOrder(Ctx(Hr(IdOf(order.member_organisation()))).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::Order ProgrammeTest::Confirm(const v1::Order& order) {
  v1::ConfirmOrderRequest req;
  req.set_name(order.name());
  v1::Order out;
  grpc::Status s = stub_->ConfirmOrder(Ctx(Owner()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::Order ProgrammeTest::StartDelivery(const v1::Order& order) {
  v1::StartOrderDeliveryRequest req;
  req.set_name(order.name());
  v1::Order out;
  grpc::Status s = stub_->StartOrderDelivery(Ctx(Owner()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

v1::Delivery ProgrammeTest::Deliver(const v1::Order& order, int day, int participants) {
  v1::CreateDeliveryRequest req;
  req.set_parent(order.name());
  v1::Delivery* d = req.mutable_delivery();
  d->mutable_delivery_date()->set_year(2021);
  d->mutable_delivery_date()->set_month(3);
  d->mutable_delivery_date()->set_day(day);
  d->set_participant_count(participants);
  d->set_format(v1::DELIVERY_FORMAT_DIGITAL);
  v1::Delivery out;
  grpc::Status s = stub_->CreateDelivery(Ctx(Owner()).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

int64_t ProgrammeTest::Count(const std::string& sql) {
  auto conn = Superuser();
  pqxx::work tx(*conn);
  return tx.exec1(sql)[0].as<int64_t>();
}

std::string ProgrammeTest::Reason(const grpc::Status& status) {
  return collab::testing::ErrorReason(status);
}

}  // namespace collab::funding
