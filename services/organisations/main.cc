// collab-organisations: the registry of organisations, units, contacts and networks.
#include "libs/rpc/service_main.h"
#include "services/organisations/service.h"

namespace {

struct Organisations {
  explicit Organisations(collab::rpc::ServiceParts& parts)
      : store(parts.pool), service(store, parts.handler, collab::PageTokenCodec(parts.internal_key)) {}
  collab::organisations::Store store;
  collab::organisations::OrganisationServiceImpl service;
};

}  // namespace

int main(int argc, char** argv) {
  return collab::rpc::RunServiceMain(
      argc, argv,
      {.name = "organisations",
       .default_listen = "127.0.0.1:7101",
       .prepare_statements = collab::organisations::Store::PrepareStatements,
       .build = [](collab::rpc::ServiceParts& parts) {
         auto owner = std::make_shared<Organisations>(parts);
         return collab::rpc::BuiltServices{{&owner->service}, owner};
       }});
}
