// floor_proxy: the bare byte-forwarding hop the gateway is measured against (issue 3,
// Performance). No authentication, no policy, no logging: the caller's metadata and bytes go
// to --backend as they came, through the same callback generic service and generic stub the
// gateway uses. A benchmark floor only; never shipped or deployed.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "absl/flags/parse.h"
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include "libs/rpc/server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:7190", "host:port to serve on.");
ABSL_FLAG(std::string, backend, "127.0.0.1:7101", "gRPC target to forward to.");

namespace {

bool Forwardable(std::string_view key) {
  // Transport-level headers are the channel's own; everything else is the caller's.
  return !key.empty() && key[0] != ':' && key.rfind("grpc-", 0) != 0 && key != "user-agent" &&
         key != "content-type" && key != "te";
}

class Hop final : public grpc::ServerGenericBidiReactor {
 public:
  Hop(grpc::GenericCallbackServerContext* ctx, grpc::GenericStub& stub) : ctx_(ctx), stub_(stub) {
    StartRead(&request_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
      return;
    }
    for (const auto& [k, v] : ctx_->client_metadata()) {
      std::string_view key(k.data(), k.size());
      if (Forwardable(key)) client_.AddMetadata(std::string(key), std::string(v.data(), v.size()));
    }
    if (ctx_->deadline() != std::chrono::system_clock::time_point::max()) {
      client_.set_deadline(ctx_->deadline());
    }
    stub_.UnaryCall(&client_, ctx_->method(), grpc::StubOptions(), &request_, &response_,
                    [this](grpc::Status s) {
                      if (s.ok()) {
                        StartWriteAndFinish(&response_, grpc::WriteOptions(), s);
                      } else {
                        Finish(s);
                      }
                    });
  }
  void OnCancel() override { client_.TryCancel(); }
  void OnDone() override { delete this; }

 private:
  grpc::GenericCallbackServerContext* ctx_;
  grpc::GenericStub& stub_;
  grpc::ClientContext client_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

class FloorService final : public grpc::CallbackGenericService {
 public:
  explicit FloorService(std::shared_ptr<grpc::Channel> channel) : stub_(std::move(channel)) {}
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    return new Hop(ctx, stub_);
  }

 private:
  grpc::GenericStub stub_;
};

}  // namespace

int main(int argc, char** argv) {
  // As in the gateway: no Abseil deadlock detection (Debian's Abseil is built without NDEBUG).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  collab::rpc::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  FloorService service(grpc::CreateChannel(absl::GetFlag(FLAGS_backend),
                                           grpc::InsecureChannelCredentials()));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::InsecureServerCredentials());
  builder.RegisterCallbackGenericService(&service);
  auto server = builder.BuildAndStart();
  if (server == nullptr) return 1;
  collab::rpc::WaitForTerminationSignal();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}
