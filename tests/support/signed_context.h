#pragma once

#include <memory>
#include <string>

#include <grpcpp/client_context.h>
#include "libs/auth/principal.h"

// Client contexts for tests that talk to a backend directly, as the gateway would: the
// principal serialised and signed into metadata, with a deadline so no test can hang.
namespace collab::testing {

inline const std::string kTestInternalKey = "test-internal-key-0123456789abcdef0123456789";

inline auth::Principal MakePrincipal(auth::Role role, const std::string& organisation_id = "",
                                     const std::string& subject = "tester") {
  auth::Principal p;
  p.set_subject(subject);
  p.set_organisation_id(organisation_id);
  p.add_roles(role);
  return p;
}

inline std::unique_ptr<grpc::ClientContext> SignedContext(
    const auth::Principal& principal, const std::string& key = kTestInternalKey,
    int deadline_seconds = 10) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(deadline_seconds));
  auth::SignedPrincipal s = (*auth::PrincipalSigner::Create(key)).Sign(principal);
  ctx->AddMetadata(auth::kPrincipalMetadataKey, s.bytes);
  ctx->AddMetadata(auth::kPrincipalSignatureMetadataKey, s.signature);
  return ctx;
}

inline std::unique_ptr<grpc::ClientContext> UnsignedContext(int deadline_seconds = 10) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(deadline_seconds));
  return ctx;
}

}  // namespace collab::testing
