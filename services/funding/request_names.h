#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Request helpers both funding services (FundingService, ProgrammeService) use: resource names
// and etags, answered the same way everywhere.
namespace collab::funding {

using Ids = std::vector<std::string>;

// The ids of `name` matched against `pattern` ("projects/{}/budgetLines/{}"), or
// INVALID_ARGUMENT naming `field`.
absl::StatusOr<Ids> ParseName(const std::string& name, std::string_view pattern,
                              const std::string& field);

// ABORTED naming the current etag when `given` is set and differs from `current` (optimistic
// concurrency); an empty `given` skips the check.
absl::Status CheckEtag(const std::string& given, const std::string& current, std::string_view noun);

}  // namespace collab::funding
