#pragma once

#include <string>
#include <vector>

#include <grpcpp/impl/server_builder_option.h>
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

// Server reflection for the gateway. The stock plugin lists only services registered with the
// server, and the gateway serves the public contracts through one generic service, so it
// would list none of them; this one lists the public services the gateway forwards and
// answers descriptor queries from the compiled-in contracts. v1alpha only, like gRPC 1.51's
// own (grpcurl, grpc-js and Python clients use it).
namespace collab::gateway {

using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

// Answers one request; `services` are the names for list_services.
ServerReflectionResponse AnswerReflection(const ServerReflectionRequest& request,
                                          const std::vector<std::string>& services);

class ReflectionService final : public grpc::reflection::v1alpha::ServerReflection::CallbackService {
 public:
  explicit ReflectionService(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::ServerBidiReactor<ServerReflectionRequest, ServerReflectionResponse>* ServerReflectionInfo(
      grpc::CallbackServerContext* context) override;

 private:
  const std::vector<std::string> services_;
};

// Removes gRPC's own reflection plugin from a ServerBuilder. Linking grpc++_reflection (which
// every binary of the suite does through libs/rpc) registers it for every server, and it would
// try to register the same method as ReflectionService.
class WithoutStockReflection final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override;
};

}  // namespace collab::gateway
