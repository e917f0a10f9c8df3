#include "services/gateway/admission.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/common/errors.h"

namespace collab::gateway {
namespace {

constexpr size_t kMaxRequestIdBytes = 128;

bool IsSafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

absl::Time BackendDeadline(absl::Time caller_deadline, absl::Time now,
                           const DeadlinePolicy& policy) {
  if (caller_deadline == absl::InfiniteFuture()) return now + policy.default_timeout;
  return std::min(caller_deadline, now + policy.max_timeout);
}

std::string RequestIdFor(std::string_view from_caller) {
  if (IsSafeRequestId(from_caller)) return std::string(from_caller);
  // A correlation id, not a secret: a per-thread generator avoids OpenSSL's RAND locks on
  // every call (seen in the gateway's profile).
  thread_local absl::BitGen gen;
  const uint64_t hi = (absl::Uniform<uint64_t>(gen) & ~uint64_t{0xf000}) | uint64_t{0x4000};
  const uint64_t lo = (absl::Uniform<uint64_t>(gen) & ~(uint64_t{3} << 62)) | (uint64_t{1} << 63);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff,
                         lo >> 48, lo & 0xffffffffffffULL);
}

absl::Status Gatekeeper::Admit(std::string_view method, const CallCredentials& credentials,
                               absl::Time now, Admission* out) const {
  out->request_id = RequestIdFor(credentials.request_id);
  auto identity = authenticator_.Authenticate(credentials.authorization, credentials.peer_subject, now);
  if (!identity.ok()) return identity.status();
  out->identity = *std::move(identity);

  // Before the policy check, so a flood of refused calls is limited too.
  if (out->identity->bucket != nullptr) {
    const absl::Duration wait = out->identity->bucket->TryTake(now);
    if (wait > absl::ZeroDuration()) {
      return WithRetryDelay(absl::ResourceExhaustedError("rate limit exceeded for this caller"),
                            absl::ToInt64Milliseconds(wait));
    }
  }

  out->route = routes_.Find(method);
  if (out->route == nullptr) {
    return absl::UnimplementedError("unknown method " + std::string(method));
  }
  if (out->route->policy == nullptr) {
    return absl::PermissionDeniedError("method is not open to any caller");
  }
  if (!auth::PolicyAllows(*out->route->policy, out->identity->principal)) {
    return absl::PermissionDeniedError("the caller's roles may not call this method");
  }
  if (out->route->upstream == nullptr) {
    return absl::UnimplementedError(absl::StrCat(out->route->package,
                                                 " is not served by this gateway (set ",
                                                 out->route->backend_flag, ")"));
  }
  if (out->route->client_streaming) {
    return absl::UnimplementedError("client-streaming methods are not forwarded");
  }

  auth::Principal principal = out->identity->principal;
  principal.set_request_id(out->request_id);
  if (principal.expire_time_unix() == 0) {
    principal.set_expire_time_unix(absl::ToUnixSeconds(now + kCertificatePrincipalTtl));
  }
  out->principal = signer_.Sign(principal);
  return absl::OkStatus();
}

void Gatekeeper::PrepareBackendCall(const Admission& admission, absl::Time caller_deadline,
                                    absl::Time now, grpc::ClientContext* context) const {
  context->set_deadline(absl::ToChronoTime(BackendDeadline(caller_deadline, now, deadlines_)));
  context->AddMetadata(auth::kPrincipalMetadataKey, admission.principal.bytes);
  context->AddMetadata(auth::kPrincipalSignatureMetadataKey, admission.principal.signature);
  context->AddMetadata(auth::kRequestIdMetadataKey, admission.request_id);
  // Fail fast when the backend is down instead of queueing until the deadline.
  context->set_wait_for_ready(false);
}

}  // namespace collab::gateway
