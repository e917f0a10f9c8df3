#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include "libs/auth/method_policy.h"

// Where each public method goes: the owning backend by package, the method policy, and the
// message types the JSON endpoint needs. Built once at start from the compiled-in contracts;
// the hot path is one hash lookup by full method name.
namespace collab::gateway {

// Backend addresses (gRPC targets such as "dns:///collab-cases:7102"); empty = not served.
struct BackendTargets {
  std::string organisations;
  std::string cases;
  std::string funding;
  std::string reporting;
};

// One backend: a channel with client-side round robin over every address the target resolves
// to, so replicas behind a headless Service share the load.
class Upstream {
 public:
  Upstream(std::string package, std::string target);
  const std::string& package() const { return package_; }
  const std::string& target() const { return target_; }
  grpc::GenericStub& stub() { return stub_; }
  grpc::Channel& channel() { return *channel_; }

 private:
  std::string package_;
  std::string target_;
  std::shared_ptr<grpc::Channel> channel_;
  grpc::GenericStub stub_;
};

struct Route {
  std::string method;  // "/collab.organisations.v1.OrganisationService/GetOrganisation"
  std::string package;
  // nullptr: a contract method with no policy entry, which no caller may use (default deny).
  const auth::MethodPolicy* policy = nullptr;
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
  bool client_streaming = false;
  bool server_streaming = false;
  // nullptr when this gateway has no backend for the package.
  Upstream* upstream = nullptr;
  // The flag that would configure the backend, for a clear error when it is missing.
  std::string backend_flag;
};

class RouteTable {
 public:
  static absl::StatusOr<std::unique_ptr<RouteTable>> Build(const BackendTargets& targets);

  // nullptr for a method of no public contract (including the internal EventFeed).
  const Route* Find(std::string_view method) const {
    auto it = index_.find(method);
    return it == index_.end() ? nullptr : it->second;
  }
  // Full names of the public services, for reflection.
  const std::vector<std::string>& service_names() const { return service_names_; }
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  const std::vector<std::unique_ptr<Upstream>>& upstreams() const { return upstreams_; }

 private:
  RouteTable() = default;

  std::vector<std::unique_ptr<Upstream>> upstreams_;
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::string> service_names_;
  absl::flat_hash_map<std::string_view, const Route*> index_;
};

// The .proto files whose services the gateway re-exposes (every public contract).
std::vector<const google::protobuf::FileDescriptor*> PublicContractFiles();

}  // namespace collab::gateway
