#pragma once

#include <grpcpp/create_channel.h>

#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "libs/rpc/server.h"

namespace collab::testing {

// Serves `service` on a free port of 127.0.0.1 (*server) and opens a stub of the gRPC service
// `Grpc` to it over a real channel (*stub): how a service test suite reaches the service. A fatal
// test failure when the server does not start. The suite deletes both.
template <class Grpc>
void Serve(grpc::Service* service, rpc::Server** server, typename Grpc::Stub** stub,
           const rpc::ServerOptions& options = {}) {
  auto started = rpc::Server::Start(options, {service});
  ASSERT_TRUE(started.ok()) << started.status();
  *server = std::move(*started).release();
  *stub = Grpc::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                            grpc::InsecureChannelCredentials()))
              .release();
}

}  // namespace collab::testing
