#include "services/funding/programme_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"
#include "services/funding/funding_sql.h"

namespace collab::funding {
namespace {

using google::protobuf::util::TimeUtil;
using sql::AppendKeysetCursor;
using sql::Bool;
using sql::Exec;
using sql::IsoOrNull;
using sql::OrNull;
using sql::Params;
using sql::SetTime;

constexpr char kOfferingCols[] =
    "id::text, programme_id::text, display_name, description, category, format, "
    "duration_description, available_from::text, available_until::text, "
    COLLAB_SQL_MICROS("retire_time") ", retire_note, " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("update_time") ", " COLLAB_SQL_MICROS("delete_time")
    ", version, programme_owner_id::text";
constexpr char kInterestCols[] =
    "id::text, programme_id::text, member_organisation_id::text, service_offering_id::text, "
    "express_date::text, note, " COLLAB_SQL_MICROS("create_time") ", "
    COLLAB_SQL_MICROS("delete_time") ", version";
constexpr char kOrderCols[] =
    "o.id::text, o.programme_id::text, o.service_offering_id::text, "
    "o.member_organisation_id::text, o.employer_orderer, o.union_orderer, o.state, "
    "o.desired_start::text, o.desired_end::text, o.expected_participants, o.note, "
    "o.cancel_reason, o.cancel_note, " COLLAB_SQL_MICROS("o.confirm_time") ", "
    COLLAB_SQL_MICROS("o.delivery_start_time") ", " COLLAB_SQL_MICROS("o.complete_time") ", "
    COLLAB_SQL_MICROS("o.cancel_time") ", " COLLAB_SQL_MICROS("o.create_time") ", "
    COLLAB_SQL_MICROS("o.update_time") ", o.version, "
    "o.programme_owner_id::text, "
    "(SELECT s.category FROM service_offerings s WHERE s.id = o.service_offering_id)";
constexpr char kDeliveryCols[] =
    "d.id::text, d.order_id::text, d.delivery_date::text, d.participant_count, d.format, "
    "d.note, " COLLAB_SQL_MICROS("d.create_time") ", " COLLAB_SQL_MICROS("d.update_time") ", "
    COLLAB_SQL_MICROS("d.delete_time") ", d.version";

// The access scope in SQL over the row aliased `t`: $1 all, $2 the member's organisation, $3 the
// programme owner. NULL never equals anything, so an empty id reaches nothing.
std::string InScope(const std::string& t) {
  return absl::StrCat("($1::boolean OR ", t, ".member_organisation_id = $2::uuid OR ", t,
                      ".programme_owner_id = $3::uuid)");
}

// Ids from principals are not trusted to be UUIDs: anything else matches nothing.
std::optional<std::string> UuidOrNull(const std::string& s) {
  return IsUuid(s) ? std::optional<std::string>(s) : std::nullopt;
}
std::optional<std::string> DayOrNull(const std::optional<absl::CivilDay>& d) {
  return d ? std::optional<std::string>(ToIsoDate(*d)) : std::nullopt;
}
std::optional<std::string> IntArrayOrNull(const std::vector<int>& v) {
  if (v.empty()) return std::nullopt;
  return db::IntArrayLiteral(v);
}
std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }

template <class SetFn>
void SetTimeIf(const pqxx::field& f, SetFn set) {
  if (!f.is_null()) set(TimeUtil::MicrosecondsToTimestamp(f.as<int64_t>()));
}
void SetDate(const pqxx::field& f, Date* d) {
  if (f.is_null()) return;
  if (auto day = ParseIsoDate(f.c_str())) *d = FromCivilDay(*day);
}

Params ScopeParams(const Scope& s) {
  return {Bool(s.all), UuidOrNull(s.member_id), UuidOrNull(s.owner_id)};
}
void AppendAfterId(Params& p, const std::vector<std::string>& after) {
  p.emplace_back(after.size() == 1 ? std::optional<std::string>(after[0]) : std::nullopt);
}

OfferingRecord OfferingFromRow(const pqxx::row& r) {
  OfferingRecord rec;
  v1::ServiceOffering& o = rec.offering;
  o.set_name(absl::StrCat("serviceOfferings/", r[0].c_str()));
  o.set_programme(absl::StrCat("networks/", r[1].c_str()));
  o.set_display_name(r[2].c_str());
  o.set_description(r[3].c_str());
  o.set_category(static_cast<v1::ServiceCategory>(r[4].as<int>()));
  o.set_format(static_cast<v1::ServiceFormat>(r[5].as<int>()));
  o.set_duration_description(r[6].c_str());
  SetDate(r[7], o.mutable_availability()->mutable_start_date());
  SetDate(r[8], o.mutable_availability()->mutable_end_date());
  if (r[7].is_null() && r[8].is_null()) o.clear_availability();
  SetTimeIf(r[9], [&](auto t) {
    o.set_retired(true);
    *o.mutable_retire_time() = t;
  });
  o.set_retire_note(r[10].c_str());
  SetTime(r[11], o.mutable_create_time());
  SetTime(r[12], o.mutable_update_time());
  SetTimeIf(r[13], [&](auto t) { *o.mutable_delete_time() = t; });
  o.set_etag(r[14].c_str());
  rec.owner_id = Text(r[15]);
  return rec;
}

v1::ServiceOffering Offering(const pqxx::result& r) { return OfferingFromRow(r[0]).offering; }

v1::Interest InterestFromRow(const pqxx::row& r) {
  v1::Interest i;
  i.set_name(absl::StrCat("interests/", r[0].c_str()));
  i.set_programme(absl::StrCat("networks/", r[1].c_str()));
  i.set_member_organisation(absl::StrCat("organisations/", r[2].c_str()));
  if (!r[3].is_null()) i.set_service_offering(absl::StrCat("serviceOfferings/", r[3].c_str()));
  SetDate(r[4], i.mutable_express_date());
  i.set_note(r[5].c_str());
  SetTime(r[6], i.mutable_create_time());
  SetTimeIf(r[7], [&](auto t) { *i.mutable_delete_time() = t; });
  i.set_etag(r[8].c_str());
  return i;
}

OrderRecord OrderFromRow(const pqxx::row& r) {
  OrderRecord rec;
  v1::Order& o = rec.order;
  o.set_name(absl::StrCat("orders/", r[0].c_str()));
  o.set_programme(absl::StrCat("networks/", r[1].c_str()));
  o.set_service_offering(absl::StrCat("serviceOfferings/", r[2].c_str()));
  o.set_member_organisation(absl::StrCat("organisations/", r[3].c_str()));
  o.set_employer_orderer(r[4].c_str());
  o.set_union_orderer(r[5].c_str());
  o.set_state(static_cast<v1::OrderState>(r[6].as<int>()));
  SetDate(r[7], o.mutable_desired_period()->mutable_start_date());
  SetDate(r[8], o.mutable_desired_period()->mutable_end_date());
  if (r[7].is_null() && r[8].is_null()) o.clear_desired_period();
  o.set_expected_participants(r[9].as<int>());
  o.set_note(r[10].c_str());
  o.set_cancel_reason(static_cast<v1::OrderCancelReason>(r[11].as<int>()));
  o.set_cancel_note(r[12].c_str());
  SetTimeIf(r[13], [&](auto t) { *o.mutable_confirm_time() = t; });
  SetTimeIf(r[14], [&](auto t) { *o.mutable_delivery_start_time() = t; });
  SetTimeIf(r[15], [&](auto t) { *o.mutable_complete_time() = t; });
  SetTimeIf(r[16], [&](auto t) { *o.mutable_cancel_time() = t; });
  SetTime(r[17], o.mutable_create_time());
  SetTime(r[18], o.mutable_update_time());
  o.set_etag(r[19].c_str());
  rec.owner_id = Text(r[20]);
  if (!r[21].is_null()) rec.category = static_cast<v1::ServiceCategory>(r[21].as<int>());
  return rec;
}

v1::Delivery DeliveryFromRow(const pqxx::row& r) {
  v1::Delivery d;
  d.set_name(absl::StrCat("orders/", r[1].c_str(), "/deliveries/", r[0].c_str()));
  SetDate(r[2], d.mutable_delivery_date());
  d.set_participant_count(r[3].as<int>());
  d.set_format(static_cast<v1::DeliveryFormat>(r[4].as<int>()));
  d.set_note(r[5].c_str());
  SetTime(r[6], d.mutable_create_time());
  SetTime(r[7], d.mutable_update_time());
  SetTimeIf(r[8], [&](auto t) { *d.mutable_delete_time() = t; });
  d.set_etag(r[9].c_str());
  return d;
}

// Keyset pages: `limit + 1` rows are fetched; the extra one says more follow.
template <class R, class Map>
Page<R> ToPage(const pqxx::result& rows, int limit, Map from_row,
               std::vector<std::string> (*key_of)(const pqxx::row&)) {
  Page<R> page;
  const int n = std::min<int>(static_cast<int>(rows.size()), limit);
  for (int i = 0; i < n; ++i) page.items.push_back(from_row(rows[i]));
  if (static_cast<int>(rows.size()) > limit) page.next_key = key_of(rows[n - 1]);
  return page;
}

std::vector<std::string> KeyById(const pqxx::row& r) { return {r[0].c_str()}; }
std::vector<std::string> KeyByName(const pqxx::row& r) { return {r["k"].c_str(), r[0].c_str()}; }
std::vector<std::string> KeyByDate(const pqxx::row& r) { return {r[2].c_str(), r[0].c_str()}; }

}  // namespace

