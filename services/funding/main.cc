// collab-funding: collaboration projects, budgets, financing and outcome (FundingService), and
// the programme side (ProgrammeService). Flags beyond the common ones: --organisations_backend
// (libs/rpc/organisation_directory.h).
#include <memory>

#include "libs/rpc/organisation_directory.h"
#include "libs/rpc/service_main.h"
#include "services/funding/funding_service.h"

namespace {

struct Funding {
  explicit Funding(collab::rpc::ServiceParts& parts)
      : organisations(collab::rpc::OrganisationDirectory::BackendFromFlags(),
                      *collab::auth::PrincipalSigner::Create(parts.internal_key), "funding"),
        projects(parts.pool, parts.handler, collab::PageTokenCodec(parts.internal_key),
                 organisations) {}

  // Every service of the process, for registration. A further service of this process (the
  // programme side) is one member below, listed here, with its statements in PrepareStatements.
  std::vector<grpc::Service*> Services() { return {&projects}; }

  collab::rpc::OrganisationDirectory organisations;
  collab::funding::FundingServiceImpl projects;
};

// Every statement of every service of the process, prepared on each pooled connection.
void PrepareStatements(pqxx::connection& conn) {
  collab::funding::FundingServiceImpl::PrepareStatements(conn);
}

}  // namespace

int main(int argc, char** argv) {
  return collab::rpc::RunServiceMain(
      argc, argv,
      {.name = "funding",
       .default_listen = "127.0.0.1:7103",
       .prepare_statements = PrepareStatements,
       .build = [](collab::rpc::ServiceParts& parts) {
         auto owner = std::make_shared<Funding>(parts);
         return collab::rpc::BuiltServices{owner->Services(), owner};
       }});
}
