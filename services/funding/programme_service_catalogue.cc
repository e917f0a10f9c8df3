// The service catalogue (tjänster) of a programme: CRUD with FieldMask and etag, idempotent
// create, and retirement (e.g. Effektiva team, retired in 2021 when its goals were met).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "services/funding/domain/error_reasons.h"
#include "services/funding/programme_access.h"
#include "services/funding/programme_requests.h"
#include "services/funding/programme_service.h"
#include "services/funding/programme_store.h"
#include "services/funding/programme_validation.h"

namespace collab::funding {
namespace {

// A deleted offering can still be read (it has delete_time) but not changed.
absl::StatusOr<OfferingRecord> LoadLiveOffering(pqxx::work& tx, const std::string& id) {
  std::optional<OfferingRecord> rec = LoadOffering(tx, id, /*lock=*/true);
  if (!rec || rec->offering.has_delete_time()) {
    return absl::NotFoundError("service offering not found");
  }
  return *std::move(rec);
}

}  // namespace

void ProgrammeServiceImpl::PrepareStatements(pqxx::connection& conn) {
  PrepareProgrammeStatements(conn);
}

grpc::Status ProgrammeServiceImpl::GetServiceOffering(grpc::ServerContext* ctx,
                                                      const v1::GetServiceOfferingRequest* req,
                                                      v1::ServiceOffering* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("GetServiceOffering"),
      [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "serviceOfferings/{}", "name"));
        return db::RunInTransaction(
            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
              std::optional<OfferingRecord> rec = LoadOffering(tx, ids[0], /*lock=*/false);
              if (!rec) return absl::NotFoundError("service offering not found");
              *resp = std::move(rec->offering);
              return absl::OkStatus();
            });
      });
}

grpc::Status ProgrammeServiceImpl::ListServiceOfferings(grpc::ServerContext* ctx,
                                                        const v1::ListServiceOfferingsRequest* req,
                                                        v1::ListServiceOfferingsResponse* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("ListServiceOfferings"),
      [&](const rpc::CallContext& call) -> absl::Status {
        FieldViolations v;
        OfferingFilter f;
        if (auto id = ParseOptionalId(req->programme(), "networks/{}", "programme"); id.ok()) {
          f.programme_id = *id;
        } else {
          v.Add("programme", "must be a programme name networks/{network}");
        }
        for (int c : req->categories()) {
          if (c == v1::SERVICE_CATEGORY_UNSPECIFIED || !v1::ServiceCategory_IsValid(c)) {
            v.Add("categories", "holds an unknown category");
          }
          f.categories.push_back(c);
        }
        for (int fm : req->formats()) {
          if (fm == v1::SERVICE_FORMAT_UNSPECIFIED || !v1::ServiceFormat_IsValid(fm)) {
            v.Add("formats", "holds an unknown format");
          }
          f.formats.push_back(fm);
        }
        if (req->has_available_on() && !IsUnset(req->available_on())) {
          f.available_on = ToCivilDay(req->available_on());
          if (!f.available_on) v.Add("available_on", "is not a real calendar date");
        }
        f.include_retired = req->include_retired();
        f.show_deleted = req->show_deleted();
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
        const std::string fp = absl::StrCat(
            "offerings|", f.programme_id, "|", absl::StrJoin(f.categories, ","), "|",
            absl::StrJoin(f.formats, ","), "|", f.available_on ? ToIsoDate(*f.available_on) : "",
            "|", f.include_retired, "|", f.show_deleted);
        ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
        if (!after.empty() && after.size() != 2) return InvalidField("page_token", "is not valid");
        return db::RunInTransaction(pool_, Tx(call.deadline, true),
                                    [&](pqxx::work& tx) -> absl::Status {
                                      FillPage(ListOfferings(tx, f, after, limit), tokens_, fp,
                                               resp->mutable_service_offerings(), resp);
                                      return absl::OkStatus();
                                    });
      });
}

