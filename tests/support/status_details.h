#pragma once

#include <string>
#include <vector>

#include <grpcpp/support/status.h>
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace collab::testing {

// The fields named by BadRequest details in a status, decoded the way any standard client
// decodes grpc-status-details-bin.
inline std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status detail;
  if (!detail.ParseFromString(status.error_details())) return fields;
  for (const auto& any : detail.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

// The ErrorInfo reason of a status ("" when none), decoded the same way.
inline std::string ErrorReason(const grpc::Status& status) {
  google::rpc::Status detail;
  if (!detail.ParseFromString(status.error_details())) return "";
  for (const auto& any : detail.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

}  // namespace collab::testing
