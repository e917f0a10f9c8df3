#include "libs/common/config.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"

namespace collab::config {

std::string EnvNameForFlag(const std::string& flag_name) {
  std::string env = "COLLAB_";
  for (char c : flag_name) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

std::vector<char*> Init(int argc, char** argv, const char* usage) {
  absl::SetProgramUsageMessage(usage);
  for (auto& [name, flag] : absl::GetAllFlags()) {
    const std::string env_name = EnvNameForFlag(std::string(name));
    const char* value = std::getenv(env_name.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "invalid value in environment variable %s: %s\n", env_name.c_str(),
                   error.c_str());
      std::exit(2);
    }
  }
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace collab::config
