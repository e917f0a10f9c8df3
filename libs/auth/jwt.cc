#include "libs/auth/jwt.h"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"

namespace collab::auth {
namespace {

// Tokens are a few hundred bytes; a cap keeps a hostile caller from making us parse megabytes.
constexpr size_t kMaxTokenBytes = 8192;
constexpr size_t kMaxClaimBytes = 256;
constexpr int kP256ScalarBytes = 32;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

absl::Status Unauthenticated(std::string_view why) {
  return absl::UnauthenticatedError("invalid bearer token: " + std::string(why));
}

absl::StatusOr<nlohmann::json> DecodeJsonPart(std::string_view part) {
  auto bytes = crypto::Base64UrlDecode(part);
  if (!bytes.ok()) return Unauthenticated("not a JWT (a part is not base64url)");
  nlohmann::json json = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return Unauthenticated("not a JWT (a part is not a JSON object)");
  return json;
}

// JWS ES256 signatures are r || s (32 bytes each); OpenSSL verifies DER.
absl::StatusOr<std::string> RawEcdsaToDer(std::string_view raw) {
  if (raw.size() != 2 * kP256ScalarBytes) return Unauthenticated("signature does not verify");
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(p, kP256ScalarBytes, nullptr);
  BIGNUM* s = BN_bin2bn(p + kP256ScalarBytes, kP256ScalarBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return absl::InternalError("out of memory");
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return absl::InternalError("cannot encode signature");
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

absl::StatusOr<std::string> DerEcdsaToRaw(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig == nullptr) return absl::InternalError("cannot decode signature");
  std::string raw(2 * kP256ScalarBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, kP256ScalarBytes);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + kP256ScalarBytes, kP256ScalarBytes);
  return raw;
}

bool VerifySignature(EVP_PKEY* key, std::string_view signed_part, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()),
                          signed_part.size()) == 1;
}

bool AudienceMatches(const nlohmann::json& aud, const std::string& expected) {
  if (aud.is_string()) return aud.get<std::string>() == expected;
  if (aud.is_array()) {
    for (const auto& a : aud) {
      if (a.is_string() && a.get<std::string>() == expected) return true;
    }
  }
  return false;
}

// An optional string claim; INVALID when present but not a short string.
absl::StatusOr<std::string> StringClaim(const nlohmann::json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end() || it->is_null()) return std::string();
  if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxClaimBytes) {
    return Unauthenticated(absl::StrCat("claim \"", name, "\" must be a short string"));
  }
  return it->get<std::string>();
}

absl::Status FillRoles(const nlohmann::json& claims, Principal* principal) {
  auto it = claims.find("roles");
  if (it == claims.end() || !it->is_array() || it->empty()) {
    return Unauthenticated("claim \"roles\" must be a non-empty array of role names");
  }
  for (const auto& r : *it) {
    if (!r.is_string()) return Unauthenticated("claim \"roles\" must hold strings");
    const Role role = RoleFromName(r.get<std::string>());
    if (role == collab::common::v1::ROLE_UNSPECIFIED) {
      return Unauthenticated("claim \"roles\" names an unknown role");
    }
    // SERVICE is for calls between services with the internal key, never from outside.
    if (role == collab::common::v1::ROLE_SERVICE) {
      return Unauthenticated("role SERVICE cannot be granted by a token");
    }
    principal->add_roles(role);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Sign(std::string_view signing_input, EVP_PKEY* key, JwtAlg alg) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return absl::InternalError("cannot sign token");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return absl::InternalError("cannot sign token");
  }
  sig.resize(len);
  if (alg == JwtAlg::kEs256) return DerEcdsaToRaw(sig);
  return sig;
}

}  // namespace

JwtVerifier::JwtVerifier(std::vector<Jwk> keys, JwtVerifierOptions options)
    : options_(std::move(options)) {
  for (Jwk& k : keys) keys_.emplace(k.kid, std::move(k));
}

