#pragma once

#include <string>
#include <string_view>

namespace collab {

// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();
// True for a canonical UUID of any version (8-4-4-4-12 hex digits).
bool IsUuid(std::string_view text);

}  // namespace collab
