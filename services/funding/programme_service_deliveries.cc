// Delivery occasions (leveranstillfällen) of an order: an order is delivered at one or more
// occasions ("165 ordered services delivered at 263 occasions", domain.md). Recorded by the
// programme while the order is DELIVERING; each write carries its DeliveryRecorded event.
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
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
namespace {

namespace ev = collab::events::v1;

constexpr std::string_view kDeliveryPattern = "orders/{}/deliveries/{}";

absl::StatusOr<OrderRecord> ReachableOrder(pqxx::work& tx, const std::string& id,
                                           const Scope& scope, bool lock) {
  std::optional<OrderRecord> rec = LoadOrder(tx, id, scope, lock);
  if (!rec) return absl::NotFoundError("order not found");
  return *std::move(rec);
}

absl::StatusOr<v1::Delivery> LiveDelivery(pqxx::work& tx, const std::string& order_id,
                                          const std::string& id) {
  std::optional<v1::Delivery> d = LoadDelivery(tx, order_id, id, /*lock=*/true);
  if (!d || d->has_delete_time()) return absl::NotFoundError("delivery not found");
  return *std::move(d);
}

}  // namespace

grpc::Status ProgrammeServiceImpl::GetDelivery(grpc::ServerContext* ctx,
                                               const v1::GetDeliveryRequest* req,
                                               v1::Delivery* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("GetDelivery"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), kDeliveryPattern, "name"));
        return db::RunInTransaction(
            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
              RETURN_IF_ERROR(
                  ReachableOrder(tx, ids[0], ReaderScope(call.principal), false).status());
              std::optional<v1::Delivery> d = LoadDelivery(tx, ids[0], ids[1], false);
              if (!d) return absl::NotFoundError("delivery not found");
              *resp = *std::move(d);
              return absl::OkStatus();
            });
      });
}

grpc::Status ProgrammeServiceImpl::ListDeliveries(grpc::ServerContext* ctx,
                                                  const v1::ListDeliveriesRequest* req,
                                                  v1::ListDeliveriesResponse* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("ListDeliveries"), [&](const rpc::CallContext& call) -> absl::Status {
        FieldViolations v;
        DeliveryFilter f;
        // "orders/-" lists across every order the caller may see (AIP-159).
        if (req->parent() != "orders/-") {
          auto id = ParseOptionalId(req->parent(), "orders/{}", "parent");
          if (!id.ok() || id->empty())
            v.Add("parent", "must be orders/{order} or orders/-");
          else
            f.order_id = *id;
        }
        ValidateDateRange(req->delivery_date_range(), "delivery_date_range", v);
        RETURN_IF_ERROR(v.ToStatus());
        if (!IsUnset(req->delivery_date_range().start_date())) {
          f.from = ToCivilDay(req->delivery_date_range().start_date());
        }
        if (!IsUnset(req->delivery_date_range().end_date())) {
          f.to = ToCivilDay(req->delivery_date_range().end_date());
        }
        f.show_deleted = req->show_deleted();
        ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
        const std::string fp =
            absl::StrCat("deliveries|", f.order_id, "|", f.from ? ToIsoDate(*f.from) : "", "|",
                         f.to ? ToIsoDate(*f.to) : "", "|", f.show_deleted);
        ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
        if (!after.empty() && after.size() != 2) return InvalidField("page_token", "is not valid");
        const Scope scope = ReaderScope(call.principal);
        return db::RunInTransaction(
            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
              // A foreign order answers NOT_FOUND, not an empty list.
              if (!f.order_id.empty())
                RETURN_IF_ERROR(ReachableOrder(tx, f.order_id, scope, false).status());
              FillPage(funding::ListDeliveries(tx, scope, f, after, limit), tokens_, fp,
                       resp->mutable_deliveries(), resp);
              return absl::OkStatus();
            });
      });
}

