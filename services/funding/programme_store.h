#pragma once

#include <map>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "collab/funding/v1/programme.pb.h"
#include "services/funding/domain/coverage.h"

// SQL of the programme side: statements prepared per pooled connection, functions that run
// inside the caller's transaction (so a write, its idempotency record and its outbox event
// commit together), rows mapped to the proto resources. The only rule here is the access scope,
// applied in the query that loads a row so that foreign rows are never read.
namespace collab::funding {

namespace v1 = collab::funding::v1;

// One page of a list: the items and, when more follow, the sort key of the last one.
template <class R>
struct Page {
  std::vector<R> items;
  std::vector<std::string> next_key;  // empty at the end
};

// The interests, orders and deliveries a caller may reach (programme_access.h decides it).
struct Scope {
  bool all = false;       // ADMIN
  std::string member_id;  // a member's own organisation (EMPLOYER_HR, EMPLOYER_MANAGER)
  std::string owner_id;   // the organisation running the programme (PROJECT_MANAGER)
};

struct OfferingRecord {
  v1::ServiceOffering offering;
  std::string owner_id;  // programme owner, may be empty
};

struct OrderRecord {
  v1::Order order;
  std::string owner_id;
  v1::ServiceCategory category = v1::SERVICE_CATEGORY_UNSPECIFIED;  // of its service
};

struct OfferingFilter {
  std::string programme_id;
  std::vector<int> categories;
  std::vector<int> formats;
  std::optional<absl::CivilDay> available_on;
  bool include_retired = false;
  bool show_deleted = false;
};

// What ListInterests and ListOrders both filter on; empty means any.
struct MemberServiceFilter {
  std::string programme_id;
  std::string member_id;
  std::string offering_id;
};

struct InterestFilter : MemberServiceFilter {
  bool show_deleted = false;
};

struct OrderFilter : MemberServiceFilter {
  std::vector<int> states;
  std::optional<absl::CivilDay> created_from;
  std::optional<absl::CivilDay> created_to;
};

struct DeliveryFilter {
  std::string order_id;  // empty: across orders ("orders/-")
  std::optional<absl::CivilDay> from;
  std::optional<absl::CivilDay> to;
  bool show_deleted = false;
};

void PrepareProgrammeStatements(pqxx::connection& conn);

// --- service offerings (tjänster) ---
v1::ServiceOffering InsertOffering(pqxx::work& tx, const std::string& id,
                                   const std::string& programme_id, const std::string& owner_id,
                                   const v1::ServiceOffering& o);
std::optional<OfferingRecord> LoadOffering(pqxx::work& tx, const std::string& id, bool lock);
// Writes the updatable fields (display_name … availability) and bumps the version.
v1::ServiceOffering UpdateOffering(pqxx::work& tx, const std::string& id,
                                   const v1::ServiceOffering& o);
v1::ServiceOffering RetireOffering(pqxx::work& tx, const std::string& id, const std::string& note);
v1::ServiceOffering DeleteOffering(pqxx::work& tx, const std::string& id);
bool OfferingHasOrders(pqxx::work& tx, const std::string& id);
// Ordered by display name; keyset {lower(display_name), id}.
Page<v1::ServiceOffering> ListOfferings(pqxx::work& tx, const OfferingFilter& f,
                                        const std::vector<std::string>& after, int limit);

// --- interests (intresseanmälningar) ---
v1::Interest InsertInterest(pqxx::work& tx, const std::string& id, const std::string& owner_id,
                            const v1::Interest& interest);
std::optional<v1::Interest> LoadInterest(pqxx::work& tx, const std::string& id, const Scope& scope,
                                         bool lock);
v1::Interest DeleteInterest(pqxx::work& tx, const std::string& id);
Page<v1::Interest> ListInterests(pqxx::work& tx, const Scope& scope, const InterestFilter& f,
                                 const std::vector<std::string>& after, int limit);

// --- orders (avrop) ---
v1::Order InsertOrder(pqxx::work& tx, const std::string& id, const std::string& owner_id,
                      const v1::Order& order);
std::optional<OrderRecord> LoadOrder(pqxx::work& tx, const std::string& id, const Scope& scope,
                                     bool lock);
// Writes the updatable fields (orderers, desired_period, expected_participants, note).
v1::Order UpdateOrderFields(pqxx::work& tx, const std::string& id, const v1::Order& order);
// Sets the state and stamps the time of the method that led there (confirm_time, …).
v1::Order SetOrderState(pqxx::work& tx, const std::string& id, v1::OrderState state,
                        v1::OrderCancelReason cancel_reason, const std::string& cancel_note);
// Ordered by id.
Page<v1::Order> ListOrders(pqxx::work& tx, const Scope& scope, const OrderFilter& f,
                           const std::vector<std::string>& after, int limit);

// --- deliveries (leveranstillfällen) ---
v1::Delivery InsertDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id,
                            const v1::Delivery& delivery);
std::optional<v1::Delivery> LoadDelivery(pqxx::work& tx, const std::string& order_id,
                                         const std::string& id, bool lock);
v1::Delivery UpdateDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id,
                            const v1::Delivery& delivery);
v1::Delivery DeleteDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id);
int CountLiveDeliveries(pqxx::work& tx, const std::string& order_id);
// Ordered by delivery date; keyset {delivery_date, id}. Scoped through the order.
Page<v1::Delivery> ListDeliveries(pqxx::work& tx, const Scope& scope, const DeliveryFilter& f,
                                  const std::vector<std::string>& after, int limit);

// --- coverage (täckning) ---
struct CoverageFacts {
  std::vector<std::string> interested_members;
  std::vector<OrderFacts> orders;
  std::map<std::string, v1::ServiceCategory> categories;  // by service offering name
};
// Interests expressed and orders created within [from, to], with their live deliveries held
// within it.
CoverageFacts LoadCoverageFacts(pqxx::work& tx, const std::string& programme_id,
                                absl::CivilDay from, absl::CivilDay to);

}  // namespace collab::funding
