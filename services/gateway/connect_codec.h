#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

// The Connect protocol's unary JSON mapping (connectrpc.com/docs/protocol): proto3 JSON bodies,
// errors as {"code": "invalid_argument", "message": ..., "details": [...]} with the HTTP status
// the protocol assigns to each code. Pure functions, so they are tested without a server.
namespace collab::gateway {

// "invalid_argument" for INVALID_ARGUMENT, and so on.
std::string_view ConnectCodeName(grpc::StatusCode code);
int HttpStatusForCode(grpc::StatusCode code);

// The Connect error body for a failed call. Details come from grpc-status-details-bin: each
// {"type": "google.rpc.BadRequest", "value": <base64 bytes>, "debug": <the detail as JSON>}.
std::string ConnectErrorBody(const grpc::Status& status);

// The RetryInfo delay of a status rounded up to whole seconds, for a Retry-After header.
std::optional<int64_t> RetryAfterSeconds(const grpc::Status& status);

// Proto3 JSON → binary message of the prototype's type; INVALID_ARGUMENT naming the problem.
absl::StatusOr<std::string> JsonToBinary(const google::protobuf::Message& prototype,
                                         std::string_view json);
// Binary message → proto3 JSON; INTERNAL when the backend's bytes do not parse.
absl::StatusOr<std::string> BinaryToJson(const google::protobuf::Message& prototype,
                                         std::string_view bytes);

// The Connect-Timeout-Ms header (at most 10 digits); nullopt when absent or malformed.
std::optional<int64_t> ParseTimeoutMs(std::string_view header);

}  // namespace collab::gateway