void PrepareProgrammeStatements(pqxx::connection& conn) {
  const std::string off = kOfferingCols, interest = kInterestCols, order = kOrderCols,
                    delivery = kDeliveryCols;

  conn.prepare("po_offering_insert",
               "INSERT INTO service_offerings (id, programme_id, programme_owner_id, display_name, "
               "description, category, format, duration_description, available_from, "
               "available_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING " +
                   off);
  conn.prepare("po_offering_get", "SELECT " + off + " FROM service_offerings WHERE id = $1");
  conn.prepare("po_offering_lock",
               "SELECT " + off + " FROM service_offerings WHERE id = $1 FOR UPDATE");
  conn.prepare("po_offering_update",
               "UPDATE service_offerings SET display_name = $2, description = $3, category = $4, "
               "format = $5, duration_description = $6, available_from = $7, "
               "available_until = $8, update_time = now(), version = version + 1 WHERE id = $1 "
               "RETURNING " +
                   off);
  conn.prepare("po_offering_retire",
               "UPDATE service_offerings SET retire_time = now(), retire_note = $2, "
               "update_time = now(), version = version + 1 WHERE id = $1 RETURNING " +
                   off);
  conn.prepare("po_offering_delete",
               "UPDATE service_offerings SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE id = $1 RETURNING " +
                   off);
  conn.prepare("po_offering_ordered",
               "SELECT 1 FROM programme_orders WHERE service_offering_id = $1 LIMIT 1");
  conn.prepare(
      "po_offering_list",
      "SELECT " + off +
          ", lower(display_name) AS k FROM service_offerings "
          "WHERE ($1::uuid IS NULL OR programme_id = $1::uuid) "
          "AND ($2::smallint[] IS NULL OR category = ANY ($2::smallint[])) "
          "AND ($3::smallint[] IS NULL OR format = ANY ($3::smallint[])) "
          "AND ($4::date IS NULL OR ((available_from IS NULL OR available_from <= $4::date) "
          "     AND (available_until IS NULL OR available_until >= $4::date))) "
          "AND ($5::boolean OR retire_time IS NULL) AND ($6::boolean OR delete_time IS NULL) "
          "AND ($7::text IS NULL OR (lower(display_name), id) > ($7::text, $8::uuid)) "
          "ORDER BY lower(display_name), id LIMIT $9");

  conn.prepare("po_interest_insert",
               "INSERT INTO interests (id, programme_id, programme_owner_id, "
               "member_organisation_id, service_offering_id, express_date, note) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " +
                   interest);
  conn.prepare("po_interest_get",
               "SELECT " + interest + " FROM interests x WHERE " + InScope("x") + " AND id = $4");
  conn.prepare("po_interest_lock", "SELECT " + interest + " FROM interests x WHERE " +
                                       InScope("x") + " AND id = $4 FOR UPDATE");
  conn.prepare("po_interest_delete",
               "UPDATE interests SET delete_time = now(), version = version + 1 WHERE id = $1 "
               "RETURNING " +
                   interest);
  conn.prepare("po_interest_list",
               "SELECT " + interest + " FROM interests x WHERE " + InScope("x") +
                   " AND ($4::uuid IS NULL OR programme_id = $4::uuid)"
                   " AND ($5::uuid IS NULL OR member_organisation_id = $5::uuid)"
                   " AND ($6::uuid IS NULL OR service_offering_id = $6::uuid)"
                   " AND ($7::boolean OR delete_time IS NULL)"
                   " AND ($8::uuid IS NULL OR id > $8::uuid) ORDER BY id LIMIT $9");

  conn.prepare("po_order_insert",
               "INSERT INTO programme_orders (id, programme_id, programme_owner_id, "
               "service_offering_id, member_organisation_id, employer_orderer, union_orderer, "
               "state, desired_start, desired_end, expected_participants, note) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11) RETURNING id");
  conn.prepare("po_order_get", "SELECT " + order + " FROM programme_orders o WHERE " +
                                   InScope("o") + " AND o.id = $4");
  conn.prepare("po_order_lock", "SELECT " + order + " FROM programme_orders o WHERE " +
                                    InScope("o") + " AND o.id = $4 FOR UPDATE");
  conn.prepare("po_order_update",
               "UPDATE programme_orders SET employer_orderer = $2, union_orderer = $3, "
               "desired_start = $4, desired_end = $5, expected_participants = $6, note = $7, "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("po_order_set_state",
               "UPDATE programme_orders SET state = $2::smallint, cancel_reason = $3, "
               "cancel_note = $4, "
               "confirm_time = CASE WHEN $2::smallint = 2 THEN now() ELSE confirm_time END, "
               "delivery_start_time = CASE WHEN $2::smallint = 3 THEN now() "
               "  ELSE delivery_start_time END, "
               "complete_time = CASE WHEN $2::smallint = 4 THEN now() ELSE complete_time END, "
               "cancel_time = CASE WHEN $2::smallint = 5 THEN now() ELSE cancel_time END, "
               "update_time = now(), version = version + 1 WHERE id = $1");
  conn.prepare("po_order_list",
               "SELECT " + order + " FROM programme_orders o WHERE " + InScope("o") +
                   " AND ($4::uuid IS NULL OR o.programme_id = $4::uuid)"
                   " AND ($5::uuid IS NULL OR o.member_organisation_id = $5::uuid)"
                   " AND ($6::uuid IS NULL OR o.service_offering_id = $6::uuid)"
                   " AND ($7::smallint[] IS NULL OR o.state = ANY ($7::smallint[]))"
                   " AND ($8::date IS NULL OR (o.create_time AT TIME ZONE 'UTC')::date >= $8::date)"
                   " AND ($9::date IS NULL OR (o.create_time AT TIME ZONE 'UTC')::date <= $9::date)"
                   " AND ($10::uuid IS NULL OR o.id > $10::uuid) ORDER BY o.id LIMIT $11");

  conn.prepare(
      "po_delivery_insert",
      "INSERT INTO deliveries AS d (id, order_id, delivery_date, participant_count, format, "
      "note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " +
          delivery);
  conn.prepare("po_delivery_get", "SELECT " + delivery +
                                      " FROM deliveries d "
                                      "WHERE d.order_id = $1 AND d.id = $2");
  conn.prepare("po_delivery_lock", "SELECT " + delivery +
                                       " FROM deliveries d "
                                       "WHERE d.order_id = $1 AND d.id = $2 FOR UPDATE");
  conn.prepare("po_delivery_update",
               "UPDATE deliveries d SET delivery_date = $3, participant_count = $4, format = $5, "
               "note = $6, update_time = now(), version = version + 1 "
               "WHERE d.order_id = $1 AND d.id = $2 RETURNING " +
                   delivery);
  conn.prepare("po_delivery_delete",
               "UPDATE deliveries d SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE d.order_id = $1 AND d.id = $2 RETURNING " +
                   delivery);
  conn.prepare("po_delivery_count",
               "SELECT count(*) FROM deliveries WHERE order_id = $1 AND delete_time IS NULL");
  conn.prepare("po_delivery_list",
               "SELECT " + delivery +
                   " FROM deliveries d JOIN programme_orders x "
                   "ON x.id = d.order_id WHERE " +
                   InScope("x") +
                   " AND ($4::uuid IS NULL OR d.order_id = $4::uuid)"
                   " AND ($5::date IS NULL OR d.delivery_date >= $5::date)"
                   " AND ($6::date IS NULL OR d.delivery_date <= $6::date)"
                   " AND ($7::boolean OR d.delete_time IS NULL)"
                   " AND ($8::date IS NULL OR (d.delivery_date, d.id) > ($8::date, $9::uuid))"
                   " ORDER BY d.delivery_date, d.id LIMIT $10");

  conn.prepare("po_coverage_interests",
               "SELECT DISTINCT member_organisation_id::text FROM interests "
               "WHERE programme_id = $1 AND delete_time IS NULL "
               "AND express_date BETWEEN $2::date AND $3::date");
  conn.prepare(
      "po_coverage_orders",
      "SELECT o.member_organisation_id::text, o.service_offering_id::text, o.state, s.category, "
      "count(d.id), coalesce(sum(d.participant_count), 0) FROM programme_orders o "
      "JOIN service_offerings s ON s.id = o.service_offering_id "
      "LEFT JOIN deliveries d ON d.order_id = o.id AND d.delete_time IS NULL "
      "  AND d.delivery_date BETWEEN $2::date AND $3::date "
      "WHERE o.programme_id = $1 "
      "AND (o.create_time AT TIME ZONE 'UTC')::date BETWEEN $2::date AND $3::date "
      "GROUP BY o.id, s.category");
}

// --- service offerings ---------------------------------------------------------------------

v1::ServiceOffering InsertOffering(pqxx::work& tx, const std::string& id,
                                   const std::string& programme_id, const std::string& owner_id,
                                   const v1::ServiceOffering& o) {
  return Offering(
      Exec(tx, "po_offering_insert",
           {id, programme_id, UuidOrNull(owner_id), o.display_name(), o.description(),
            std::to_string(o.category()), std::to_string(o.format()), o.duration_description(),
            IsoOrNull(o.availability().start_date()), IsoOrNull(o.availability().end_date())}));
}

std::optional<OfferingRecord> LoadOffering(pqxx::work& tx, const std::string& id, bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "po_offering_lock" : "po_offering_get", {id});
  if (r.empty()) return std::nullopt;
  return OfferingFromRow(r[0]);
}

