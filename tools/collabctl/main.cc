// collabctl: developer tools for the suite. The dev issuer (issue 3): `keygen` makes a local
// ES256 key and the JWKS that lets a gateway trust it; `token` mints a bearer token with it.
// The gateway trusts the key only when started with that JWKS (make run does so from .local/).
//
//   collabctl keygen --out-dir .local/dev-issuer [--kid dev]
//   collabctl token --role CASE_WORKER --org <uuid> --sub anna [--ttl 8h]
//       --key .local/dev-issuer/dev-key.pem --kid dev       (one command line)
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "libs/auth/jwk.h"
#include "libs/auth/jwt.h"
#include "libs/auth/principal.h"
#include "libs/common/config.h"
#include "libs/common/ids.h"

ABSL_FLAG(std::string, out_dir, "", "keygen: directory for dev-key.pem and jwks.json.");
ABSL_FLAG(std::string, kid, "dev", "Key id in the JWKS and the token header.");
ABSL_FLAG(std::string, key, "", "token: PEM private key (RSA or EC P-256) that signs the token.");
ABSL_FLAG(std::string, role, "", "token: role name(s), comma-separated, e.g. CASE_WORKER.");
ABSL_FLAG(std::string, org, "", "token: organisation id (bare UUID of organisations/{id}).");
ABSL_FLAG(std::string, sub, "", "token: subject (user name).");
ABSL_FLAG(std::string, unit, "", "token: optional unit id.");
ABSL_FLAG(std::string, office, "", "token: optional FK office id.");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8), "token: lifetime.");
ABSL_FLAG(std::string, issuer, "collab-dev", "token: iss claim (the gateway's --jwt_issuer).");
ABSL_FLAG(std::string, audience, "collab-gateway",
          "token: aud claim (the gateway's --jwt_audience).");

namespace {

constexpr char kUsage[] =
    "collabctl <command> [flags]\n"
    "  keygen --out_dir DIR [--kid dev]     write DIR/dev-key.pem and DIR/jwks.json (ES256)\n"
    "  token --role R --org ID --sub NAME --key PEM [--kid dev] [--ttl 8h]   print a JWT";

int Fail(const std::string& message) {
  std::fprintf(stderr, "collabctl: %s\n", message.c_str());
  return 1;
}

bool WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  return out.good() && chmod(path.c_str(), mode) == 0;
}

int Keygen() {
  const std::string dir = absl::GetFlag(FLAGS_out_dir);
  if (dir.empty()) return Fail("keygen needs --out_dir");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("cannot create " + dir + ": " + ec.message());
  collab::auth::PrivateKey key = collab::auth::GenerateEcP256Key();
  if (key == nullptr) return Fail("key generation failed");
  auto jwk = collab::auth::PublicJwk(key.get(), absl::GetFlag(FLAGS_kid));
  if (!jwk.ok()) return Fail(std::string(jwk.status().message()));
  const auto key_path = std::filesystem::path(dir) / "dev-key.pem";
  const auto jwks_path = std::filesystem::path(dir) / "jwks.json";
  // The private key is a credential: readable by its owner only.
  if (!WriteFile(key_path, collab::auth::PrivateKeyToPem(key.get()), 0600)) {
    return Fail("cannot write " + key_path.string());
  }
  if (!WriteFile(jwks_path, nlohmann::json({{"keys", {*jwk}}}).dump(2) + "\n", 0644)) {
    return Fail("cannot write " + jwks_path.string());
  }
  std::printf("%s\n%s\n", key_path.c_str(), jwks_path.c_str());
  return 0;
}

int Token() {
  const std::string key_path = absl::GetFlag(FLAGS_key);
  if (key_path.empty()) return Fail("token needs --key (a PEM private key, see `collabctl keygen`)");
  if (absl::GetFlag(FLAGS_sub).empty()) return Fail("token needs --sub");
  if (absl::GetFlag(FLAGS_role).empty()) return Fail("token needs --role");
  std::vector<std::string> roles;
  for (absl::string_view r : absl::StrSplit(absl::GetFlag(FLAGS_role), ',', absl::SkipEmpty())) {
    const std::string role(r);
    if (collab::auth::RoleFromName(role) == collab::common::v1::ROLE_UNSPECIFIED) {
      return Fail("unknown role " + role);
    }
    roles.push_back(role);
  }
  const std::string org = absl::GetFlag(FLAGS_org);
  if (!org.empty() && !collab::IsUuid(org)) {
    return Fail("--org must be the bare UUID of the organisation, not organisations/{id}");
  }
  std::ifstream in(key_path, std::ios::binary);
  if (!in) return Fail("cannot read " + key_path);
  std::stringstream pem;
  pem << in.rdbuf();
  auto key = collab::auth::PrivateKeyFromPem(pem.str());
  if (!key.ok()) return Fail(key_path + ": " + std::string(key.status().message()));

  const absl::Time now = absl::Now();
  nlohmann::json claims = {
      {"iss", absl::GetFlag(FLAGS_issuer)},
      {"aud", absl::GetFlag(FLAGS_audience)},
      {"sub", absl::GetFlag(FLAGS_sub)},
      {"roles", roles},
      {"iat", absl::ToUnixSeconds(now)},
      {"nbf", absl::ToUnixSeconds(now)},
      {"exp", absl::ToUnixSeconds(now + absl::GetFlag(FLAGS_ttl))},
  };
  if (!org.empty()) claims["org"] = org;
  if (!absl::GetFlag(FLAGS_unit).empty()) claims["unit"] = absl::GetFlag(FLAGS_unit);
  if (!absl::GetFlag(FLAGS_office).empty()) claims["office"] = absl::GetFlag(FLAGS_office);
  auto token = collab::auth::SignJwt(claims, key->get(), absl::GetFlag(FLAGS_kid));
  if (!token.ok()) return Fail(std::string(token.status().message()));
  std::printf("%s\n", token->c_str());
  return 0;
}

}  // namespace

// Accepts --out-dir as well as --out_dir: people type dashes in command lines.
std::vector<std::string> NormaliseFlagNames(int argc, char** argv) {
  std::vector<std::string> out(argv, argv + argc);
  for (size_t i = 1; i < out.size(); ++i) {
    std::string& a = out[i];
    if (a.rfind("--", 0) != 0) continue;
    const size_t end = std::min(a.find('='), a.size());
    for (size_t j = 2; j < end; ++j) {
      if (a[j] == '-') a[j] = '_';
    }
  }
  return out;
}

int main(int argc, char** argv) {
  std::vector<std::string> normalised = NormaliseFlagNames(argc, argv);
  std::vector<char*> argv2;
  for (std::string& a : normalised) argv2.push_back(a.data());
  std::vector<char*> args =
      collab::config::Init(static_cast<int>(argv2.size()), argv2.data(), kUsage);
  if (args.size() != 2) return Fail(std::string("usage:\n") + kUsage);
  const std::string command = args[1];
  if (command == "keygen") return Keygen();
  if (command == "token") return Token();
  return Fail("unknown command " + command + "\nusage:\n" + kUsage);
}
