// Orders (avrop) of catalogue services by members: joint ordering by the employer and the union
// side, and the state machine REQUESTED → CONFIRMED → DELIVERING → DELIVERED / CANCELLED
// (domain/order_rules.h). Every write carries its OrderStatusChanged event in the same
// transaction.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
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

// When the offering can be ordered, in the domain's terms; a retirement counts from its day.
ServiceAvailability AvailabilityOf(const v1::ServiceOffering& o) {
  ServiceAvailability a;
  if (o.availability().has_start_date())
    a.available_from = ToCivilDay(o.availability().start_date());
  if (o.availability().has_end_date()) a.available_until = ToCivilDay(o.availability().end_date());
  if (o.retired()) {
    a.retired_on = absl::ToCivilDay(
        absl::FromUnixMicros(o.retire_time().seconds() * 1000000 + o.retire_time().nanos() / 1000),
        absl::UTCTimeZone());
  }
  return a;
}

// The offering an order names, live; INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<OfferingRecord> OrderableOffering(pqxx::work& tx, const std::string& id, bool lock) {
  std::optional<OfferingRecord> rec = LoadOffering(tx, id, lock);
  if (!rec || rec->offering.has_delete_time()) {
    return InvalidField("order.service_offering", "no such service");
  }
  return *std::move(rec);
}

OrderParties PartiesOf(const v1::Order& o) {
  return OrderParties{o.member_organisation(), o.employer_orderer(), o.union_orderer()};
}

}  // namespace

grpc::Status ProgrammeServiceImpl::GetOrder(grpc::ServerContext* ctx,
                                            const v1::GetOrderRequest* req, v1::Order* resp) {
  return handler_.Run(ctx, PROGRAMME_METHOD("GetOrder"),
                      [&](const rpc::CallContext& call) -> absl::Status {
                        ASSIGN_OR_RETURN(Ids ids, ParseName(req->name(), "orders/{}", "name"));
                        return db::RunInTransaction(
                            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
                              std::optional<OrderRecord> rec =
                                  LoadOrder(tx, ids[0], ReaderScope(call.principal), false);
                              if (!rec) return absl::NotFoundError("order not found");
                              *resp = std::move(rec->order);
                              return absl::OkStatus();
                            });
                      });
}

grpc::Status ProgrammeServiceImpl::ListOrders(grpc::ServerContext* ctx,
                                              const v1::ListOrdersRequest* req,
                                              v1::ListOrdersResponse* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("ListOrders"), [&](const rpc::CallContext& call) -> absl::Status {
        FieldViolations v;
        OrderFilter f;
        ParseMemberServiceFilter(req->programme(), req->member_organisation(),
                                 req->service_offering(), f, v);
        for (int s : req->states()) {
          if (s == v1::ORDER_STATE_UNSPECIFIED || !v1::OrderState_IsValid(s)) {
            v.Add("states", "holds an unknown state");
          }
          f.states.push_back(s);
        }
        ValidateDateRange(req->create_date_range(), "create_date_range", v);
        RETURN_IF_ERROR(v.ToStatus());
        if (!IsUnset(req->create_date_range().start_date())) {
          f.created_from = ToCivilDay(req->create_date_range().start_date());
        }
        if (!IsUnset(req->create_date_range().end_date())) {
          f.created_to = ToCivilDay(req->create_date_range().end_date());
        }
        ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
        const std::string fp = absl::StrCat("orders|", f.programme_id, "|", f.member_id, "|",
                                            f.offering_id, "|", absl::StrJoin(f.states, ","), "|",
                                            f.created_from ? ToIsoDate(*f.created_from) : "", "|",
                                            f.created_to ? ToIsoDate(*f.created_to) : "");
        ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
        if (!after.empty() && after.size() != 1) return InvalidField("page_token", "is not valid");
        return db::RunInTransaction(
            pool_, Tx(call.deadline, true), [&](pqxx::work& tx) -> absl::Status {
              FillPage(funding::ListOrders(tx, ReaderScope(call.principal), f, after, limit),
                       tokens_, fp, resp->mutable_orders(), resp);
              return absl::OkStatus();
            });
      });
}

