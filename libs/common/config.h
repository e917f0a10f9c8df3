#pragma once

#include <string>
#include <vector>

// Configuration, one place: every setting is an absl flag defined (ABSL_FLAG) in the file that
// owns it, and each flag can also come from the environment as COLLAB_<FLAG_NAME_UPPER>
// (e.g. --database_url ⇐ COLLAB_DATABASE_URL). The command line wins over the environment.
namespace collab::config {

// Applies environment variables to flags, then parses argv. Exits with a usage message on a
// bad flag or a bad environment value (naming the variable). Returns positional arguments.
std::vector<char*> Init(int argc, char** argv, const char* usage);

// The environment variable that feeds a flag.
std::string EnvNameForFlag(const std::string& flag_name);

}  // namespace collab::config
