#include "services/organisations/service.h"

#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "services/organisations/domain/validation.h"

namespace collab::organisations {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_AGENCY_SYSTEM;
using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using Ids = std::vector<std::string>;

#define METHOD(name) "/collab.organisations.v1.OrganisationService/" name

absl::StatusOr<Ids> ParseName(const std::string& name, std::string_view pattern,
                              const std::string& field) {
  auto ids = ParseResourceName(name, pattern);
  if (!ids) return InvalidField(field, "must be a resource name of the form " + std::string(pattern));
  return *ids;
}

// Contacts are personal data: FK, agency systems and the registry's administrators see every
// organisation's; anyone else only their own organisation's. Others get NOT_FOUND, never data.
absl::Status CheckContactReader(const auth::Principal& p, const std::string& org_id) {
  if (auth::HasRole(p, ROLE_CASE_WORKER) || auth::HasRole(p, ROLE_ADMIN) ||
      auth::HasRole(p, ROLE_AGENCY_SYSTEM) || p.organisation_id() == org_id) {
    return absl::OkStatus();
  }
  return absl::NotFoundError("contact not found");
}

// Units and contacts are kept by the registry's administrators and by each organisation's own
// HR (its access administrator); the organisation itself is visible to all, so this answers
// PERMISSION_DENIED rather than hiding it.
absl::Status CheckOrganisationKeeper(const auth::Principal& p, const std::string& org_id) {
  if (auth::HasRole(p, ROLE_ADMIN)) return absl::OkStatus();
  if (auth::HasRole(p, ROLE_EMPLOYER_HR) && p.organisation_id() == org_id) return absl::OkStatus();
  return absl::PermissionDeniedError("only the organisation's own HR or an administrator may change it");
}

// Validates a resource in full; `prefix` names the request field it came from.
template <class R>
absl::Status Validated(R& r, void (*validate)(R&, std::string_view, FieldViolations&),
                       std::string_view prefix) {
  FieldViolations v;
  validate(r, prefix, v);
  return v.ToStatus();
}

// The update path: mask, then validate the whole result.
template <class R>
Mutation<R> MaskThenValidate(const R& patch, const google::protobuf::FieldMask& mask,
                             std::initializer_list<std::string_view> updatable,
                             void (*validate)(R&, std::string_view, FieldViolations&),
                             std::string_view prefix) {
  return [&patch, &mask, allowed = std::vector<std::string_view>(updatable), validate,
          prefix](R& current) -> absl::Status {
    RETURN_IF_ERROR(ApplyFieldMask(mask, allowed, patch, &current));
    return Validated(current, validate, prefix);
  };
}

WriteRequest Write(const rpc::CallContext& call, const std::string& request_id, const char* method,
                   const google::protobuf::Message& request) {
  return WriteRequest{request_id, method, &request, call.deadline};
}

template <class Response, class R>
void FillPage(const Page<R>& page, const PageTokenCodec& tokens, const std::string& fingerprint,
              google::protobuf::RepeatedPtrField<R>* items, Response* resp) {
  for (const R& r : page.items) *items->Add() = r;
  if (!page.next_key.empty()) resp->set_next_page_token(tokens.Encode(page.next_key, fingerprint));
}

}  // namespace

// --- organisations ---------------------------------------------------------------------------

