#include "services/gateway/connect_codec.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"

namespace collab::gateway {
namespace {

struct CodeInfo {
  std::string_view name;
  int http;
};

// Indexed by grpc::StatusCode (0..16); the HTTP statuses are the Connect protocol's.
constexpr CodeInfo kCodes[] = {
    {"ok", 200},
    {"canceled", 499},
    {"unknown", 500},
    {"invalid_argument", 400},
    {"deadline_exceeded", 504},
    {"not_found", 404},
    {"already_exists", 409},
    {"permission_denied", 403},
    {"resource_exhausted", 429},
    {"failed_precondition", 400},
    {"aborted", 409},
    {"out_of_range", 400},
    {"unimplemented", 501},
    {"internal", 500},
    {"unavailable", 503},
    {"data_loss", 500},
    {"unauthenticated", 401},
};

const CodeInfo& Info(grpc::StatusCode code) {
  const int i = static_cast<int>(code);
  return i >= 0 && i < static_cast<int>(std::size(kCodes)) ? kCodes[i] : kCodes[2];
}

// The detail as JSON when its type is compiled in (google.rpc details are), else null.
nlohmann::json DebugJson(std::string_view type_name, const std::string& value) {
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(type_name));
  if (descriptor == nullptr) return nullptr;
  const auto* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor);
  if (prototype == nullptr) return nullptr;
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  if (!message->ParseFromString(value)) return nullptr;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(*message, &json).ok()) return nullptr;
  return nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
}

}  // namespace

std::string_view ConnectCodeName(grpc::StatusCode code) { return Info(code).name; }
int HttpStatusForCode(grpc::StatusCode code) { return Info(code).http; }

std::string ConnectErrorBody(const grpc::Status& status) {
  nlohmann::json body = {{"code", ConnectCodeName(status.error_code())}};
  if (!status.error_message().empty()) body["message"] = status.error_message();
  google::rpc::Status details;
  if (!status.error_details().empty() && details.ParseFromString(status.error_details())) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& any : details.details()) {
      const std::string& url = any.type_url();
      const std::string type = url.substr(url.rfind('/') + 1);
      // Connect sends detail bytes as standard base64 without padding.
      std::string value = absl::Base64Escape(any.value());
      while (!value.empty() && value.back() == '=') value.pop_back();
      nlohmann::json detail = {{"type", type}, {"value", value}};
      nlohmann::json debug = DebugJson(type, any.value());
      if (!debug.is_null() && !debug.is_discarded()) detail["debug"] = std::move(debug);
      list.push_back(std::move(detail));
    }
    if (!list.empty()) body["details"] = std::move(list);
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<int64_t> RetryAfterSeconds(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return std::nullopt;
  }
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo info;
    if (any.type_url() == "type.googleapis.com/google.rpc.RetryInfo" &&
        info.ParseFromString(any.value())) {
      const auto& d = info.retry_delay();
      return d.seconds() + (d.nanos() > 0 ? 1 : 0);
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::string> JsonToBinary(const google::protobuf::Message& prototype,
                                         std::string_view json) {
  std::unique_ptr<google::protobuf::Message> message(prototype.New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("request is not valid JSON for ", prototype.GetDescriptor()->full_name(),
                     ": ", std::string(status.message().data(), status.message().size())));
  }
  return message->SerializeAsString();
}

absl::StatusOr<std::string> BinaryToJson(const google::protobuf::Message& prototype,
                                         std::string_view bytes) {
  std::unique_ptr<google::protobuf::Message> message(prototype.New());
  if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InternalError("backend response does not parse");
  }
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(*message, &json);
  if (!status.ok()) return absl::InternalError("backend response cannot be written as JSON");
  return json;
}

std::optional<int64_t> ParseTimeoutMs(std::string_view header) {
  if (header.empty() || header.size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : header) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace collab::gateway
