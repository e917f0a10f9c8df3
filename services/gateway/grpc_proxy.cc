#include "services/gateway/grpc_proxy.h"

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include <grpc/grpc_security_constants.h>
#include <grpcpp/support/client_callback.h>
#include "libs/common/logging.h"
#include "libs/rpc/status.h"
#include "services/gateway/access_log.h"

namespace collab::gateway {
namespace {

constexpr char kErrorDomain[] = "gateway.collab";

std::string_view Metadata(const grpc::ServerContextBase& ctx, std::string_view key) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

std::string PeerSubject(const grpc::ServerContextBase& ctx) {
  auto auth = ctx.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return {};
  auto values = auth->FindPropertyValues(GRPC_X509_SUBJECT_PROPERTY_NAME);
  if (values.empty()) return {};
  return std::string(values.front().data(), values.front().size());
}

// One forwarded call. Owns itself: deleted in OnDone, which gRPC calls only after Finish, and
// Finish is called only once the backend call (if any) has completed.
class ForwardedCall final : public grpc::ServerGenericBidiReactor {
 public:
  ForwardedCall(const Gatekeeper& gate, grpc::GenericCallbackServerContext* ctx, bool certificates)
      : gate_(gate), ctx_(ctx), certificates_(certificates), start_(absl::Now()) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Complete(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
      return;
    }
    const absl::Time now = absl::Now();
    const std::string subject = certificates_ ? PeerSubject(*ctx_) : std::string();
    CallCredentials credentials{Metadata(*ctx_, "authorization"), subject,
                                Metadata(*ctx_, auth::kRequestIdMetadataKey)};
    absl::Status admitted = gate_.Admit(ctx_->method(), credentials, now, &admission_);
    if (!admitted.ok()) {
      Complete(rpc::ToGrpcStatus(admitted, kErrorDomain));
      return;
    }
    const auto caller_deadline = ctx_->deadline();
    gate_.PrepareBackendCall(admission_,
                             caller_deadline == std::chrono::system_clock::time_point::max()
                                 ? absl::InfiniteFuture()
                                 : absl::FromChrono(caller_deadline),
                             now, &client_ctx_);
    grpc::GenericStub& stub = admission_.route->upstream->stub();
    if (admission_.route->server_streaming) {
      StartStream(stub);
    } else {
      stub.UnaryCall(&client_ctx_, ctx_->method(), grpc::StubOptions(), &request_, &response_,
                     [this](grpc::Status status) { OnUnaryDone(std::move(status)); });
    }
  }

  void OnWriteDone(bool ok) override {
    if (stream_ == nullptr) return;
    bool finish = false;
    {
      absl::MutexLock lock(&mu_);
      write_pending_ = false;
      finish = finish_pending_;
    }
    // Reactions may run inline, so no lock is held while starting an operation.
    if (finish) {
      Complete(final_status_);
    } else if (ok) {
      stream_->StartRead(&stream_->chunk);
    } else {
      // The caller is gone; stop the backend, whose OnDone then finishes this call.
      client_ctx_.TryCancel();
    }
  }

  void OnCancel() override { client_ctx_.TryCancel(); }
  void OnDone() override { delete this; }

 private:
  // The backend side of a server-streaming call: each chunk read is written to the caller
  // before the next is read, so a slow caller slows the backend (flow control end to end).
  struct BackendStream final : grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
    explicit BackendStream(ForwardedCall* c) : call(c) {}
    void OnReadDone(bool ok) override {
      if (ok) call->ForwardChunk();
    }
    void OnDone(const grpc::Status& s) override { call->OnStreamDone(s); }
    ForwardedCall* call;
    grpc::ByteBuffer chunk;
  };

  void StartStream(grpc::GenericStub& stub) {
    stream_ = std::make_unique<BackendStream>(this);
    stub.PrepareBidiStreamingCall(&client_ctx_, ctx_->method(), grpc::StubOptions(), stream_.get());
    stream_->StartWriteLast(&request_, grpc::WriteOptions());
    stream_->StartRead(&stream_->chunk);
    stream_->StartCall();
  }

  void ForwardChunk() {
    {
      absl::MutexLock lock(&mu_);
      write_pending_ = true;
    }
    StartWrite(&stream_->chunk);
  }

  void OnStreamDone(const grpc::Status& status) {
    final_status_ = status.ok() ? status : CallerStatus(status, *admission_.route);
    {
      absl::MutexLock lock(&mu_);
      // Finishing while a write is in flight could put the status ahead of the last chunk;
      // OnWriteDone finishes instead.
      if (write_pending_) {
        finish_pending_ = true;
        return;
      }
    }
    Complete(final_status_);
  }

  void OnUnaryDone(grpc::Status status) {
    if (!status.ok()) {
      Complete(CallerStatus(status, *admission_.route));
      return;
    }
    LogCall("grpc", ctx_->method(), admission_, status.error_code(), absl::Now() - start_);
    StartWriteAndFinish(&response_, grpc::WriteOptions(), status);
  }

  void Complete(grpc::Status status) {
    LogCall("grpc", ctx_->method(), admission_, status.error_code(), absl::Now() - start_);
    Finish(status);
  }

  const Gatekeeper& gate_;
  grpc::GenericCallbackServerContext* const ctx_;
  const bool certificates_;
  const absl::Time start_;
  Admission admission_;
  grpc::ClientContext client_ctx_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  std::unique_ptr<BackendStream> stream_;
  absl::Mutex mu_;
  bool write_pending_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_pending_ ABSL_GUARDED_BY(mu_) = false;
  // Written before finish_pending_ is set under mu_, read after it is seen.
  grpc::Status final_status_;
};

}  // namespace

grpc::Status CallerStatus(const grpc::Status& backend, const Route& route) {
  // A backend answers UNAVAILABLE with its own message and usually details; gRPC's own
  // transport failure ("failed to connect to all addresses; last error: ... 10.0.3.7:7101")
  // carries no details and names internal addresses.
  if (backend.error_code() == grpc::StatusCode::UNAVAILABLE && backend.error_details().empty()) {
    log::Warn("backend unavailable", {{"package", route.package},
                                      {"target", route.upstream ? route.upstream->target() : ""},
                                      {"error", backend.error_message()}});
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        absl::StrCat(route.package, " is unavailable; retry later"));
  }
  return backend;
}

grpc::ServerGenericBidiReactor* GrpcProxy::CreateReactor(grpc::GenericCallbackServerContext* ctx) {
  return new ForwardedCall(gate_, ctx, client_certificates_);
}

}  // namespace collab::gateway