grpc::Status OrganisationServiceImpl::GetOrganisation(grpc::ServerContext* ctx,
                                                      const v1::GetOrganisationRequest* req,
                                                      v1::Organisation* resp) {
  return handler_.Run(ctx, METHOD("GetOrganisation"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.GetOrganisation(ids[0], call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::ListOrganisations(grpc::ServerContext* ctx,
                                                        const v1::ListOrganisationsRequest* req,
                                                        v1::ListOrganisationsResponse* resp) {
  return handler_.Run(ctx, METHOD("ListOrganisations"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    OrganisationFilter f;
    f.kind = req->kind();
    if (!v1::OrganisationKind_IsValid(f.kind)) v.Add("kind", "is not a known value");
    f.county_code = req->county_code();
    if (!f.county_code.empty() && !IsCountyCode(f.county_code)) {
      v.Add("county_code", "is not a Swedish county code (01–25)");
    }
    if (!req->network().empty()) {
      auto ids = ParseResourceName(req->network(), "networks/{}");
      if (!ids) v.Add("network", "must be a network name networks/{network}");
      else f.network_id = (*ids)[0];
    }
    f.display_name_prefix = req->display_name_prefix();
    if (f.display_name_prefix.size() > 200) v.Add("display_name_prefix", "must be at most 200 characters");
    f.show_deleted = req->show_deleted();
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(f.kind, "|", f.county_code, "|", f.network_id, "|",
                                        f.display_name_prefix, "|", f.show_deleted);
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(auto page, store_.ListOrganisations(f, after, limit, call.deadline));
    FillPage(page, tokens_, fp, resp->mutable_organisations(), resp);
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::CreateOrganisation(grpc::ServerContext* ctx,
                                                         const v1::CreateOrganisationRequest* req,
                                                         v1::Organisation* resp) {
  return handler_.Run(ctx, METHOD("CreateOrganisation"), [&](const rpc::CallContext& call) -> absl::Status {
    v1::Organisation org = req->organisation();
    RETURN_IF_ERROR(Validated(org, ValidateOrganisation, "organisation."));
    ASSIGN_OR_RETURN(*resp, store_.CreateOrganisation(
                                org, Write(call, req->request_id(), METHOD("CreateOrganisation"), *req)));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::UpdateOrganisation(grpc::ServerContext* ctx,
                                                         const v1::UpdateOrganisationRequest* req,
                                                         v1::Organisation* resp) {
  return handler_.Run(ctx, METHOD("UpdateOrganisation"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->organisation().name(), "organisations/{}", "organisation.name"));
    auto mutate = MaskThenValidate(
        req->organisation(), req->update_mask(),
        {"display_name", "kind", "organisation_number", "sector", "county_code", "size_band"},
        ValidateOrganisation, "organisation.");
    ASSIGN_OR_RETURN(*resp, store_.UpdateOrganisation(ids[0], req->organisation().etag(), mutate,
                                                      call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::DeleteOrganisation(grpc::ServerContext* ctx,
                                                         const v1::DeleteOrganisationRequest* req,
                                                         v1::Organisation* resp) {
  return handler_.Run(ctx, METHOD("DeleteOrganisation"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.DeleteOrganisation(ids[0], req->etag(), call.deadline));
    return absl::OkStatus();
  });
}

// --- units -----------------------------------------------------------------------------------

grpc::Status OrganisationServiceImpl::GetUnit(grpc::ServerContext* ctx, const v1::GetUnitRequest* req,
                                              v1::Unit* resp) {
  return handler_.Run(ctx, METHOD("GetUnit"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}/units/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.GetUnit(ids[0], ids[1], call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::ListUnits(grpc::ServerContext* ctx,
                                                const v1::ListUnitsRequest* req,
                                                v1::ListUnitsResponse* resp) {
  return handler_.Run(ctx, METHOD("ListUnits"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "organisations/{}", "parent"));
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", req->display_name_prefix(), "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(auto page, store_.ListUnits(ids[0], req->display_name_prefix(),
                                                 req->show_deleted(), after, limit, call.deadline));
    FillPage(page, tokens_, fp, resp->mutable_units(), resp);
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::CreateUnit(grpc::ServerContext* ctx,
                                                 const v1::CreateUnitRequest* req, v1::Unit* resp) {
  return handler_.Run(ctx, METHOD("CreateUnit"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "organisations/{}", "parent"));
    v1::Unit unit = req->unit();
    RETURN_IF_ERROR(Validated(unit, ValidateUnit, "unit."));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    ASSIGN_OR_RETURN(*resp, store_.CreateUnit(ids[0], unit,
                                              Write(call, req->request_id(), METHOD("CreateUnit"), *req)));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::UpdateUnit(grpc::ServerContext* ctx,
                                                 const v1::UpdateUnitRequest* req, v1::Unit* resp) {
  return handler_.Run(ctx, METHOD("UpdateUnit"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->unit().name(), "organisations/{}/units/{}", "unit.name"));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    auto mutate = MaskThenValidate(req->unit(), req->update_mask(),
                                   {"display_name", "municipality_code"}, ValidateUnit, "unit.");
    ASSIGN_OR_RETURN(*resp, store_.UpdateUnit(ids[0], ids[1], req->unit().etag(), mutate, call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::DeleteUnit(grpc::ServerContext* ctx,
                                                 const v1::DeleteUnitRequest* req, v1::Unit* resp) {
  return handler_.Run(ctx, METHOD("DeleteUnit"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}/units/{}", "name"));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    ASSIGN_OR_RETURN(*resp, store_.DeleteUnit(ids[0], ids[1], req->etag(), call.deadline));
    return absl::OkStatus();
  });
}

// --- contacts --------------------------------------------------------------------------------

grpc::Status OrganisationServiceImpl::GetContact(grpc::ServerContext* ctx,
                                                 const v1::GetContactRequest* req,
                                                 v1::Contact* resp) {
  return handler_.Run(ctx, METHOD("GetContact"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}/contacts/{}", "name"));
    RETURN_IF_ERROR(CheckContactReader(call.principal, ids[0]));
    ASSIGN_OR_RETURN(*resp, store_.GetContact(ids[0], ids[1], call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::ListContacts(grpc::ServerContext* ctx,
                                                   const v1::ListContactsRequest* req,
                                                   v1::ListContactsResponse* resp) {
  return handler_.Run(ctx, METHOD("ListContacts"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "organisations/{}", "parent"));
    if (!v1::ContactRole_IsValid(req->role())) return InvalidField("role", "is not a known value");
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    if (!CheckContactReader(call.principal, ids[0]).ok()) return absl::OkStatus();  // an empty list
    const std::string fp = absl::StrCat(ids[0], "|", req->role(), "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(auto page, store_.ListContacts(ids[0], req->role(), req->show_deleted(), after,
                                                    limit, call.deadline));
    FillPage(page, tokens_, fp, resp->mutable_contacts(), resp);
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::CreateContact(grpc::ServerContext* ctx,
                                                    const v1::CreateContactRequest* req,
                                                    v1::Contact* resp) {
  return handler_.Run(ctx, METHOD("CreateContact"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "organisations/{}", "parent"));
    v1::Contact contact = req->contact();
    RETURN_IF_ERROR(Validated(contact, ValidateContact, "contact."));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    ASSIGN_OR_RETURN(*resp, store_.CreateContact(
                                ids[0], contact, Write(call, req->request_id(), METHOD("CreateContact"), *req)));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::UpdateContact(grpc::ServerContext* ctx,
                                                    const v1::UpdateContactRequest* req,
                                                    v1::Contact* resp) {
  return handler_.Run(ctx, METHOD("UpdateContact"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->contact().name(), "organisations/{}/contacts/{}", "contact.name"));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    auto mutate = MaskThenValidate(req->contact(), req->update_mask(),
                                   {"full_name", "email", "phone", "role", "unit"}, ValidateContact,
                                   "contact.");
    ASSIGN_OR_RETURN(*resp, store_.UpdateContact(ids[0], ids[1], req->contact().etag(), mutate,
                                                 call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::DeleteContact(grpc::ServerContext* ctx,
                                                    const v1::DeleteContactRequest* req,
                                                    v1::Contact* resp) {
  return handler_.Run(ctx, METHOD("DeleteContact"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "organisations/{}/contacts/{}", "name"));
    RETURN_IF_ERROR(CheckOrganisationKeeper(call.principal, ids[0]));
    ASSIGN_OR_RETURN(*resp, store_.DeleteContact(ids[0], ids[1], req->etag(), call.deadline));
    return absl::OkStatus();
  });
}

// --- networks --------------------------------------------------------------------------------

grpc::Status OrganisationServiceImpl::GetNetwork(grpc::ServerContext* ctx,
                                                 const v1::GetNetworkRequest* req,
                                                 v1::Network* resp) {
  return handler_.Run(ctx, METHOD("GetNetwork"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "networks/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.GetNetwork(ids[0], call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::ListNetworks(grpc::ServerContext* ctx,
                                                   const v1::ListNetworksRequest* req,
                                                   v1::ListNetworksResponse* resp) {
  return handler_.Run(ctx, METHOD("ListNetworks"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    NetworkFilter f;
    f.kind = req->kind();
    if (!v1::NetworkKind_IsValid(f.kind)) v.Add("kind", "is not a known value");
    f.county_code = req->county_code();
    if (!f.county_code.empty() && !IsCountyCode(f.county_code)) {
      v.Add("county_code", "is not a Swedish county code (01–25)");
    }
    f.display_name_prefix = req->display_name_prefix();
    f.show_deleted = req->show_deleted();
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(f.kind, "|", f.county_code, "|", f.display_name_prefix, "|",
                                        f.show_deleted);
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(auto page, store_.ListNetworks(f, after, limit, call.deadline));
    FillPage(page, tokens_, fp, resp->mutable_networks(), resp);
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::CreateNetwork(grpc::ServerContext* ctx,
                                                    const v1::CreateNetworkRequest* req,
                                                    v1::Network* resp) {
  return handler_.Run(ctx, METHOD("CreateNetwork"), [&](const rpc::CallContext& call) -> absl::Status {
    v1::Network network = req->network();
    RETURN_IF_ERROR(Validated(network, ValidateNetwork, "network."));
    ASSIGN_OR_RETURN(*resp, store_.CreateNetwork(
                                network, Write(call, req->request_id(), METHOD("CreateNetwork"), *req)));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::UpdateNetwork(grpc::ServerContext* ctx,
                                                    const v1::UpdateNetworkRequest* req,
                                                    v1::Network* resp) {
  return handler_.Run(ctx, METHOD("UpdateNetwork"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->network().name(), "networks/{}", "network.name"));
    auto mutate = MaskThenValidate(
        req->network(), req->update_mask(),
        {"display_name", "kind", "owner_organisation", "county_code", "period"}, ValidateNetwork,
        "network.");
    ASSIGN_OR_RETURN(*resp, store_.UpdateNetwork(ids[0], req->network().etag(), mutate, call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::DeleteNetwork(grpc::ServerContext* ctx,
                                                    const v1::DeleteNetworkRequest* req,
                                                    v1::Network* resp) {
  return handler_.Run(ctx, METHOD("DeleteNetwork"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "networks/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.DeleteNetwork(ids[0], req->etag(), call.deadline));
    return absl::OkStatus();
  });
}

// --- memberships -----------------------------------------------------------------------------

grpc::Status OrganisationServiceImpl::GetMembership(grpc::ServerContext* ctx,
                                                    const v1::GetMembershipRequest* req,
                                                    v1::Membership* resp) {
  return handler_.Run(ctx, METHOD("GetMembership"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "networks/{}/memberships/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.GetMembership(ids[0], ids[1], call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::ListMemberships(grpc::ServerContext* ctx,
                                                      const v1::ListMembershipsRequest* req,
                                                      v1::ListMembershipsResponse* resp) {
  return handler_.Run(ctx, METHOD("ListMemberships"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "networks/{}", "parent"));
    std::string org_id;
    if (!req->organisation().empty()) {
      ASSIGN_OR_RETURN(Ids org, ParseName(req->organisation(), "organisations/{}", "organisation"));
      org_id = org[0];
    }
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(ids[0], "|", org_id, "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(auto page, store_.ListMemberships(ids[0], org_id, req->show_deleted(), after,
                                                       limit, call.deadline));
    FillPage(page, tokens_, fp, resp->mutable_memberships(), resp);
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::CreateMembership(grpc::ServerContext* ctx,
                                                       const v1::CreateMembershipRequest* req,
                                                       v1::Membership* resp) {
  return handler_.Run(ctx, METHOD("CreateMembership"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->parent(), "networks/{}", "parent"));
    v1::Membership membership = req->membership();
    RETURN_IF_ERROR(Validated(membership, ValidateMembership, "membership."));
    ASSIGN_OR_RETURN(*resp, store_.CreateMembership(
                                ids[0], membership,
                                Write(call, req->request_id(), METHOD("CreateMembership"), *req)));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::UpdateMembership(grpc::ServerContext* ctx,
                                                       const v1::UpdateMembershipRequest* req,
                                                       v1::Membership* resp) {
  return handler_.Run(ctx, METHOD("UpdateMembership"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->membership().name(), "networks/{}/memberships/{}",
                                        "membership.name"));
    auto mutate = MaskThenValidate(req->membership(), req->update_mask(), {"role", "period"},
                                   ValidateMembership, "membership.");
    ASSIGN_OR_RETURN(*resp, store_.UpdateMembership(ids[0], ids[1], req->membership().etag(), mutate,
                                                    call.deadline));
    return absl::OkStatus();
  });
}

grpc::Status OrganisationServiceImpl::DeleteMembership(grpc::ServerContext* ctx,
                                                       const v1::DeleteMembershipRequest* req,
                                                       v1::Membership* resp) {
  return handler_.Run(ctx, METHOD("DeleteMembership"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "networks/{}/memberships/{}", "name"));
    ASSIGN_OR_RETURN(*resp, store_.DeleteMembership(ids[0], ids[1], req->etag(), call.deadline));
    return absl::OkStatus();
  });
}

}  // namespace collab::organisations
