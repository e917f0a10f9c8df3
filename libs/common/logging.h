#pragma once

#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

// Structured logging: one JSON object per line on stderr (spdlog underneath), with the request
// id of the current call when there is one. Never log a token, an identity number, a name
// together with a case, or a diagnosis (conventions.md).
namespace collab::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the process's service name (a field of every line) and minimum level ("debug", "info",
// "warn", "error").
void Init(std::string_view service, std::string_view level);

void Write(Level level, std::string_view message, nlohmann::json fields = nlohmann::json::object());
inline void Info(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kInfo, m, std::move(f)); }
inline void Warn(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kWarn, m, std::move(f)); }
inline void Error(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kError, m, std::move(f)); }
inline void Debug(std::string_view m, nlohmann::json f = nlohmann::json::object()) { Write(Level::kDebug, m, std::move(f)); }

// Binds a request id to the current thread for the lifetime of the scope, so every line written
// while serving a call carries it.
class RequestScope {
 public:
  explicit RequestScope(std::string request_id);
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::string previous_;
};

const std::string& CurrentRequestId();

}  // namespace collab::log