grpc::Status ProgrammeServiceImpl::CreateDelivery(grpc::ServerContext* ctx,
                                                  const v1::CreateDeliveryRequest* req,
                                                  v1::Delivery* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("CreateDelivery"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids parent, ParseName(req->parent(), "orders/{}", "parent"));
        FieldViolations v;
        ValidateDelivery(req->delivery(), "delivery.", v);
        RETURN_IF_ERROR(v.ToStatus());
        const Scope scope = KeeperScope(call.principal);
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(
              *resp,
              db::IdempotentCreate<v1::Delivery>(
                  tx, req->request_id(), PROGRAMME_METHOD("CreateDelivery"), *req,
                  [&](pqxx::work& t) -> absl::StatusOr<v1::Delivery> {
                    ASSIGN_OR_RETURN(OrderRecord order,
                                     ReachableOrder(t, parent[0], scope, /*lock=*/true));
                    RETURN_IF_ERROR(CheckCanRecordDelivery(DomainState(order.order.state())));
                    v1::Delivery created = InsertDelivery(t, parent[0], NewUuid(), req->delivery());
                    RETURN_IF_ERROR(RecordDeliveryEvent(t, created, order.order, order.category,
                                                        ev::CHANGE_KIND_CREATED));
                    return created;
                  }));
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::UpdateDelivery(grpc::ServerContext* ctx,
                                                  const v1::UpdateDeliveryRequest* req,
                                                  v1::Delivery* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("UpdateDelivery"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids,
                         ParseName(req->delivery().name(), kDeliveryPattern, "delivery.name"));
        const Scope scope = KeeperScope(call.principal);
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(OrderRecord order, ReachableOrder(tx, ids[0], scope, /*lock=*/true));
          ASSIGN_OR_RETURN(v1::Delivery current, LiveDelivery(tx, ids[0], ids[1]));
          // Corrections stay possible after completion; a cancelled order's occasions are history.
          if (order.order.state() == v1::ORDER_STATE_CANCELLED) {
            return absl::FailedPreconditionError(
                "the order was cancelled; its occasions are kept as they are");
          }
          RETURN_IF_ERROR(CheckEtag(req->delivery().etag(), current.etag(), "delivery"));
          RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                         {"delivery_date", "participant_count", "format", "note"},
                                         req->delivery(), &current));
          FieldViolations v;
          ValidateDelivery(current, "delivery.", v);
          RETURN_IF_ERROR(v.ToStatus());
          *resp = funding::UpdateDelivery(tx, ids[0], ids[1], current);
          return RecordDeliveryEvent(tx, *resp, order.order, order.category,
                                     ev::CHANGE_KIND_UPDATED);
        });
      });
}

grpc::Status ProgrammeServiceImpl::DeleteDelivery(grpc::ServerContext* ctx,
                                                  const v1::DeleteDeliveryRequest* req,
                                                  v1::Delivery* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("DeleteDelivery"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), kDeliveryPattern, "name"));
        const Scope scope = KeeperScope(call.principal);
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(OrderRecord order, ReachableOrder(tx, ids[0], scope, /*lock=*/true));
          std::optional<v1::Delivery> d = LoadDelivery(tx, ids[0], ids[1], /*lock=*/true);
          if (!d) return absl::NotFoundError("delivery not found");
          if (d->has_delete_time()) {  // a retried delete
            *resp = *std::move(d);
            return absl::OkStatus();
          }
          // A completed order needs its occasions (CompleteOrder required at least one).
          RETURN_IF_ERROR(CheckCanRecordDelivery(DomainState(order.order.state())));
          RETURN_IF_ERROR(CheckEtag(req->etag(), d->etag(), "delivery"));
          *resp = funding::DeleteDelivery(tx, ids[0], ids[1]);
          return RecordDeliveryEvent(tx, *resp, order.order, order.category,
                                     ev::CHANGE_KIND_DELETED);
        });
      });
}

}  // namespace collab::funding
