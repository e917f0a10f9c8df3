#include "services/funding/request_names.h"

#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"
#include "libs/common/resource_name.h"

namespace collab::funding {

absl::StatusOr<Ids> ParseName(const std::string& name, std::string_view pattern,
                              const std::string& field) {
  auto ids = ParseResourceName(name, pattern);
  if (!ids) {
    return InvalidField(field, absl::StrCat("must be a resource name of the form ",
                                            absl::string_view(pattern.data(), pattern.size())));
  }
  return *ids;
}

absl::Status CheckEtag(const std::string& given, const std::string& current, std::string_view noun) {
  if (given.empty() || given == current) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("etag \"", given, "\" is stale; the ",
                                         absl::string_view(noun.data(), noun.size()),
                                         " is now at \"", current, "\""));
}

}  // namespace collab::funding
