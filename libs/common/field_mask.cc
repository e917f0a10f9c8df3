#include "libs/common/field_mask.h"

#include <algorithm>
#include <string>

#include "google/protobuf/util/field_mask_util.h"
#include "libs/common/errors.h"

namespace collab {

absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::vector<std::string_view>& updatable,
                            const google::protobuf::Message& patch,
                            google::protobuf::Message* target) {
  if (mask.paths_size() == 0) {
    return InvalidField("update_mask", "is required and names the fields to change");
  }
  FieldViolations violations;
  for (const std::string& path : mask.paths()) {
    if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
      violations.Add("update_mask", "field '" + path + "' cannot be updated");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(patch, mask, options, target);
  return absl::OkStatus();
}

}  // namespace collab
