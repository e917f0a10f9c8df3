#pragma once

#include <string>

#include "libs/rpc/organisation_directory.h"

// Checks that an employer exists, asking collab-organisations as ROLE_SERVICE "cases"
// (libs/rpc/organisation_directory.h).
namespace collab::cases {

class EmployerDirectory : public rpc::OrganisationDirectory {
 public:
  // target: host:port of collab-organisations (--organisations_backend).
  EmployerDirectory(const std::string& target, auth::PrincipalSigner signer)
      : OrganisationDirectory(target, std::move(signer), "cases") {}
};

}  // namespace collab::cases
