#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// Debian builds Abseil with its own absl::string_view (not an alias of std::string_view), so
// values handed to Abseil are converted at that boundary.

namespace collab {

// Error details travel inside absl::Status as payloads keyed by the google.rpc type URL, so
// one mapping (libs/rpc/status.h) turns them into grpc-status-details-bin.
inline constexpr absl::string_view kBadRequestTypeUrl =
    "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kErrorInfoTypeUrl =
    "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr absl::string_view kRetryInfoTypeUrl =
    "type.googleapis.com/google.rpc.RetryInfo";

// Collects field violations of one request, so a caller learns every bad field at once.
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // OK when nothing was added, else INVALID_ARGUMENT naming every field.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// INVALID_ARGUMENT for one field, with a BadRequest detail.
absl::Status InvalidField(std::string field, std::string description);

// Attaches an ErrorInfo (reason such as "BUDGET_NOT_BALANCED", domain such as
// "funding.collab.se") to a status.
absl::Status WithErrorInfo(absl::Status status, std::string_view reason,
                           std::string_view domain);

// Attaches a RetryInfo with the delay a client should wait before retrying.
absl::Status WithRetryDelay(absl::Status status, int64_t delay_millis);

}  // namespace collab
