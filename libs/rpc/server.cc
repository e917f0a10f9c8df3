#include "libs/rpc/server.h"

#include <signal.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include "libs/common/logging.h"

namespace collab::rpc {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      const std::vector<grpc::Service*>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->options_ = options;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(),
                           &server->port_);
  grpc::ResourceQuota quota("collab-server");
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(2, options.max_idle_threads));
  for (grpc::Service* s : services) builder.RegisterService(s);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  if (options.ready_check) {
    server->server_->GetHealthCheckService()->SetServingStatus(options.ready_check());
    server->health_thread_ = std::thread([s = server.get()] { s->HealthLoop(); });
  }
  log::Info("listening", {{"address", options.listen_address}, {"port", server->port_}});
  return server;
}

void Server::HealthLoop() {
  bool last = true;
  while (!stopping_.WaitForNotificationWithTimeout(options_.health_interval)) {
    bool ready = options_.ready_check();
    server_->GetHealthCheckService()->SetServingStatus(ready);
    if (ready != last) log::Warn("readiness changed", {{"serving", ready}});
    last = ready;
  }
}

void Server::Shutdown() {
  if (shut_down_.exchange(true)) return;
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  if (health_thread_.joinable()) health_thread_.join();
  // Answer NOT_SERVING first so load balancers stop sending new calls.
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoNanoseconds(options_.shutdown_grace));
  log::Info("stopped");
}

void Server::Wait() { server_->Wait(); }

Server::~Server() {
  Shutdown();
  server_->Wait();
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace collab::rpc