grpc::Status ProgrammeServiceImpl::CreateOrder(grpc::ServerContext* ctx,
                                               const v1::CreateOrderRequest* req, v1::Order* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("CreateOrder"), [&](const rpc::CallContext& call) -> absl::Status {
        v1::Order order = req->order();
        FieldViolations v;
        auto offering = ParseOptionalId(order.service_offering(), "serviceOfferings/{}",
                                        "order.service_offering");
        auto member = ParseOptionalId(order.member_organisation(), "organisations/{}",
                                      "order.member_organisation");
        if (!offering.ok() || offering->empty()) {
          v.Add("order.service_offering",
                "is required: a service name serviceOfferings/{service_offering}");
        }
        if (!member.ok() || member->empty()) {
          v.Add("order.member_organisation",
                "is required: an organisation name organisations/{organisation}");
        }
        ValidateOrderFields(order, "order.", v);
        RETURN_IF_ERROR(v.ToStatus());
        // Joint ordering: both sides, or no order (FAILED_PRECONDITION, JOINT_ORDER_REQUIRED).
        RETURN_IF_ERROR(CheckJointOrder(PartiesOf(order)));
        RETURN_IF_ERROR(CheckActsFor(call.principal, *member));

        // The programme comes from the service; the member must belong to it on the order date.
        const absl::CivilDay today = Today();
        ASSIGN_OR_RETURN(OfferingRecord offered,
                         db::RunInTransaction<OfferingRecord>(
                             pool_, Tx(call.deadline, true), [&](pqxx::work& tx) {
                               return OrderableOffering(tx, *offering, false);
                             }));
        RETURN_IF_ERROR(CheckOrderable(AvailabilityOf(offered.offering), today));
        const std::string programme_id =
            offered.offering.programme().substr(sizeof("networks/") - 1);
        RETURN_IF_ERROR(directory_.CheckMember(call, programme_id, *member, today,
                                               "order.member_organisation"));

        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          ASSIGN_OR_RETURN(
              *resp, db::IdempotentCreate<v1::Order>(
                         tx, req->request_id(), PROGRAMME_METHOD("CreateOrder"), *req,
                         [&](pqxx::work& t) -> absl::StatusOr<v1::Order> {
                           // Locked so a concurrent retirement either precedes this order or
                           // follows it.
                           ASSIGN_OR_RETURN(OfferingRecord rec,
                                            OrderableOffering(t, *offering, true));
                           RETURN_IF_ERROR(CheckOrderable(AvailabilityOf(rec.offering), today));
                           order.set_programme(rec.offering.programme());
                           v1::Order created = InsertOrder(t, NewUuid(), rec.owner_id, order);
                           RETURN_IF_ERROR(RecordOrderEvent(t, created, rec.offering.category(),
                                                            v1::ORDER_STATE_UNSPECIFIED, today));
                           return created;
                         }));
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::UpdateOrder(grpc::ServerContext* ctx,
                                               const v1::UpdateOrderRequest* req, v1::Order* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("UpdateOrder"), [&](const rpc::CallContext& call) -> absl::Status {
        ASSIGN_OR_RETURN(Ids ids, ParseName(req->order().name(), "orders/{}", "order.name"));
        return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
          std::optional<OrderRecord> rec = LoadOrder(tx, ids[0], ReaderScope(call.principal), true);
          if (!rec) return absl::NotFoundError("order not found");
          RETURN_IF_ERROR(CheckEtag(req->order().etag(), rec->order.etag(), "order"));
          const v1::OrderState state = rec->order.state();
          if (state == v1::ORDER_STATE_DELIVERED || state == v1::ORDER_STATE_CANCELLED) {
            return absl::FailedPreconditionError(
                absl::StrCat("an order is not changed once ", v1::OrderState_Name(state)));
          }
          RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(),
                                         {"employer_orderer", "union_orderer", "desired_period",
                                          "expected_participants", "note"},
                                         req->order(), &rec->order));
          FieldViolations v;
          ValidateOrderFields(rec->order, "order.", v);
          RETURN_IF_ERROR(v.ToStatus());
          RETURN_IF_ERROR(CheckJointOrder(PartiesOf(rec->order)));
          *resp = UpdateOrderFields(tx, ids[0], rec->order);
          return absl::OkStatus();
        });
      });
}

