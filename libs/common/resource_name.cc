#include "libs/common/resource_name.h"

#include "libs/common/ids.h"

namespace collab {
namespace {

std::vector<std::string_view> Segments(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    const size_t slash = s.find('/');
    out.push_back(s.substr(0, slash));
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> ParseResourceName(std::string_view name,
                                                          std::string_view pattern) {
  const auto got = Segments(name);
  const auto want = Segments(pattern);
  if (got.size() != want.size()) return std::nullopt;
  std::vector<std::string> ids;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "{}") {
      if (!IsUuid(got[i])) return std::nullopt;
      ids.emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return std::nullopt;
    }
  }
  return ids;
}

}  // namespace collab
