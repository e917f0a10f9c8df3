#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "libs/auth/principal.h"

// The one method-policy table (architecture.md): for every public method, the roles allowed, and
// for ROLE_SERVICE the calling services allowed. The gateway enforces it; each service checks
// it again. A method missing from the table is refused (default deny).
namespace collab::auth {

using RoleMask = uint32_t;

constexpr RoleMask Roles(std::initializer_list<Role> roles) {
  RoleMask mask = 0;
  for (Role r : roles) mask |= RoleMask{1} << static_cast<int>(r);
  return mask;
}

struct MethodPolicy {
  std::string_view method;  // "/collab.organisations.v1.OrganisationService/GetOrganisation"
  RoleMask roles;
  // Comma-separated service names that may call with ROLE_SERVICE, e.g. "cases,funding".
  std::string_view services;
};

// nullptr when the method is unknown.
const MethodPolicy* FindMethodPolicy(std::string_view full_method);

// True when one of the principal's roles is allowed (for ROLE_SERVICE: its service_name).
bool PolicyAllows(const MethodPolicy& policy, const Principal& principal);

}  // namespace collab::auth
