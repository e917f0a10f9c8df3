#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include <grpcpp/grpcpp.h>
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/jwk.h"
#include "nlohmann/json.hpp"
#include "tests/support/child_process.h"
#include "tests/support/test_database.h"

// The suite as end-to-end tests see it: a fresh database copied from the migrated template,
// the real collab-organisations binary on it, and the real collab-gateway in front, trusting a
// JWKS with one ES256 ("dev") and one RS256 ("rsa") key that the test holds.
namespace collab::e2e {

inline constexpr char kIssuer[] = "collab-e2e";
inline constexpr char kAudience[] = "collab-gateway";
// The organisation tokens name by default (any UUID: the registry does not check the caller's).
inline constexpr char kCallerOrg[] = "0b5a7c1e-0000-4000-8000-0000000000e2";

struct StackOptions {
  bool start_organisations = true;
  // Also starts collab-funding on the same database (asking the organisations started here) and
  // routes collab.funding.v1 to it.
  bool start_funding = false;
  // Also starts collab-cases likewise (with fresh keys for personal data) and routes
  // collab.cases.v1 to it.
  bool start_cases = false;
  // Overrides the gateway's --organisations_backend (e.g. a port nobody listens on).
  std::string organisations_backend;
  std::string reporting_backend;
  double rate_limit_rps = 10000;
  double rate_limit_burst = 10000;
  std::vector<std::string> extra_gateway_flags;
  // When set, the gateway serves TLS and is reached with these credentials.
  std::shared_ptr<grpc::ChannelCredentials> gateway_credentials;
};

class Stack {
 public:
  static absl::StatusOr<std::unique_ptr<Stack>> Start(StackOptions options = {});
  ~Stack();

  std::string gateway_target() const { return "127.0.0.1:" + std::to_string(gateway_port_); }
  int http_port() const { return http_port_; }
  std::string organisations_target() const { return "127.0.0.1:" + std::to_string(org_port_); }
  std::string funding_target() const { return "127.0.0.1:" + std::to_string(funding_port_); }
  const std::string& internal_key() const { return internal_key_; }
  const std::string& dir() const { return dir_; }
  const std::string& gateway_log() const { return gateway_->log_path(); }

  std::shared_ptr<grpc::Channel> GatewayChannel() const;
  // Claims of a valid token for `role`; tests doctor them.
  nlohmann::json Claims(const std::string& role, const std::string& subject = "tester") const;
  // A valid ES256 token signed with the "dev" key.
  std::string Token(const std::string& role, const std::string& subject = "tester") const;
  // A valid ES256 token of `role` for a person of organisation `org_id`.
  std::string TokenFor(const std::string& role, const std::string& org_id,
                       const std::string& subject = "tester") const;
  std::string Sign(const nlohmann::json& claims, const std::string& kid = "dev") const;
  EVP_PKEY* dev_key() const { return dev_key_.get(); }
  EVP_PKEY* rsa_key() const { return rsa_key_.get(); }

  void StopOrganisations();

  // Registers an organisation of `kind` through the gateway as ADMIN; its id (the last part of
  // its name).
  absl::StatusOr<std::string> CreateOrganisation(const std::string& display_name,
                                                 organisations::v1::OrganisationKind kind) const;

 private:
  Stack() = default;
  absl::Status StartAll(const StackOptions& options);

  std::string dir_;
  std::string internal_key_;
  auth::PrivateKey dev_key_;
  auth::PrivateKey rsa_key_;
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<testing::ChildProcess> organisations_;
  std::unique_ptr<testing::ChildProcess> funding_;
  std::unique_ptr<testing::ChildProcess> cases_;
  std::unique_ptr<testing::ChildProcess> gateway_;
  int org_port_ = 0;
  int funding_port_ = 0;
  int cases_port_ = 0;
  int gateway_port_ = 0;
  int http_port_ = 0;
  std::shared_ptr<grpc::ChannelCredentials> gateway_credentials_;
};

// A valid, random organisationsnummer (NNNNNN-NNNC, legal form 5, Luhn check digit).
std::string RandomOrganisationNumber();

// Adds "authorization: Bearer <token>" to a client context.
void AddBearer(grpc::ClientContext& ctx, const std::string& token);

// A client context bearing `token`, with a deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> BearerContext(const std::string& token,
                                                   absl::Duration timeout = absl::Seconds(10));

}  // namespace collab::e2e
