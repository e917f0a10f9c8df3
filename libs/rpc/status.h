#pragma once

#include <string_view>

#include "absl/status/status.h"
#include <grpcpp/support/status.h>

// The one mapping between absl::Status and grpc::Status. Details attached with libs/common/errors.h
// (BadRequest, ErrorInfo, RetryInfo) travel as google.rpc.Status in grpc-status-details-bin, so
// standard clients decode them.
namespace collab::rpc {

// domain: the service's error domain, e.g. "organisations.collab"; it fills ErrorInfo.domain
// when a detail gave none.
grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain);

// For calls from one service to another: keeps code, message and details.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace collab::rpc