v1::ServiceOffering UpdateOffering(pqxx::work& tx, const std::string& id,
                                   const v1::ServiceOffering& o) {
  return Offering(
      Exec(tx, "po_offering_update",
           {id, o.display_name(), o.description(), std::to_string(o.category()),
            std::to_string(o.format()), o.duration_description(),
            IsoOrNull(o.availability().start_date()), IsoOrNull(o.availability().end_date())}));
}

v1::ServiceOffering RetireOffering(pqxx::work& tx, const std::string& id, const std::string& note) {
  return Offering(Exec(tx, "po_offering_retire", {id, note}));
}

v1::ServiceOffering DeleteOffering(pqxx::work& tx, const std::string& id) {
  return Offering(Exec(tx, "po_offering_delete", {id}));
}

bool OfferingHasOrders(pqxx::work& tx, const std::string& id) {
  return !Exec(tx, "po_offering_ordered", {id}).empty();
}

Page<v1::ServiceOffering> ListOfferings(pqxx::work& tx, const OfferingFilter& f,
                                        const std::vector<std::string>& after, int limit) {
  Params p{OrNull(f.programme_id),    IntArrayOrNull(f.categories), IntArrayOrNull(f.formats),
           DayOrNull(f.available_on), Bool(f.include_retired),      Bool(f.show_deleted)};
  AppendKeysetCursor(p, after);
  p.emplace_back(std::to_string(limit + 1));
  return ToPage<v1::ServiceOffering>(
      Exec(tx, "po_offering_list", p), limit,
      [](const pqxx::row& r) { return OfferingFromRow(r).offering; }, KeyByName);
}

