#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/rpc/call_handler.h"
#include "libs/rpc/service_client.h"

// What the programme side needs from the registry, asked through collab-organisations' public
// RPCs (GetOrganisation, GetNetwork, ListMemberships) as ROLE_SERVICE "funding": programmes are
// networks of kind PROGRAMME, their members are memberships (programme.proto). No other
// service's tables are read (architecture.md).
namespace collab::funding {

struct ProgrammeInfo {
  std::string id;
  std::string owner_organisation_id;  // empty when the network names no owner
  std::optional<absl::CivilDay> start;
};

class ProgrammeDirectory {
 public:
  // target: host:port of collab-organisations.
  ProgrammeDirectory(const std::string& target, auth::PrincipalSigner signer);

  // networks/{id} of kind PROGRAMME, not deleted. INVALID_ARGUMENT naming `field` otherwise.
  absl::StatusOr<ProgrammeInfo> GetProgramme(const rpc::CallContext& call, const std::string& id,
                                             const std::string& field) const;

  // The organisation exists (INVALID_ARGUMENT naming `field` otherwise) and has a membership in
  // force in the programme on `day` (FAILED_PRECONDITION, reason NOT_A_PROGRAMME_MEMBER).
  absl::Status CheckMember(const rpc::CallContext& call, const std::string& programme_id,
                           const std::string& organisation_id, absl::CivilDay day,
                           const std::string& field) const;

  // Ids of the organisations with a membership in force in the programme on `day`.
  absl::StatusOr<std::vector<std::string>> MembersOn(const rpc::CallContext& call,
                                                     const std::string& programme_id,
                                                     absl::CivilDay day) const;

 private:
  // Memberships of the programme (of one organisation when organisation_id is set), all pages.
  absl::StatusOr<std::vector<organisations::v1::Membership>> Memberships(
      const rpc::CallContext& call, const std::string& programme_id,
      const std::string& organisation_id) const;

  std::unique_ptr<organisations::v1::OrganisationService::Stub> stub_;
  rpc::ServiceCaller caller_;
};

}  // namespace collab::funding
