#include "libs/auth/jwk.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "libs/common/crypto.h"

namespace collab::auth {
namespace {

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};

constexpr int kMinRsaBits = 2048;
constexpr int kP256CoordinateBytes = 32;

absl::StatusOr<std::string> Base64Field(const nlohmann::json& jwk, const char* field) {
  auto it = jwk.find(field);
  if (it == jwk.end() || !it->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat("JWK lacks \"", field, "\""));
  }
  auto decoded = crypto::Base64UrlDecode(it->get<std::string>());
  if (!decoded.ok() || decoded->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("JWK field \"", field, "\" is not base64url"));
  }
  return decoded;
}

// Builds a public key of `type` ("RSA" or "EC") from OpenSSL parameters.
absl::StatusOr<PublicKey> KeyFromParams(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("JWK does not describe a valid ", type, " key"));
  }
  return PublicKey(key, EvpPkeyDeleter());
}

absl::StatusOr<PublicKey> RsaKey(const nlohmann::json& jwk) {
  auto n = Base64Field(jwk, "n");
  if (!n.ok()) return n.status();
  auto e = Base64Field(jwk, "e");
  if (!e.ok()) return e.status();
  Bn bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), n->size(), nullptr));
  Bn bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), e->size(), nullptr));
  if (!bn_n || !bn_e) return absl::InternalError("out of memory");
  if (BN_num_bits(bn_n.get()) < kMinRsaBits) {
    return absl::InvalidArgumentError("RSA JWK is shorter than 2048 bits");
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get());
  OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get());
  return KeyFromParams("RSA", bld.get());
}

absl::StatusOr<PublicKey> EcP256Key(const nlohmann::json& jwk) {
  if (jwk.value("crv", "") != "P-256") {
    return absl::InvalidArgumentError("EC JWK must use curve P-256 (ES256)");
  }
  auto x = Base64Field(jwk, "x");
  if (!x.ok()) return x.status();
  auto y = Base64Field(jwk, "y");
  if (!y.ok()) return y.status();
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return absl::InvalidArgumentError("EC JWK coordinates must be 32 bytes");
  }
  // Uncompressed point encoding: 0x04 || x || y.
  std::string point = absl::StrCat("\x04", *x, *y);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(OSSL_PARAM_BLD_new());
  OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  return KeyFromParams("EC", bld.get());
}

std::string BnToBase64(const BIGNUM* bn, int pad_to) {
  std::string bytes(pad_to > 0 ? pad_to : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  return crypto::Base64UrlEncode(bytes);
}

absl::StatusOr<std::string> BnParam(EVP_PKEY* key, const char* name, int pad_to) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("key has no parameter ", name));
  }
  Bn bn(raw);
  return BnToBase64(bn.get(), pad_to);
}

}  // namespace

std::string_view AlgName(JwtAlg alg) { return alg == JwtAlg::kRs256 ? "RS256" : "ES256"; }

absl::StatusOr<JwtAlg> AlgForKey(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return JwtAlg::kRs256;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {0};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &len) > 0 &&
        (std::string_view(group) == "prime256v1" || std::string_view(group) == "P-256")) {
      return JwtAlg::kEs256;
    }
    return absl::InvalidArgumentError("EC keys must use curve P-256");
  }
  return absl::InvalidArgumentError("only RSA and EC P-256 keys are supported");
}

absl::StatusOr<std::vector<Jwk>> ParseJwks(std::string_view json_text) {
  nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError("JWKS must be an object with a \"keys\" array");
  }
  std::vector<Jwk> out;
  for (const auto& jwk : doc["keys"]) {
    if (!jwk.is_object()) return absl::InvalidArgumentError("JWKS key is not an object");
    if (jwk.value("use", "sig") != "sig") continue;
    const std::string kid = jwk.value("kid", "");
    if (kid.empty()) return absl::InvalidArgumentError("JWKS key lacks a kid");
    const std::string kty = jwk.value("kty", "");
    const std::string declared_alg = jwk.value("alg", "");
    absl::StatusOr<PublicKey> key;
    JwtAlg alg;
    if (kty == "RSA") {
      alg = JwtAlg::kRs256;
      key = RsaKey(jwk);
    } else if (kty == "EC") {
      alg = JwtAlg::kEs256;
      key = EcP256Key(jwk);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("JWKS key ", kid, ": kty must be RSA or EC"));
    }
    if (!key.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("JWKS key ", kid, ": ", key.status().message()));
    }
    if (!declared_alg.empty() && declared_alg != AlgName(alg)) {
      return absl::InvalidArgumentError(
          absl::StrCat("JWKS key ", kid, ": alg ", declared_alg, " is not accepted"));
    }
    out.push_back(Jwk{kid, alg, *std::move(key)});
  }
  if (out.empty()) return absl::InvalidArgumentError("JWKS holds no signing key");
  return out;
}

absl::StatusOr<std::vector<Jwk>> LoadJwksFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read JWKS file ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto keys = ParseJwks(buffer.str());
  if (!keys.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": ", keys.status().message()));
  }
  return keys;
}

absl::StatusOr<nlohmann::json> PublicJwk(EVP_PKEY* key, std::string_view kid) {
  auto alg = AlgForKey(key);
  if (!alg.ok()) return alg.status();
  nlohmann::json jwk = {{"kid", kid}, {"use", "sig"}, {"alg", AlgName(*alg)}};
  if (*alg == JwtAlg::kRs256) {
    auto n = BnParam(key, OSSL_PKEY_PARAM_RSA_N, 0);
    auto e = BnParam(key, OSSL_PKEY_PARAM_RSA_E, 0);
    if (!n.ok() || !e.ok()) return absl::InvalidArgumentError("cannot read RSA key");
    jwk["kty"] = "RSA";
    jwk["n"] = *n;
    jwk["e"] = *e;
  } else {
    auto x = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes);
    auto y = BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes);
    if (!x.ok() || !y.ok()) return absl::InvalidArgumentError("cannot read EC key");
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = *x;
    jwk["y"] = *y;
  }
  return jwk;
}

PrivateKey GenerateEcP256Key() { return PrivateKey(EVP_EC_gen("P-256")); }

PrivateKey GenerateRsaKey(int bits) {
  return PrivateKey(EVP_RSA_gen(static_cast<unsigned int>(bits)));
}

std::string PrivateKeyToPem(EVP_PKEY* key) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

absl::StatusOr<PrivateKey> PrivateKeyFromPem(std::string_view pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM private key");
  return PrivateKey(key);
}

}  // namespace collab::auth
