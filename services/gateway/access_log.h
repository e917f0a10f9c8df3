#pragma once

#include <string_view>

#include "absl/time/time.h"
#include <grpcpp/support/status.h>
#include "services/gateway/admission.h"

// One line per call (issue 3, Operations): method, principal subject, organisation, status,
// duration and request id. Never a token, a certificate, or anything from a message body.
namespace collab::gateway {

void SetAccessLogEnabled(bool enabled);

void LogCall(std::string_view transport, std::string_view method, const Admission& admission,
             grpc::StatusCode code, absl::Duration duration);

}  // namespace collab::gateway