// --- interests -------------------------------------------------------------------------------

v1::Interest InsertInterest(pqxx::work& tx, const std::string& id, const std::string& owner_id,
                            const v1::Interest& i) {
  auto last = [](const std::string& name) { return name.substr(name.rfind('/') + 1); };
  pqxx::result r =
      Exec(tx, "po_interest_insert",
           {id, last(i.programme()), UuidOrNull(owner_id), last(i.member_organisation()),
            i.service_offering().empty() ? std::nullopt : std::optional(last(i.service_offering())),
            IsoOrNull(i.express_date()), i.note()});
  return InterestFromRow(r[0]);
}

std::optional<v1::Interest> LoadInterest(pqxx::work& tx, const std::string& id, const Scope& scope,
                                         bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  Params p = ScopeParams(scope);
  p.emplace_back(id);
  pqxx::result r = Exec(tx, lock ? "po_interest_lock" : "po_interest_get", p);
  if (r.empty()) return std::nullopt;
  return InterestFromRow(r[0]);
}

v1::Interest DeleteInterest(pqxx::work& tx, const std::string& id) {
  return InterestFromRow(Exec(tx, "po_interest_delete", {id})[0]);
}

Page<v1::Interest> ListInterests(pqxx::work& tx, const Scope& scope, const InterestFilter& f,
                                 const std::vector<std::string>& after, int limit) {
  Params p = ScopeParams(scope);
  p.insert(p.end(), {OrNull(f.programme_id), OrNull(f.member_id), OrNull(f.offering_id),
                     Bool(f.show_deleted)});
  AppendAfterId(p, after);
  p.emplace_back(std::to_string(limit + 1));
  return ToPage<v1::Interest>(Exec(tx, "po_interest_list", p), limit, InterestFromRow, KeyById);
}

