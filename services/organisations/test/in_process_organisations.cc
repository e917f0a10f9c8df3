#include "services/organisations/test/in_process_organisations.h"

#include "libs/auth/principal.h"
#include "libs/db/conninfo.h"

namespace collab::organisations::testing {

absl::StatusOr<std::unique_ptr<InProcessOrganisations>> InProcessOrganisations::Start(
    const collab::testing::TestDatabase& db, const std::string& internal_key) {
  absl::StatusOr<std::string> conninfo = db::ConnInfoWithOverrides(
      db.ConnInfoForRole("collab_organisations"), {{"options", "-c search_path=organisations"}});
  if (!conninfo.ok()) return conninfo.status();
  absl::StatusOr<auth::PrincipalSigner> signer = auth::PrincipalSigner::Create(internal_key);
  if (!signer.ok()) return signer.status();

  std::unique_ptr<InProcessOrganisations> orgs(new InProcessOrganisations());
  db::ConnectionPool::Options options;
  options.conninfo = *std::move(conninfo);
  options.size = 2;
  options.on_connect = Store::PrepareStatements;
  orgs->pool_ = std::make_unique<db::ConnectionPool>(options);
  orgs->store_ = std::make_unique<Store>(*orgs->pool_);
  orgs->handler_ = std::make_unique<rpc::CallHandler>(*std::move(signer), "organisations.collab");
  orgs->service_ = std::make_unique<OrganisationServiceImpl>(*orgs->store_, *orgs->handler_,
                                                             PageTokenCodec("org-page-key"));
  absl::StatusOr<std::unique_ptr<rpc::Server>> server =
      rpc::Server::Start(rpc::ServerOptions{}, {orgs->service_.get()});
  if (!server.ok()) return server.status();
  orgs->server_ = *std::move(server);
  return orgs;
}

InProcessOrganisations::~InProcessOrganisations() = default;

std::string InProcessOrganisations::target() const {
  return "127.0.0.1:" + std::to_string(server_->port());
}

}  // namespace collab::organisations::testing
