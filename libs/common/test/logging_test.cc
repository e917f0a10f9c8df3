// The log line is hand-built JSON (logging.cc): it must parse, keep every field, escape what
// needs escaping and let a caller's field replace a fixed one.
#include "libs/common/logging.h"

#include <algorithm>
#include <functional>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace collab::log {
namespace {

nlohmann::json Captured(const std::function<void()>& write) {
  ::testing::internal::CaptureStderr();
  write();
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;  // one line per call
  return nlohmann::json::parse(out);
}

TEST(LoggingTest, ALineIsOneJsonObjectWithTheFixedFieldsAndTheCallersFields) {
  Init("logging-test", "info");
  const nlohmann::json line = Captured([] {
    RequestScope scope("req-1");
    Info("call", {{"method", "/collab.x.v1.S/M"}, {"code", "OK"}, {"duration_ms", 1.5}, {"n", 3}});
  });
  EXPECT_EQ(line["service"], "logging-test");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["msg"], "call");
  EXPECT_EQ(line["request_id"], "req-1");
  EXPECT_EQ(line["method"], "/collab.x.v1.S/M");
  EXPECT_EQ(line["code"], "OK");
  EXPECT_EQ(line["duration_ms"], 1.5);
  EXPECT_EQ(line["n"], 3);
  EXPECT_TRUE(std::regex_match(line["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << line["time"];
}

TEST(LoggingTest, EscapesControlCharactersQuotesAndReplacesInvalidUtf8) {
  Init("logging-test", "info");
  const std::string message = "quote \" backslash \\ newline \n bell \x07";
  const nlohmann::json line = Captured([&] {
    Warn(message, {{"name", "Åsa Öberg"}, {"bad", std::string("a\xff" "b")}});
  });
  EXPECT_EQ(line["msg"], message);
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["name"], "Åsa Öberg");
  EXPECT_EQ(line["bad"], "a\xEF\xBF\xBD" "b");  // U+FFFD
}

TEST(LoggingTest, ACallersFieldReplacesAFixedOne) {
  Init("logging-test", "info");
  ::testing::internal::CaptureStderr();
  {
    RequestScope scope("from-scope");
    Info("call", {{"request_id", "from-field"}});
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(nlohmann::json::parse(out)["request_id"], "from-field");
  EXPECT_EQ(out.find("from-scope"), std::string::npos) << out;  // no duplicate key
}

TEST(LoggingTest, NothingBelowTheLevel) {
  Init("logging-test", "warn");
  ::testing::internal::CaptureStderr();
  Info("quiet");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  Init("logging-test", "info");
}

}  // namespace
}  // namespace collab::log
