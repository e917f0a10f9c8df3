#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/service_client.h"

// Checks that an employer exists by asking the organisations service's public RPC
// (collab.organisations.v1.OrganisationService/GetOrganisation) as ROLE_SERVICE "cases", the
// principal signed with the internal key (architecture.md, Security model), with a deadline
// derived from the caller's.
namespace collab::cases {

class EmployerDirectory {
 public:
  // target: host:port of collab-organisations (--organisations_backend).
  EmployerDirectory(const std::string& target, auth::PrincipalSigner signer);

  // OK when organisations/{id} exists and is not deleted. INVALID_ARGUMENT naming `field`
  // ("case.employer: no such organisation") when it does not; UNAVAILABLE when the
  // organisations service cannot answer in time; INTERNAL for anything else.
  absl::Status CheckOrganisation(const rpc::CallContext& call, const std::string& id,
                                 const std::string& field) const;

  // The --organisations_backend flag.
  static std::string BackendFromFlags();

 private:
  std::unique_ptr<organisations::v1::OrganisationService::Stub> stub_;
  rpc::ServiceCaller caller_;
};

}  // namespace collab::cases
