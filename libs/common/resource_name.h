#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// AIP resource names such as "organisations/{organisation}/units/{unit}".
namespace collab {

// Matches `name` against `pattern`, where each "{}" segment stands for a UUID id, and returns
// the ids in order. nullopt when the name does not have that shape.
std::optional<std::vector<std::string>> ParseResourceName(std::string_view name,
                                                          std::string_view pattern);

}  // namespace collab