// --- orders ----------------------------------------------------------------------------------

v1::Order InsertOrder(pqxx::work& tx, const std::string& id, const std::string& owner_id,
                      const v1::Order& o) {
  auto last = [](const std::string& name) { return name.substr(name.rfind('/') + 1); };
  Exec(tx, "po_order_insert",
       {id, last(o.programme()), UuidOrNull(owner_id), last(o.service_offering()),
        last(o.member_organisation()), o.employer_orderer(), o.union_orderer(),
        IsoOrNull(o.desired_period().start_date()), IsoOrNull(o.desired_period().end_date()),
        std::to_string(o.expected_participants()), o.note()});
  return LoadOrder(tx, id, Scope{.all = true}, false)->order;
}

std::optional<OrderRecord> LoadOrder(pqxx::work& tx, const std::string& id, const Scope& scope,
                                     bool lock) {
  if (!IsUuid(id)) return std::nullopt;
  Params p = ScopeParams(scope);
  p.emplace_back(id);
  pqxx::result r = Exec(tx, lock ? "po_order_lock" : "po_order_get", p);
  if (r.empty()) return std::nullopt;
  return OrderFromRow(r[0]);
}

v1::Order UpdateOrderFields(pqxx::work& tx, const std::string& id, const v1::Order& o) {
  Exec(tx, "po_order_update",
       {id, o.employer_orderer(), o.union_orderer(), IsoOrNull(o.desired_period().start_date()),
        IsoOrNull(o.desired_period().end_date()), std::to_string(o.expected_participants()),
        o.note()});
  return LoadOrder(tx, id, Scope{.all = true}, false)->order;
}

