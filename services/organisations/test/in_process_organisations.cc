#include "services/organisations/test/in_process_organisations.h"

#include <grpcpp/create_channel.h>

#include <chrono>
#include <cstdio>

#include "gtest/gtest.h"
#include "libs/auth/principal.h"
#include "libs/common/luhn.h"
#include "tests/support/signed_context.h"

namespace collab::organisations::testing {

absl::StatusOr<std::unique_ptr<InProcessOrganisations>> InProcessOrganisations::Start(
    const collab::testing::TestDatabase& db, const std::string& internal_key) {
  absl::StatusOr<auth::PrincipalSigner> signer = auth::PrincipalSigner::Create(internal_key);
  if (!signer.ok()) return signer.status();

  absl::StatusOr<auth::PrincipalSigner> caller = auth::PrincipalSigner::Create(internal_key);
  if (!caller.ok()) return caller.status();
  std::unique_ptr<InProcessOrganisations> orgs(new InProcessOrganisations(*std::move(caller)));
  orgs->pool_ = std::make_unique<db::ConnectionPool>(
      db.ServicePoolOptions("organisations", Store::PrepareStatements, /*size=*/2));
  orgs->store_ = std::make_unique<Store>(*orgs->pool_);
  orgs->handler_ = std::make_unique<rpc::CallHandler>(*std::move(signer), "organisations.collab");
  orgs->service_ = std::make_unique<OrganisationServiceImpl>(*orgs->store_, *orgs->handler_,
                                                             PageTokenCodec("org-page-key"));
  absl::StatusOr<std::unique_ptr<rpc::Server>> server =
      rpc::Server::Start(rpc::ServerOptions{}, {orgs->service_.get()});
  if (!server.ok()) return server.status();
  orgs->server_ = *std::move(server);
  orgs->stub_ = v1::OrganisationService::NewStub(
      grpc::CreateChannel(orgs->target(), grpc::InsecureChannelCredentials()));
  return orgs;
}

InProcessOrganisations::~InProcessOrganisations() = default;

void StartDatabaseAndOrganisations(collab::testing::TestDatabase** db,
                                   InProcessOrganisations** orgs) {
  auto created = collab::testing::TestDatabase::CreateFromTemplate();
  ASSERT_TRUE(created.ok()) << created.status();
  *db = std::move(*created).release();
  auto started = InProcessOrganisations::Start(**db, collab::testing::kTestInternalKey);
  ASSERT_TRUE(started.ok()) << started.status();
  *orgs = std::move(*started).release();
}

std::string InProcessOrganisations::target() const {
  return "127.0.0.1:" + std::to_string(server_->port());
}

std::unique_ptr<grpc::ClientContext> InProcessOrganisations::AdminContext() const {
  auth::Principal admin;
  admin.set_subject("test-admin");
  admin.add_roles(collab::common::v1::ROLE_ADMIN);
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const auth::SignedPrincipal signed_admin = signer_.Sign(admin);
  ctx->AddMetadata(auth::kPrincipalMetadataKey, signed_admin.bytes);
  ctx->AddMetadata(auth::kPrincipalSignatureMetadataKey, signed_admin.signature);
  return ctx;
}

std::string InProcessOrganisations::Register(const std::string& display_name,
                                             v1::OrganisationKind kind) {
  char nine[16];
  std::snprintf(nine, sizeof nine, "2120%05d", next_number_++ % 100000);
  const std::string digits = WithLuhnCheckDigit(nine);
  v1::CreateOrganisationRequest req;
  req.mutable_organisation()->set_display_name(display_name);
  req.mutable_organisation()->set_kind(kind);
  req.mutable_organisation()->set_organisation_number(digits.substr(0, 6) + "-" + digits.substr(6));
  req.mutable_organisation()->set_county_code("17");
  v1::Organisation out;
  const grpc::Status s = stub_->CreateOrganisation(AdminContext().get(), req, &out);
  EXPECT_TRUE(s.ok()) << "CreateOrganisation " << display_name << ": " << s.error_message();
  return out.name().substr(out.name().rfind('/') + 1);
}

std::string InProcessOrganisations::RegisterUnit(const std::string& organisation_id,
                                                 const std::string& display_name) {
  v1::CreateUnitRequest req;
  req.set_parent("organisations/" + organisation_id);
  req.mutable_unit()->set_display_name(display_name);
  v1::Unit out;
  const grpc::Status s = stub_->CreateUnit(AdminContext().get(), req, &out);
  EXPECT_TRUE(s.ok()) << "CreateUnit " << display_name << ": " << s.error_message();
  return out.name().substr(out.name().rfind('/') + 1);
}

}  // namespace collab::organisations::testing
