#include "libs/common/logging.h"

#include <memory>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace collab::log {
namespace {

std::string& ServiceName() {
  static std::string name = "collab";
  return name;
}

thread_local std::string current_request_id;

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("collab-json");
    l->set_pattern("%v");  // the message is already a complete JSON object
    return l;
  }();
  return *logger;
}

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kDebug: return spdlog::level::debug;
    case Level::kInfo: return spdlog::level::info;
    case Level::kWarn: return spdlog::level::warn;
    case Level::kError: return spdlog::level::err;
  }
  return spdlog::level::info;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void Init(std::string_view service, std::string_view level) {
  ServiceName() = std::string(service);
  Logger().set_level(spdlog::level::from_str(std::string(level)));
  Logger().flush_on(spdlog::level::info);
}

void Write(Level level, std::string_view message, nlohmann::json fields) {
  if (!Logger().should_log(ToSpd(level))) return;
  nlohmann::json line = {
      {"time", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone())},
      {"level", LevelName(level)},
      {"service", ServiceName()},
      {"msg", message},
  };
  if (!current_request_id.empty()) line["request_id"] = current_request_id;
  if (fields.is_object()) {
    for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  }
  Logger().log(ToSpd(level), line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(current_request_id)) {
  current_request_id = std::move(request_id);
}

RequestScope::~RequestScope() { current_request_id = std::move(previous_); }

const std::string& CurrentRequestId() { return current_request_id; }

}  // namespace collab::log
