#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/connection>
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"

// The common main() of every backend: configuration (flags + COLLAB_* environment), logging,
// a connection pool as the service's own database role on its own schema, the signed-principal
// handler, health reflecting the database, reflection, and graceful stop on SIGTERM.
namespace collab::rpc {

struct ServiceParts {
  db::ConnectionPool& pool;
  CallHandler& handler;
  // Secret for page tokens and other service-internal MACs.
  const std::string& internal_key;
};

struct BuiltServices {
  std::vector<grpc::Service*> services;
  std::shared_ptr<void> owner;  // keeps the services and their stores alive
};

struct ServiceSpec {
  std::string name;            // "organisations": schema, role collab_<name>, log field
  std::string default_listen;  // "127.0.0.1:7101"
  std::function<void(pqxx::connection&)> prepare_statements;
  std::function<BuiltServices(ServiceParts&)> build;
};

int RunServiceMain(int argc, char** argv, const ServiceSpec& spec);

}  // namespace collab::rpc
