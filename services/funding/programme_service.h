#pragma once

#include <pqxx/connection>

#include "collab/funding/v1/programme_service.grpc.pb.h"
#include "google/protobuf/message.h"
#include "libs/common/paging.h"
#include "libs/db/pool.h"
#include "libs/rpc/call_handler.h"
#include "services/funding/domain/order_rules.h"
#include "services/funding/programme_directory.h"

// gRPC surface of the programme side of collab-funding (collab.funding.v1.ProgrammeService):
// validate → authorise (programme_access.h) → domain rules (domain/order_rules.h,
// domain/coverage.h) → one transaction (rows, idempotency record, outbox event) → proto. Each
// method runs inside CallHandler. The event feed is served by the funding service as a whole.
namespace collab::funding {

namespace v1 = collab::funding::v1;

class ProgrammeServiceImpl final : public v1::ProgrammeService::Service {
 public:
  // pool: connections to the funding schema, prepared with PrepareStatements.
  // directory: the organisations service (programmes, members), see programme_directory.h.
  ProgrammeServiceImpl(db::ConnectionPool& pool, rpc::CallHandler& handler, PageTokenCodec tokens,
                       const ProgrammeDirectory& directory)
      : pool_(pool), handler_(handler), tokens_(std::move(tokens)), directory_(directory) {}

  // Prepares the programme statements on a new pooled connection; call it from the pool's
  // on_connect (next to the funding core's own).
  static void PrepareStatements(pqxx::connection& conn);

  // programme_service_catalogue.cc — the service catalogue (tjänster).
  grpc::Status GetServiceOffering(grpc::ServerContext*, const v1::GetServiceOfferingRequest*,
                                  v1::ServiceOffering*) override;
  grpc::Status ListServiceOfferings(grpc::ServerContext*, const v1::ListServiceOfferingsRequest*,
                                    v1::ListServiceOfferingsResponse*) override;
  grpc::Status CreateServiceOffering(grpc::ServerContext*, const v1::CreateServiceOfferingRequest*,
                                     v1::ServiceOffering*) override;
  grpc::Status UpdateServiceOffering(grpc::ServerContext*, const v1::UpdateServiceOfferingRequest*,
                                     v1::ServiceOffering*) override;
  grpc::Status DeleteServiceOffering(grpc::ServerContext*, const v1::DeleteServiceOfferingRequest*,
                                     v1::ServiceOffering*) override;
  grpc::Status RetireServiceOffering(grpc::ServerContext*, const v1::RetireServiceOfferingRequest*,
                                     v1::ServiceOffering*) override;

  // programme_service_interests.cc — intresseanmälningar.
  grpc::Status GetInterest(grpc::ServerContext*, const v1::GetInterestRequest*,
                           v1::Interest*) override;
  grpc::Status ListInterests(grpc::ServerContext*, const v1::ListInterestsRequest*,
                             v1::ListInterestsResponse*) override;
  grpc::Status CreateInterest(grpc::ServerContext*, const v1::CreateInterestRequest*,
                              v1::Interest*) override;
  grpc::Status DeleteInterest(grpc::ServerContext*, const v1::DeleteInterestRequest*,
                              v1::Interest*) override;

  // programme_service_orders.cc — orders (avrop) and their state machine.
  grpc::Status GetOrder(grpc::ServerContext*, const v1::GetOrderRequest*, v1::Order*) override;
  grpc::Status ListOrders(grpc::ServerContext*, const v1::ListOrdersRequest*,
                          v1::ListOrdersResponse*) override;
  grpc::Status CreateOrder(grpc::ServerContext*, const v1::CreateOrderRequest*,
                           v1::Order*) override;
  grpc::Status UpdateOrder(grpc::ServerContext*, const v1::UpdateOrderRequest*,
                           v1::Order*) override;
  grpc::Status ConfirmOrder(grpc::ServerContext*, const v1::ConfirmOrderRequest*,
                            v1::Order*) override;
  grpc::Status StartOrderDelivery(grpc::ServerContext*, const v1::StartOrderDeliveryRequest*,
                                  v1::Order*) override;
  grpc::Status CompleteOrder(grpc::ServerContext*, const v1::CompleteOrderRequest*,
                             v1::Order*) override;
  grpc::Status CancelOrder(grpc::ServerContext*, const v1::CancelOrderRequest*,
                           v1::Order*) override;

  // programme_service_deliveries.cc — delivery occasions (leveranstillfällen).
  grpc::Status GetDelivery(grpc::ServerContext*, const v1::GetDeliveryRequest*,
                           v1::Delivery*) override;
  grpc::Status ListDeliveries(grpc::ServerContext*, const v1::ListDeliveriesRequest*,
                              v1::ListDeliveriesResponse*) override;
  grpc::Status CreateDelivery(grpc::ServerContext*, const v1::CreateDeliveryRequest*,
                              v1::Delivery*) override;
  grpc::Status UpdateDelivery(grpc::ServerContext*, const v1::UpdateDeliveryRequest*,
                              v1::Delivery*) override;
  grpc::Status DeleteDelivery(grpc::ServerContext*, const v1::DeleteDeliveryRequest*,
                              v1::Delivery*) override;

  // programme_service_coverage.cc — täckning.
  grpc::Status GetProgrammeCoverage(grpc::ServerContext*, const v1::GetProgrammeCoverageRequest*,
                                    v1::ProgrammeCoverage*) override;

 private:
  // One order state method (ConfirmOrder, StartOrderDelivery, CompleteOrder, CancelOrder).
  struct TransitionInput {
    const char* method;
    const google::protobuf::Message* request;
    std::string name;
    std::string etag;
    std::string request_id;
    OrderTransition transition;
    v1::OrderCancelReason cancel_reason = v1::ORDER_CANCEL_REASON_UNSPECIFIED;
    std::string cancel_note;
  };
  grpc::Status Transition(grpc::ServerContext* ctx, const TransitionInput& in, v1::Order* resp);

  db::ConnectionPool& pool_;
  rpc::CallHandler& handler_;
  PageTokenCodec tokens_;
  const ProgrammeDirectory& directory_;
};

}  // namespace collab::funding
