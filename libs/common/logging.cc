#include "libs/common/logging.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

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

// Appends `s` as a JSON string. Printable ASCII without quotes or backslashes (nearly every
// value logged) is copied as is; anything else goes through nlohmann::json, which escapes control
// characters and replaces invalid UTF-8.
void AppendJsonString(std::string& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    out += '"';
    out.append(s.data(), s.size());
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false,
                                               nlohmann::json::error_handler_t::replace);
}

// 2026-11-26T07:30:00.123Z. The part up to the second is formatted once per second per thread.
void AppendUtcTime(std::string& out, absl::Time now) {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached;
  const int64_t micros = absl::ToUnixMicros(now);
  const int64_t second = micros >= 0 ? micros / 1000000 : (micros - 999999) / 1000000;
  if (second != cached_second) {
    cached = absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(second),
                              absl::UTCTimeZone());
    cached_second = second;
  }
  const int millis = static_cast<int>((micros - second * 1000000) / 1000);
  out += cached;
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  out += static_cast<char>('0' + millis / 10 % 10);
  out += static_cast<char>('0' + millis % 10);
  out += 'Z';
}

}  // namespace

void Init(std::string_view service, std::string_view level) {
  ServiceName() = std::string(service);
  Logger().set_level(spdlog::level::from_str(std::string(level)));
  Logger().flush_on(spdlog::level::info);
}

void Write(Level level, std::string_view message, nlohmann::json fields) {
  if (!Logger().should_log(ToSpd(level))) return;
  // Built as text rather than as a json object: every call writes at least one access-log line,
  // and the object's map and the merge cost several times the line itself.
  const bool has_fields = fields.is_object() && !fields.empty();
  auto fixed = [&](const char* key) { return !has_fields || !fields.contains(key); };
  std::string line;
  line.reserve(256);
  line += '{';
  bool first = true;
  auto key = [&](std::string_view k) {
    if (!first) line += ',';
    first = false;
    AppendJsonString(line, k);
    line += ':';
  };
  if (fixed("time")) {
    key("time");
    line += '"';
    AppendUtcTime(line, absl::Now());
    line += '"';
  }
  if (fixed("level")) {
    key("level");
    AppendJsonString(line, LevelName(level));
  }
  if (fixed("service")) {
    key("service");
    AppendJsonString(line, ServiceName());
  }
  if (fixed("msg")) {
    key("msg");
    AppendJsonString(line, message);
  }
  if (!current_request_id.empty() && fixed("request_id")) {
    key("request_id");
    AppendJsonString(line, current_request_id);
  }
  if (has_fields) {
    for (const auto& [k, value] : fields.items()) {
      key(k);
      if (value.is_string()) {
        AppendJsonString(line, value.get_ref<const std::string&>());
      } else {
        line += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
    }
  }
  line += '}';
  Logger().log(ToSpd(level), line);
}

RequestScope::RequestScope(std::string request_id) : previous_(std::move(current_request_id)) {
  current_request_id = std::move(request_id);
}

RequestScope::~RequestScope() { current_request_id = std::move(previous_); }

const std::string& CurrentRequestId() { return current_request_id; }

}  // namespace collab::log
