#pragma once

#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/common/paging.h"
#include "libs/rpc/call_handler.h"
#include "services/organisations/store.h"

namespace collab::organisations {

// gRPC surface of the registry: validate → authorise → store → proto. Each method runs inside
// CallHandler (signed principal, method policy, request id, access log, status mapping).
class OrganisationServiceImpl final : public v1::OrganisationService::Service {
 public:
  OrganisationServiceImpl(Store& store, rpc::CallHandler& handler, PageTokenCodec tokens)
      : store_(store), handler_(handler), tokens_(std::move(tokens)) {}

  grpc::Status GetOrganisation(grpc::ServerContext*, const v1::GetOrganisationRequest*,
                               v1::Organisation*) override;
  grpc::Status ListOrganisations(grpc::ServerContext*, const v1::ListOrganisationsRequest*,
                                 v1::ListOrganisationsResponse*) override;
  grpc::Status CreateOrganisation(grpc::ServerContext*, const v1::CreateOrganisationRequest*,
                                  v1::Organisation*) override;
  grpc::Status UpdateOrganisation(grpc::ServerContext*, const v1::UpdateOrganisationRequest*,
                                  v1::Organisation*) override;
  grpc::Status DeleteOrganisation(grpc::ServerContext*, const v1::DeleteOrganisationRequest*,
                                  v1::Organisation*) override;

  grpc::Status GetUnit(grpc::ServerContext*, const v1::GetUnitRequest*, v1::Unit*) override;
  grpc::Status ListUnits(grpc::ServerContext*, const v1::ListUnitsRequest*,
                         v1::ListUnitsResponse*) override;
  grpc::Status CreateUnit(grpc::ServerContext*, const v1::CreateUnitRequest*, v1::Unit*) override;
  grpc::Status UpdateUnit(grpc::ServerContext*, const v1::UpdateUnitRequest*, v1::Unit*) override;
  grpc::Status DeleteUnit(grpc::ServerContext*, const v1::DeleteUnitRequest*, v1::Unit*) override;

  grpc::Status GetContact(grpc::ServerContext*, const v1::GetContactRequest*,
                          v1::Contact*) override;
  grpc::Status ListContacts(grpc::ServerContext*, const v1::ListContactsRequest*,
                            v1::ListContactsResponse*) override;
  grpc::Status CreateContact(grpc::ServerContext*, const v1::CreateContactRequest*,
                             v1::Contact*) override;
  grpc::Status UpdateContact(grpc::ServerContext*, const v1::UpdateContactRequest*,
                             v1::Contact*) override;
  grpc::Status DeleteContact(grpc::ServerContext*, const v1::DeleteContactRequest*,
                             v1::Contact*) override;

  grpc::Status GetNetwork(grpc::ServerContext*, const v1::GetNetworkRequest*,
                          v1::Network*) override;
  grpc::Status ListNetworks(grpc::ServerContext*, const v1::ListNetworksRequest*,
                            v1::ListNetworksResponse*) override;
  grpc::Status CreateNetwork(grpc::ServerContext*, const v1::CreateNetworkRequest*,
                             v1::Network*) override;
  grpc::Status UpdateNetwork(grpc::ServerContext*, const v1::UpdateNetworkRequest*,
                             v1::Network*) override;
  grpc::Status DeleteNetwork(grpc::ServerContext*, const v1::DeleteNetworkRequest*,
                             v1::Network*) override;

  grpc::Status GetMembership(grpc::ServerContext*, const v1::GetMembershipRequest*,
                             v1::Membership*) override;
  grpc::Status ListMemberships(grpc::ServerContext*, const v1::ListMembershipsRequest*,
                               v1::ListMembershipsResponse*) override;
  grpc::Status CreateMembership(grpc::ServerContext*, const v1::CreateMembershipRequest*,
                                v1::Membership*) override;
  grpc::Status UpdateMembership(grpc::ServerContext*, const v1::UpdateMembershipRequest*,
                                v1::Membership*) override;
  grpc::Status DeleteMembership(grpc::ServerContext*, const v1::DeleteMembershipRequest*,
                                v1::Membership*) override;

 private:
  Store& store_;
  rpc::CallHandler& handler_;
  PageTokenCodec tokens_;
};

}  // namespace collab::organisations
