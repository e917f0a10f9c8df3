#pragma once

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/auth/principal.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/service_client.h"

// Checks that an organisation exists by asking the organisations service's public RPC
// (collab.organisations.v1.OrganisationService/GetOrganisation) as ROLE_SERVICE named after the
// calling service, the principal signed with the internal key (architecture.md, Security model),
// with a deadline derived from the caller's. Used by cases (employers) and funding (funders,
// project owners).
//
// Organisations that were found are remembered for `found_ttl` (default 60 s): a busy writer
// (CreateCase for one employer) then asks once a minute instead of once a call (bench/README.md).
// The check is referential, not an access decision, so an organisation deleted within the last
// minute may still be accepted; answers "not found" and failures are never remembered.
namespace collab::rpc {

class OrganisationDirectory {
 public:
  // target: host:port of collab-organisations (--organisations_backend); service_name: the
  // calling service ("cases", "funding"), as the principal's subject and service_name.
  OrganisationDirectory(const std::string& target, auth::PrincipalSigner signer,
                        std::string service_name, absl::Duration found_ttl = absl::Seconds(60));
  virtual ~OrganisationDirectory() = default;

  // OK when organisations/{id} exists and is not deleted. INVALID_ARGUMENT naming `field`
  // ("case.employer: no such organisation") when it does not; UNAVAILABLE when the
  // organisations service cannot answer in time; INTERNAL for anything else.
  absl::Status CheckOrganisation(const CallContext& call, const std::string& id,
                                 const std::string& field) const;

  // The --organisations_backend flag.
  static std::string BackendFromFlags();

 private:
  bool RecentlyFound(const std::string& id, absl::Time now) const;
  void RememberFound(const std::string& id, absl::Time now) const;

  std::unique_ptr<organisations::v1::OrganisationService::Stub> stub_;
  ServiceCaller caller_;
  absl::Duration found_ttl_;
  // id → when it was found; bounded (cleared when full) so ids cannot grow it without limit.
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, absl::Time> found_ ABSL_GUARDED_BY(mu_);
};

}  // namespace collab::rpc