absl::StatusOr<VerifiedToken> JwtVerifier::Verify(std::string_view token, absl::Time now) const {
  if (token.empty()) return Unauthenticated("empty");
  if (token.size() > kMaxTokenBytes) return Unauthenticated("too long");
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Unauthenticated("not a JWT (expected header.payload.signature)");
  }
  auto header = DecodeJsonPart(token.substr(0, dot1));
  if (!header.ok()) return header.status();

  const std::string alg = header->value("alg", "");
  if (alg != "RS256" && alg != "ES256") {
    return Unauthenticated("algorithm must be RS256 or ES256");
  }
  if (header->contains("crit")) return Unauthenticated("critical header extensions are not supported");
  const std::string kid = header->value("kid", "");
  auto key_it = keys_.find(kid);
  if (kid.empty() || key_it == keys_.end()) return Unauthenticated("unknown key id (kid)");
  const Jwk& jwk = key_it->second;
  if (AlgName(jwk.alg) != alg) return Unauthenticated("algorithm does not match the key");

  auto signature = crypto::Base64UrlDecode(token.substr(dot2 + 1));
  if (!signature.ok()) return Unauthenticated("signature does not verify");
  if (jwk.alg == JwtAlg::kEs256) {
    auto der = RawEcdsaToDer(*signature);
    if (!der.ok()) return der.status();
    signature = *std::move(der);
  }
  if (!VerifySignature(jwk.key.get(), token.substr(0, dot2), *signature)) {
    return Unauthenticated("signature does not verify");
  }

  auto claims = DecodeJsonPart(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!claims.ok()) return claims.status();
  if (claims->value("iss", "") != options_.issuer) return Unauthenticated("issuer is not accepted");
  if (!claims->contains("aud") || !AudienceMatches((*claims)["aud"], options_.audience)) {
    return Unauthenticated("audience is not accepted");
  }
  auto exp_it = claims->find("exp");
  if (exp_it == claims->end() || !exp_it->is_number()) return Unauthenticated("no expiry (exp)");
  const double exp = exp_it->get<double>();
  if (!std::isfinite(exp)) return Unauthenticated("no expiry (exp)");
  const absl::Time expiry = absl::FromUnixSeconds(static_cast<int64_t>(exp));
  if (now > expiry + options_.leeway) return Unauthenticated("expired");
  auto nbf_it = claims->find("nbf");
  if (nbf_it != claims->end()) {
    if (!nbf_it->is_number()) return Unauthenticated("claim \"nbf\" must be a number");
    if (now + options_.leeway < absl::FromUnixSeconds(static_cast<int64_t>(nbf_it->get<double>()))) {
      return Unauthenticated("not valid yet (nbf)");
    }
  }

  VerifiedToken out;
  out.expiry = expiry;
  Principal& p = out.principal;
  auto sub = StringClaim(*claims, "sub");
  if (!sub.ok()) return sub.status();
  if (sub->empty()) return Unauthenticated("no subject (sub)");
  p.set_subject(*std::move(sub));
  auto org = StringClaim(*claims, "org");
  if (!org.ok()) return org.status();
  p.set_organisation_id(*std::move(org));
  auto unit = StringClaim(*claims, "unit");
  if (!unit.ok()) return unit.status();
  p.set_unit_id(*std::move(unit));
  auto office = StringClaim(*claims, "office");
  if (!office.ok()) return office.status();
  p.set_office_id(*std::move(office));
  if (absl::Status s = FillRoles(*claims, &p); !s.ok()) return s;
  p.set_expire_time_unix(absl::ToUnixSeconds(expiry));
  return out;
}

absl::StatusOr<std::string> SignJwtWithHeader(const nlohmann::json& header,
                                              const nlohmann::json& claims, EVP_PKEY* key) {
  auto alg = AlgForKey(key);
  if (!alg.ok()) return alg.status();
  const std::string signing_input = absl::StrCat(crypto::Base64UrlEncode(header.dump()), ".",
                                                 crypto::Base64UrlEncode(claims.dump()));
  auto sig = Sign(signing_input, key, *alg);
  if (!sig.ok()) return sig.status();
  return absl::StrCat(signing_input, ".", crypto::Base64UrlEncode(*sig));
}

absl::StatusOr<std::string> SignJwt(const nlohmann::json& claims, EVP_PKEY* key,
                                    std::string_view kid) {
  auto alg = AlgForKey(key);
  if (!alg.ok()) return alg.status();
  nlohmann::json header = {{"alg", AlgName(*alg)}, {"typ", "JWT"}, {"kid", kid}};
  return SignJwtWithHeader(header, claims, key);
}

}  // namespace collab::auth
