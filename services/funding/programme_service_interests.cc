// Members' interest in a programme or one of its services (intresseanmälan), counted in
// programme coverage ("nearly 80 % of members expressed interest", domain.md).
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/programme_access.h"
#include "services/funding/programme_events.h"
#include "services/funding/programme_requests.h"
#include "services/funding/programme_service.h"
#include "services/funding/programme_store.h"
#include "services/funding/programme_validation.h"

namespace collab::funding {

namespace ev = collab::events::v1;

grpc::Status ProgrammeServiceImpl::GetInterest(grpc::ServerContext* ctx,
                                               const v1::GetInterestRequest* req,
                                               v1::Interest* resp) {
  return handler_.Run(ctx, PROGRAMME_METHOD("GetInterest"),
                      [&](const rpc::CallContext& call) -> absl::Status {
                        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "interests/{}", "name"));
                        return db::RunInTransaction(
                            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
                              std::optional<v1::Interest> i =
                                  LoadInterest(tx, ids[0], ReaderScope(call.principal), false);
                              if (!i) return absl::NotFoundError("interest not found");
                              *resp = *std::move(i);
                              return absl::OkStatus();
                            });
                      });
}

grpc::Status ProgrammeServiceImpl::ListInterests(grpc::ServerContext* ctx,
                                                 const v1::ListInterestsRequest* req,
                                                 v1::ListInterestsResponse* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("ListInterests"), [&](const rpc::CallContext& call) -> absl::Status {
        FieldViolations v;
        InterestFilter f;
        ParseMemberServiceFilter(req->programme(), req->member_organisation(),
                                 req->service_offering(), f, v);
        RETURN_IF_ERROR(v.ToStatus());
        f.show_deleted = req->show_deleted();
        ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
        const std::string fp = absl::StrCat("interests|", f.programme_id, "|", f.member_id, "|",
                                            f.offering_id, "|", f.show_deleted);
        ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
        if (!after.empty() && after.size() != 1) return InvalidField("page_token", "is not valid");
        return db::RunInTransaction(
            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
              FillPage(funding::ListInterests(tx, ReaderScope(call.principal), f, after, limit),
                       tokens_, fp, resp->mutable_interests(), resp);
              return absl::OkStatus();
            });
      });
}

grpc::Status ProgrammeServiceImpl::CreateInterest(grpc::ServerContext* ctx,
                                                  const v1::CreateInterestRequest* req,
                                                  v1::Interest* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("CreateInterest"), [&](const rpc::CallContext& call) -> absl::Status {
        v1::Interest interest = req->interest();
        FieldViolations v;
        auto programme = ParseOptionalId(interest.programme(), "networks/{}", "interest.programme");
        auto member = ParseOptionalId(interest.member_organisation(), "organisations/{}",
                                      "interest.member_organisation");
        auto offering = ParseOptionalId(interest.service_offering(), "serviceOfferings/{}",
                                        "interest.service_offering");
        if (!programme.ok() || programme->empty()) {
          v.Add("interest.programme", "is required: a programme name networks/{network}");
        }
        if (!member.ok() || member->empty()) {
          v.Add("interest.member_organisation",
                "is required: an organisation name organisations/{organisation}");
        }
        if (!offering.ok()) {
          v.Add("interest.service_offering",
                "must be a service name serviceOfferings/{service_offering}");
        }
        const absl::CivilDay today = Today();
        if (IsUnset(interest.express_date())) {
          *interest.mutable_express_date() = FromCivilDay(today);
        } else if (auto day = ToCivilDay(interest.express_date()); !day) {
          v.Add("interest.express_date", "is not a real calendar date");
        } else if (*day > today) {
          v.Add("interest.express_date", "must not be in the future");
        }
        ValidateNote(interest.note(), "interest.note", v);
        RETURN_IF_ERROR(v.ToStatus());
        RETURN_IF_ERROR(CheckActsFor(call.principal, *member));
        ASSIGN_OR_RETURN(ProgrammeInfo info,
                         directory_.GetProgramme(call, *programme, "interest.programme"));
        RETURN_IF_ERROR(
            directory_.CheckMember(call, info.id, *member, today, "interest.member_organisation"));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(
              *resp,
              db::IdempotentCreate<v1::Interest>(
                  tx, req->request_id(), PROGRAMME_METHOD("CreateInterest"), *req,
                  [&](pqxx::work& t) -> absl::StatusOr<v1::Interest> {
                    if (!offering->empty()) {
                      std::optional<OfferingRecord> rec =
                          LoadOffering(t, *offering, /*lock=*/false);
                      if (!rec || rec->offering.has_delete_time() ||
                          rec->offering.programme() != absl::StrCat("networks/", info.id)) {
                        return InvalidField("interest.service_offering",
                                            "is not a service of this programme");
                      }
                    }
                    v1::Interest created =
                        InsertInterest(t, NewUuid(), info.owner_organisation_id, interest);
                    RETURN_IF_ERROR(RecordInterestEvent(t, created, ev::CHANGE_KIND_CREATED));
                    return created;
                  }));
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::DeleteInterest(grpc::ServerContext* ctx,
                                                  const v1::DeleteInterestRequest* req,
                                                  v1::Interest* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("DeleteInterest"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "interests/{}", "name"));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          std::optional<v1::Interest> i =
              LoadInterest(tx, ids[0], ReaderScope(call.principal), true);
          if (!i) return absl::NotFoundError("interest not found");
          if (i->has_delete_time()) {  // a retried delete
            *resp = *std::move(i);
            return absl::OkStatus();
          }
          RETURN_IF_ERROR(CheckEtag(req->etag(), i->etag(), "interest"));
          *resp = funding::DeleteInterest(tx, ids[0]);
          return RecordInterestEvent(tx, *resp, ev::CHANGE_KIND_DELETED);
        });
      });
}

}  // namespace collab::funding