v1::Order SetOrderState(pqxx::work& tx, const std::string& id, v1::OrderState state,
                        v1::OrderCancelReason cancel_reason, const std::string& cancel_note) {
  Exec(tx, "po_order_set_state",
       {id, std::to_string(state), std::to_string(cancel_reason), cancel_note});
  return LoadOrder(tx, id, Scope{.all = true}, false)->order;
}

Page<v1::Order> ListOrders(pqxx::work& tx, const Scope& scope, const OrderFilter& f,
                           const std::vector<std::string>& after, int limit) {
  Params p = ScopeParams(scope);
  p.insert(p.end(), {OrNull(f.programme_id), OrNull(f.member_id), OrNull(f.offering_id),
                     IntArrayOrNull(f.states), DayOrNull(f.created_from), DayOrNull(f.created_to)});
  AppendAfterId(p, after);
  p.emplace_back(std::to_string(limit + 1));
  return ToPage<v1::Order>(
      Exec(tx, "po_order_list", p), limit, [](const pqxx::row& r) { return OrderFromRow(r).order; },
      KeyById);
}

// --- deliveries ------------------------------------------------------------------------------

v1::Delivery InsertDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id,
                            const v1::Delivery& d) {
  return DeliveryFromRow(
      Exec(tx, "po_delivery_insert",
           {id, order_id, IsoOrNull(d.delivery_date()), std::to_string(d.participant_count()),
            std::to_string(d.format()), d.note()})[0]);
}

