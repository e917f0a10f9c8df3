#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/service_client.h"

// Checks that an organisation exists by asking the organisations service's public RPC
// (collab.organisations.v1.OrganisationService/GetOrganisation) as ROLE_SERVICE named after the
// calling service, the principal signed with the internal key (architecture.md, Security model),
// with a deadline derived from the caller's. Used by cases (employers) and funding (funders,
// project owners).
namespace collab::rpc {

class OrganisationDirectory {
 public:
  // target: host:port of collab-organisations (--organisations_backend); service_name: the
  // calling service ("cases", "funding"), as the principal's subject and service_name.
  OrganisationDirectory(const std::string& target, auth::PrincipalSigner signer,
                        std::string service_name);
  virtual ~OrganisationDirectory() = default;

  // OK when organisations/{id} exists and is not deleted. INVALID_ARGUMENT naming `field`
  // ("case.employer: no such organisation") when it does not; UNAVAILABLE when the
  // organisations service cannot answer in time; INTERNAL for anything else.
  absl::Status CheckOrganisation(const CallContext& call, const std::string& id,
                                 const std::string& field) const;

  // The --organisations_backend flag.
  static std::string BackendFromFlags();

 private:
  std::unique_ptr<organisations::v1::OrganisationService::Stub> stub_;
  ServiceCaller caller_;
};

}  // namespace collab::rpc
