#include "libs/rpc/status.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "libs/common/errors.h"

namespace collab::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status detail;
  detail.set_code(static_cast<int>(status.code()));
  detail.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = detail.add_details();
    any->set_type_url(std::string(type_url));
    std::string bytes(payload);
    if (type_url == kErrorInfoTypeUrl) {
      google::rpc::ErrorInfo info;
      if (info.ParseFromString(bytes) && info.domain().empty()) {
        info.set_domain(std::string(domain));
        bytes = info.SerializeAsString();
      }
    }
    any->set_value(std::move(bytes));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      detail.details_size() > 0 ? detail.SerializeAsString() : std::string());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status detail;
  if (!status.error_details().empty() && detail.ParseFromString(status.error_details())) {
    for (const auto& any : detail.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace collab::rpc
