#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace collab {

// Copies the fields named in `mask` from `patch` into `target` (AIP-134). Refuses, naming
// update_mask, an empty mask and any path not in `updatable` (owner, status and computed fields
// are never updatable through a mask).
absl::Status ApplyFieldMask(const google::protobuf::FieldMask& mask,
                            const std::vector<std::string_view>& updatable,
                            const google::protobuf::Message& patch,
                            google::protobuf::Message* target);

}  // namespace collab