grpc::Status ProgrammeServiceImpl::Transition(grpc::ServerContext* ctx, const TransitionInput& in,
                                              v1::Order* resp) {
  return handler_.Run(ctx, in.method, [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(Ids ids, ParseName(in.name, "orders/{}", "name"));
    const bool cancel = in.transition == OrderTransition::kCancel;
    if (cancel) {
      FieldViolations v;
      if (in.cancel_reason == v1::ORDER_CANCEL_REASON_UNSPECIFIED ||
          !v1::OrderCancelReason_IsValid(in.cancel_reason)) {
        v.Add("reason", "is required: why the order is cancelled");
      }
      ValidateNote(in.cancel_note, "note", v);
      RETURN_IF_ERROR(v.ToStatus());
    }
    // Members cancel their own orders; the programme moves them on.
    const Scope scope = cancel ? ReaderScope(call.principal) : KeeperScope(call.principal);
    const absl::CivilDay today = Today();
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(
          *resp, db::IdempotentCreate<v1::Order>(
                     tx, in.request_id, in.method, *in.request,
                     [&](pqxx::work& t) -> absl::StatusOr<v1::Order> {
                       std::optional<OrderRecord> rec = LoadOrder(t, ids[0], scope, /*lock=*/true);
                       if (!rec) return absl::NotFoundError("order not found");
                       RETURN_IF_ERROR(CheckEtag(in.etag, rec->order.etag(), "order"));
                       const OrderState from = DomainState(rec->order.state());
                       if (in.transition == OrderTransition::kComplete) {
                         RETURN_IF_ERROR(CheckCanComplete(from, CountLiveDeliveries(t, ids[0])));
                       }
                       ASSIGN_OR_RETURN(OrderState to, ApplyOrderTransition(from, in.transition));
                       v1::Order changed = SetOrderState(t, ids[0], ProtoState(to),
                                                         in.cancel_reason, in.cancel_note);
                       RETURN_IF_ERROR(
                           RecordOrderEvent(t, changed, rec->category, rec->order.state(), today));
                       return changed;
                     }));
      return absl::OkStatus();
    });
  });
}

grpc::Status ProgrammeServiceImpl::ConfirmOrder(grpc::ServerContext* ctx,
                                                const v1::ConfirmOrderRequest* req,
                                                v1::Order* resp) {
  return Transition(ctx,
                    {PROGRAMME_METHOD("ConfirmOrder"), req, req->name(), req->etag(),
                     req->request_id(), OrderTransition::kConfirm},
                    resp);
}

grpc::Status ProgrammeServiceImpl::StartOrderDelivery(grpc::ServerContext* ctx,
                                                      const v1::StartOrderDeliveryRequest* req,
                                                      v1::Order* resp) {
  return Transition(ctx,
                    {PROGRAMME_METHOD("StartOrderDelivery"), req, req->name(), req->etag(),
                     req->request_id(), OrderTransition::kStartDelivery},
                    resp);
}

grpc::Status ProgrammeServiceImpl::CompleteOrder(grpc::ServerContext* ctx,
                                                 const v1::CompleteOrderRequest* req,
                                                 v1::Order* resp) {
  return Transition(ctx,
                    {PROGRAMME_METHOD("CompleteOrder"), req, req->name(), req->etag(),
                     req->request_id(), OrderTransition::kComplete},
                    resp);
}

grpc::Status ProgrammeServiceImpl::CancelOrder(grpc::ServerContext* ctx,
                                               const v1::CancelOrderRequest* req, v1::Order* resp) {
  return Transition(ctx,
                    {PROGRAMME_METHOD("CancelOrder"), req, req->name(), req->etag(),
                     req->request_id(), OrderTransition::kCancel, req->reason(), req->note()},
                    resp);
}

}  // namespace collab::funding