std::optional<v1::Delivery> LoadDelivery(pqxx::work& tx, const std::string& order_id,
                                         const std::string& id, bool lock) {
  if (!IsUuid(order_id) || !IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "po_delivery_lock" : "po_delivery_get", {order_id, id});
  if (r.empty()) return std::nullopt;
  return DeliveryFromRow(r[0]);
}

v1::Delivery UpdateDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id,
                            const v1::Delivery& d) {
  return DeliveryFromRow(
      Exec(tx, "po_delivery_update",
           {order_id, id, IsoOrNull(d.delivery_date()), std::to_string(d.participant_count()),
            std::to_string(d.format()), d.note()})[0]);
}

v1::Delivery DeleteDelivery(pqxx::work& tx, const std::string& order_id, const std::string& id) {
  return DeliveryFromRow(Exec(tx, "po_delivery_delete", {order_id, id})[0]);
}

int CountLiveDeliveries(pqxx::work& tx, const std::string& order_id) {
  return Exec(tx, "po_delivery_count", {order_id})[0][0].as<int>();
}

Page<v1::Delivery> ListDeliveries(pqxx::work& tx, const Scope& scope, const DeliveryFilter& f,
                                  const std::vector<std::string>& after, int limit) {
  Params p = ScopeParams(scope);
  p.insert(p.end(), {OrNull(f.order_id), DayOrNull(f.from), DayOrNull(f.to), Bool(f.show_deleted)});
  AppendKeysetCursor(p, after);
  p.emplace_back(std::to_string(limit + 1));
  return ToPage<v1::Delivery>(Exec(tx, "po_delivery_list", p), limit, DeliveryFromRow, KeyByDate);
}

// --- coverage --------------------------------------------------------------------------------

CoverageFacts LoadCoverageFacts(pqxx::work& tx, const std::string& programme_id,
                                absl::CivilDay from, absl::CivilDay to) {
  CoverageFacts facts;
  const Params p{programme_id, ToIsoDate(from), ToIsoDate(to)};
  for (const auto& r : Exec(tx, "po_coverage_interests", p)) {
    facts.interested_members.push_back(r[0].c_str());
  }
  for (const auto& r : Exec(tx, "po_coverage_orders", p)) {
    OrderFacts o;
    o.member_organisation = r[0].c_str();
    o.service_offering = absl::StrCat("serviceOfferings/", r[1].c_str());
    switch (r[2].as<int>()) {
      case v1::ORDER_STATE_CONFIRMED:
        o.state = OrderState::kConfirmed;
        break;
      case v1::ORDER_STATE_DELIVERING:
        o.state = OrderState::kDelivering;
        break;
      case v1::ORDER_STATE_DELIVERED:
        o.state = OrderState::kDelivered;
        break;
      case v1::ORDER_STATE_CANCELLED:
        o.state = OrderState::kCancelled;
        break;
      default:
        o.state = OrderState::kRequested;
        break;
    }
    facts.categories[o.service_offering] = static_cast<v1::ServiceCategory>(r[3].as<int>());
    o.occasions = r[4].as<int32_t>();
    o.participants = r[5].as<int64_t>();
    facts.orders.push_back(std::move(o));
  }
  return facts;
}

}  // namespace collab::funding
