#pragma once

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/message.h"
#include "libs/common/crypto.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotency.h"

namespace collab::db {

// The request's bytes with map entries in a fixed order, so equal requests give equal bytes.
inline std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string serialized;
  google::protobuf::io::StringOutputStream stream(&serialized);
  {
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return serialized;
}

// Runs `create` unless `request_id` was seen before with the same method and request
// fingerprint, in which case the first response is returned again (AIP-155). Call inside
// RunInTransaction so the write and its idempotency record commit together. A request_id must be
// a UUID when given. Requests carrying personal data pass a keyed fingerprint (an HMAC of
// DeterministicBytes), so the stored hash cannot be matched against guessed values.
template <class Response>
absl::StatusOr<Response> IdempotentCreateWithFingerprint(
    pqxx::work& tx, std::string_view request_id, std::string_view method,
    std::string_view fingerprint,
    absl::FunctionRef<absl::StatusOr<Response>(pqxx::work&)> create) {
  if (!request_id.empty() && !IsUuid(request_id)) {
    return InvalidField("request_id", "must be a UUID");
  }
  const std::string hash = crypto::Sha256(fingerprint);
  ASSIGN_OR_RETURN(auto prior, LookupIdempotent(tx, request_id, method, hash));
  if (prior) {
    Response replay;
    if (!replay.ParseFromString(*prior)) return absl::InternalError("stored response does not parse");
    return replay;
  }
  ASSIGN_OR_RETURN(Response response, create(tx));
  RETURN_IF_ERROR(StoreIdempotent(tx, request_id, method, hash, response.SerializeAsString()));
  return response;
}

// As above, fingerprinting the request by its deterministic bytes.
template <class Response>
absl::StatusOr<Response> IdempotentCreate(
    pqxx::work& tx, std::string_view request_id, std::string_view method,
    const google::protobuf::Message& request,
    absl::FunctionRef<absl::StatusOr<Response>(pqxx::work&)> create) {
  return IdempotentCreateWithFingerprint<Response>(tx, request_id, method,
                                                   DeterministicBytes(request), create);
}

}  // namespace collab::db