grpc::Status ProgrammeServiceImpl::CreateServiceOffering(
    grpc::ServerContext* ctx, const v1::CreateServiceOfferingRequest* req,
    v1::ServiceOffering* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("CreateServiceOffering"),
      [&](const rpc::CallContext& call) -> absl::Status {
        const v1::ServiceOffering& o = req->service_offering();
        FieldViolations v;
        ValidateOffering(o, "service_offering.", v);
        auto programme =
            ParseOptionalId(o.programme(), "networks/{}", "service_offering.programme");
        if (!programme.ok()) {
          v.Add("service_offering.programme", "must be a programme name networks/{network}");
        } else if (programme->empty()) {
          v.Add("service_offering.programme", "is required");
        }
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(ProgrammeInfo info,
                         directory_.GetProgramme(call, *programme, "service_offering.programme"));
        RETURN_IF_ERROR(CheckProgrammeKeeper(call.principal, info.owner_organisation_id));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(
              *resp, db::IdempotentCreate<v1::ServiceOffering>(
                         tx, req->request_id(), PROGRAMME_METHOD("CreateServiceOffering"), *req,
                         [&](pqxx::work& t) -> absl::StatusOr<v1::ServiceOffering> {
                           return InsertOffering(t, NewUuid(), info.id, info.owner_organisation_id,
                                                 o);
                         }));
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::UpdateServiceOffering(
    grpc::ServerContext* ctx, const v1::UpdateServiceOfferingRequest* req,
    v1::ServiceOffering* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("UpdateServiceOffering"),
      [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->service_offering().name(), "serviceOfferings/{}",
                                            "service_offering.name"));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(OfferingRecord rec, LoadLiveOffering(tx, ids[0]));
          RETURN_IF_ERROR(CheckProgrammeKeeper(call.principal, rec.owner_id));
          RETURN_IF_ERROR(
              CheckEtag(req->service_offering().etag(), rec.offering.etag(), "service offering"));
          RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                         {"display_name", "description", "category", "format",
                                          "duration_description", "availability"},
                                         req->service_offering(), &rec.offering));
          FieldViolations v;
          ValidateOffering(rec.offering, "service_offering.", v);
          RETURN_IF_ERROR(v.ToStatus());
          *resp = UpdateOffering(tx, ids[0], rec.offering);
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::DeleteServiceOffering(
    grpc::ServerContext* ctx, const v1::DeleteServiceOfferingRequest* req,
    v1::ServiceOffering* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("DeleteServiceOffering"),
      [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "serviceOfferings/{}", "name"));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          std::optional<OfferingRecord> rec = LoadOffering(tx, ids[0], /*lock=*/true);
          if (!rec) return absl::NotFoundError("service offering not found");
          RETURN_IF_ERROR(CheckProgrammeKeeper(call.principal, rec->owner_id));
          if (rec->offering.has_delete_time()) {  // a retried delete
            *resp = std::move(rec->offering);
            return absl::OkStatus();
          }
          RETURN_IF_ERROR(CheckEtag(req->etag(), rec->offering.etag(), "service offering"));
          // Orders refer to it and count in coverage: it is retired instead (proto contract).
          if (OfferingHasOrders(tx, ids[0])) {
            return WithErrorInfo(
                absl::FailedPreconditionError(
                    "the service has been ordered; retire it instead of deleting it"),
                kServiceOrderedReason, kErrorDomain);
          }
          *resp = DeleteOffering(tx, ids[0]);
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::RetireServiceOffering(
    grpc::ServerContext* ctx, const v1::RetireServiceOfferingRequest* req,
    v1::ServiceOffering* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("RetireServiceOffering"),
      [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "serviceOfferings/{}", "name"));
        FieldViolations v;
        ValidateNote(req->note(), "note", v);
        RETURN_IF_ERROR(v.ToStatus());
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(
              *resp, db::IdempotentCreate<v1::ServiceOffering>(
                         tx, req->request_id(), PROGRAMME_METHOD("RetireServiceOffering"), *req,
                         [&](pqxx::work& t) -> absl::StatusOr<v1::ServiceOffering> {
                           ASSIGN_OR_RETURN(OfferingRecord rec, LoadLiveOffering(t, ids[0]));
                           RETURN_IF_ERROR(CheckProgrammeKeeper(call.principal, rec.owner_id));
                           RETURN_IF_ERROR(
                               CheckEtag(req->etag(), rec.offering.etag(), "service offering"));
                           if (rec.offering.retired())
                             return rec.offering;  // retiring twice changes nothing
                           return RetireOffering(t, ids[0], req->note());
                         }));
          return absl::OkStatus();
        });
      });
}

}  // namespace collab::funding
