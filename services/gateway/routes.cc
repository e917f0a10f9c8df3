#include "services/gateway/routes.h"

#include "absl/strings/str_cat.h"
#include <google/protobuf/message.h>
#include <grpcpp/support/channel_arguments.h>
#include "collab/cases/v1/case_service.pb.h"
#include "collab/funding/v1/funding_service.pb.h"
#include "collab/funding/v1/programme_service.pb.h"
#include "collab/organisations/v1/organisations.pb.h"
#include "collab/reporting/v1/reporting_service.pb.h"

namespace collab::gateway {
namespace {

std::shared_ptr<grpc::Channel> BackendChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetLoadBalancingPolicyName("round_robin");
  // Reconnect soon after a backend comes back: the default backoff grows to two minutes, during
  // which every call would fail fast with UNAVAILABLE although the backend is up again.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Forwarded messages are whatever the backend accepts; let the backend enforce its limit.
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

struct PackageBackend {
  const char* package;
  std::string BackendTargets::*target;
  const char* flag;
};

constexpr PackageBackend kPackages[] = {
    {"collab.organisations.v1", &BackendTargets::organisations, "--organisations_backend"},
    {"collab.cases.v1", &BackendTargets::cases, "--cases_backend"},
    {"collab.funding.v1", &BackendTargets::funding, "--funding_backend"},
    {"collab.reporting.v1", &BackendTargets::reporting, "--reporting_backend"},
};

}  // namespace

Upstream::Upstream(std::string package, std::string target)
    : package_(std::move(package)),
      target_(std::move(target)),
      channel_(BackendChannel(target_)),
      stub_(channel_) {}

std::vector<const google::protobuf::FileDescriptor*> PublicContractFiles() {
  // Naming one message of each file links its generated code, which registers the file (and its
  // imports) in the generated pool; static libraries would otherwise drop it.
  return {
      collab::organisations::v1::GetOrganisationRequest::descriptor()->file(),
      collab::cases::v1::GetCaseRequest::descriptor()->file(),
      collab::funding::v1::GetProjectRequest::descriptor()->file(),
      collab::funding::v1::GetServiceOfferingRequest::descriptor()->file(),
      collab::reporting::v1::GetExportRequest::descriptor()->file(),
  };
}

absl::StatusOr<std::unique_ptr<RouteTable>> RouteTable::Build(const BackendTargets& targets) {
  std::unique_ptr<RouteTable> table(new RouteTable());
  absl::flat_hash_map<std::string, const PackageBackend*> packages;
  absl::flat_hash_map<std::string, Upstream*> upstream_of;
  for (const PackageBackend& p : kPackages) {
    packages.emplace(p.package, &p);
    const std::string& target = targets.*(p.target);
    if (target.empty()) continue;
    table->upstreams_.push_back(std::make_unique<Upstream>(p.package, target));
    upstream_of.emplace(p.package, table->upstreams_.back().get());
  }
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (const google::protobuf::FileDescriptor* file : PublicContractFiles()) {
    auto pkg = packages.find(file->package());
    if (pkg == packages.end()) {
      return absl::InternalError(absl::StrCat("no backend for package ", file->package()));
    }
    auto up = upstream_of.find(file->package());
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      table->service_names_.push_back(service->full_name());
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        auto route = std::make_unique<Route>();
        route->method = absl::StrCat("/", service->full_name(), "/", method->name());
        route->package = file->package();
        route->policy = auth::FindMethodPolicy(route->method);
        route->descriptor = method;
        route->request_prototype = factory->GetPrototype(method->input_type());
        route->response_prototype = factory->GetPrototype(method->output_type());
        route->client_streaming = method->client_streaming();
        route->server_streaming = method->server_streaming();
        route->upstream = up == upstream_of.end() ? nullptr : up->second;
        route->backend_flag = pkg->second->flag;
        table->index_.emplace(route->method, route.get());
        table->routes_.push_back(std::move(route));
      }
    }
  }
  return table;
}

}  // namespace collab::gateway
