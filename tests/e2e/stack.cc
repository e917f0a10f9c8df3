#include "tests/e2e/stack.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/auth/jwt.h"
#include "libs/common/crypto.h"
#include "libs/common/luhn.h"

namespace collab::e2e {
namespace {

// How long a stopped process has between SIGTERM and SIGKILL.
constexpr int kStopGraceMs = 5000;

absl::Status WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  return out.good() ? absl::OkStatus() : absl::InternalError(absl::StrCat("cannot write ", path));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Stack>> Stack::Start(StackOptions options) {
  std::unique_ptr<Stack> stack(new Stack());
  absl::Status s = stack->StartAll(options);
  if (!s.ok()) return s;
  return stack;
}

absl::Status Stack::StartAll(const StackOptions& options) {
  char tmpl[] = "/tmp/collab-e2e.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return absl::InternalError("mkdtemp failed");
  dir_ = tmpl;

  internal_key_ = absl::Base64Escape(crypto::RandomBytes(48));
  if (auto st = WriteFile(dir_ + "/internal.key", internal_key_); !st.ok()) return st;
  dev_key_ = auth::GenerateEcP256Key();
  rsa_key_ = auth::GenerateRsaKey(2048);
  nlohmann::json jwks = {{"keys", {*auth::PublicJwk(dev_key_.get(), "dev"),
                                   *auth::PublicJwk(rsa_key_.get(), "rsa")}}};
  if (auto st = WriteFile(dir_ + "/jwks.json", jwks.dump()); !st.ok()) return st;

  std::string org_backend = options.organisations_backend;
  if (options.start_organisations) {
    auto db = testing::TestDatabase::CreateFromTemplate();
    if (!db.ok()) return db.status();
    db_ = *std::move(db);
    org_port_ = testing::FreePort();
    auto org = testing::ChildProcess::Start(
        testing::BinaryPath("collab-organisations"),
        {absl::StrCat("--listen=", organisations_target()),
         absl::StrCat("--database_url=", db_->AdminConnInfo()),
         absl::StrCat("--internal_key_file=", dir_, "/internal.key"), "--db_pool_size=4"},
        {}, dir_ + "/organisations.log");
    if (!org.ok()) return org.status();
    organisations_ = *std::move(org);
    if (auto st = testing::WaitForServing(organisations_target(), absl::Seconds(20)); !st.ok()) {
      return absl::Status(
          st.code(), absl::StrCat(st.message(), "\n", testing::Tail(organisations_->log_path())));
    }
    if (org_backend.empty()) org_backend = "dns:///" + organisations_target();
  }

  std::vector<std::string> backend_flags;
  // A backend on the same database, asking the organisations started here, routed to by the
  // gateway through --<name>_backend.
  auto start_backend = [&](const std::string& name, int& port,
                           std::unique_ptr<testing::ChildProcess>& process,
                           std::vector<std::string> extra) -> absl::Status {
    port = testing::FreePort();
    const std::string target = absl::StrCat("127.0.0.1:", port);
    std::vector<std::string> args = {
        absl::StrCat("--listen=", target), absl::StrCat("--database_url=", db_->AdminConnInfo()),
        absl::StrCat("--internal_key_file=", dir_, "/internal.key"),
        absl::StrCat("--organisations_backend=", organisations_target()), "--db_pool_size=4"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto started = testing::ChildProcess::Start(testing::BinaryPath("collab-" + name), args, {},
                                                absl::StrCat(dir_, "/", name, ".log"));
    if (!started.ok()) return started.status();
    process = *std::move(started);
    if (auto st = testing::WaitForServing(target, absl::Seconds(20)); !st.ok()) {
      return absl::Status(st.code(),
                          absl::StrCat(st.message(), "\n", testing::Tail(process->log_path())));
    }
    backend_flags.push_back(absl::StrCat("--", name, "_backend=dns:///", target));
    return absl::OkStatus();
  };
  if (options.start_funding && db_ != nullptr) {
    if (auto st = start_backend("funding", funding_port_, funding_, {}); !st.ok()) return st;
  }
  if (options.start_cases && db_ != nullptr) {
    // Keys for personal data at rest (services/cases/keys.h): 32 random bytes each, as hex.
    for (const char* key : {"identity", "lookup"}) {
      const std::string hex = absl::BytesToHexString(crypto::RandomBytes(32));
      if (auto st = WriteFile(absl::StrCat(dir_, "/", key, ".key"), hex); !st.ok()) return st;
    }
    if (auto st = start_backend("cases", cases_port_, cases_,
                                {absl::StrCat("--identity_key_file=", dir_, "/identity.key"),
                                 absl::StrCat("--lookup_key_file=", dir_, "/lookup.key")});
        !st.ok()) {
      return st;
    }
  }

  gateway_port_ = testing::FreePort();
  http_port_ = testing::FreePort();
  std::vector<std::string> args = {
      absl::StrCat("--listen=127.0.0.1:", gateway_port_),
      absl::StrCat("--http_listen=127.0.0.1:", http_port_),
      absl::StrCat("--organisations_backend=", org_backend),
      absl::StrCat("--reporting_backend=", options.reporting_backend),
      absl::StrCat("--jwks_file=", dir_, "/jwks.json"),
      absl::StrCat("--jwt_issuer=", kIssuer),
      absl::StrCat("--jwt_audience=", kAudience),
      absl::StrCat("--internal_key_file=", dir_, "/internal.key"),
      absl::StrCat("--rate_limit_rps=", options.rate_limit_rps),
      absl::StrCat("--rate_limit_burst=", options.rate_limit_burst),
      "--cors_origins=https://partner.example",
  };
  for (const std::string& f : backend_flags) args.push_back(f);
  for (const std::string& f : options.extra_gateway_flags) args.push_back(f);
  auto gw = testing::ChildProcess::Start(testing::BinaryPath("collab-gateway"), args, {},
                                         dir_ + "/gateway.log");
  if (!gw.ok()) return gw.status();
  gateway_ = *std::move(gw);
  gateway_credentials_ = options.gateway_credentials;
  if (auto st = testing::WaitForServing(gateway_target(), absl::Seconds(20), gateway_credentials_);
      !st.ok()) {
    return absl::Status(st.code(),
                        absl::StrCat(st.message(), "\n", testing::Tail(gateway_->log_path())));
  }
  return absl::OkStatus();
}

Stack::~Stack() {
  // Front to back, each given kStopGraceMs after SIGTERM before SIGKILL.
  for (auto* process : {&gateway_, &cases_, &funding_, &organisations_}) {
    if (*process != nullptr) (*process)->SignalAndWait(SIGTERM, kStopGraceMs);
  }
  gateway_.reset();
  cases_.reset();
  funding_.reset();
  organisations_.reset();
  db_.reset();
  if (!dir_.empty() && std::getenv("COLLAB_E2E_KEEP") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void Stack::StopOrganisations() {
  if (organisations_ != nullptr) organisations_->SignalAndWait(SIGTERM, kStopGraceMs);
}

std::shared_ptr<grpc::Channel> Stack::GatewayChannel() const {
  return grpc::CreateChannel(gateway_target(), gateway_credentials_
                                                  ? gateway_credentials_
                                                  : grpc::InsecureChannelCredentials());
}

nlohmann::json Stack::Claims(const std::string& role, const std::string& subject) const {
  const absl::Time now = absl::Now();
  return {{"iss", kIssuer},
          {"aud", kAudience},
          {"sub", subject},
          {"org", kCallerOrg},
          {"roles", {role}},
          {"iat", absl::ToUnixSeconds(now)},
          {"exp", absl::ToUnixSeconds(now + absl::Hours(1))}};
}

std::string Stack::Sign(const nlohmann::json& claims, const std::string& kid) const {
  EVP_PKEY* key = kid == "rsa" ? rsa_key_.get() : dev_key_.get();
  return auth::SignJwt(claims, key, kid).value();
}

std::string Stack::Token(const std::string& role, const std::string& subject) const {
  return Sign(Claims(role, subject));
}

std::string Stack::TokenFor(const std::string& role, const std::string& org_id,
                            const std::string& subject) const {
  nlohmann::json claims = Claims(role, subject);
  claims["org"] = org_id;
  return Sign(claims);
}

absl::StatusOr<std::string> Stack::CreateOrganisation(
    const std::string& display_name, organisations::v1::OrganisationKind kind) const {
  organisations::v1::CreateOrganisationRequest req;
  req.mutable_organisation()->set_display_name(display_name);
  req.mutable_organisation()->set_kind(kind);
  req.mutable_organisation()->set_organisation_number(RandomOrganisationNumber());
  organisations::v1::Organisation out;
  grpc::Status s = organisations::v1::OrganisationService::NewStub(GatewayChannel())
                       ->CreateOrganisation(BearerContext(Token("ADMIN")).get(), req, &out);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        absl::StrCat("CreateOrganisation ", display_name, ": ", s.error_message()));
  }
  return out.name().substr(out.name().rfind('/') + 1);
}

std::string RandomOrganisationNumber() {
  absl::BitGen gen;
  // First digit 5 (limited company), third digit at least 2 so it never reads as a date.
  std::string digits = absl::StrCat("5", absl::Uniform(gen, 0, 10), absl::Uniform(gen, 2, 10));
  for (int i = 0; i < 6; ++i) absl::StrAppend(&digits, absl::Uniform(gen, 0, 10));
  absl::StrAppend(&digits, LuhnCheckDigit(digits));
  return absl::StrCat(digits.substr(0, 6), "-", digits.substr(6));
}

void AddBearer(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", "Bearer " + token);
}

std::unique_ptr<grpc::ClientContext> BearerContext(const std::string& token,
                                                   absl::Duration timeout) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  AddBearer(*ctx, token);
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return ctx;
}

}  // namespace collab::e2e
