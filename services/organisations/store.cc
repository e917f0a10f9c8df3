#include "services/organisations/store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/sql_params.h"
#include "libs/db/transaction.h"

namespace collab::organisations {
namespace {

using google::protobuf::util::TimeUtil;
using namespace db::sql;  // NOLINT: the store's parameter and field conversions

// Every resource's row ends with the same four columns, mapped by SetMeta.
#define META_COLS                                                                   \
  COLLAB_SQL_MICROS("create_time") ", " COLLAB_SQL_MICROS("update_time") ", "       \
  COLLAB_SQL_MICROS("delete_time") ", version"

constexpr char kOrgCols[] =
    "id::text, display_name, kind, organisation_number, sector, county_code, size_band, " META_COLS;
constexpr char kUnitCols[] =
    "id::text, organisation_id::text, display_name, municipality_code, " META_COLS;
constexpr char kContactCols[] =
    "id::text, organisation_id::text, full_name, email, phone, role, unit_id::text, " META_COLS;
constexpr char kNetworkCols[] =
    "id::text, display_name, kind, owner_organisation_id::text, county_code, start_date::text, "
    "end_date::text, " META_COLS;
constexpr char kMembershipCols[] =
    "id::text, network_id::text, organisation_id::text, role, start_date::text, end_date::text, "
    META_COLS;

struct Statement {
  const char* name;
  std::string sql;
};

// Statements are prepared on every pooled connection (conventions.md: prepared on hot paths).
std::vector<Statement> AllStatements() {
  const std::string org = kOrgCols, unit = kUnitCols, contact = kContactCols,
                    network = kNetworkCols, membership = kMembershipCols;
  // Keyset paging: the list statements add the sort key as the last column `k`.
  return {
      {"org_get", "SELECT " + org + " FROM organisations WHERE id = $1"},
      {"org_lock", "SELECT " + org + " FROM organisations WHERE id = $1 FOR UPDATE"},
      {"org_live", "SELECT 1 FROM organisations WHERE id = $1 AND delete_time IS NULL"},
      {"org_number_taken",
       "SELECT 1 FROM organisations WHERE organisation_number = $1 AND delete_time IS NULL "
       "AND id <> $2::uuid"},
      {"org_insert",
       "INSERT INTO organisations (id, display_name, kind, organisation_number, sector, "
       "county_code, size_band) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + org},
      {"org_update",
       "UPDATE organisations SET display_name = $2, kind = $3, organisation_number = $4, "
       "sector = $5, county_code = $6, size_band = $7, update_time = now(), version = version + 1 "
       "WHERE id = $1 RETURNING " + org},
      {"org_delete",
       "UPDATE organisations SET delete_time = now(), update_time = now(), version = version + 1 "
       "WHERE id = $1 RETURNING " + org},
      {"org_list",
       "SELECT " + org + ", lower(display_name) AS k FROM organisations o "
       "WHERE ($1::boolean OR delete_time IS NULL) "
       "AND ($2::smallint = 0 OR kind = $2::smallint) "
       "AND ($3::text = '' OR county_code = $3::text) "
       "AND ($4::text = '' OR starts_with(lower(display_name), lower($4::text))) "
       "AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id "
       "  AND m.network_id = $5::uuid AND m.delete_time IS NULL "
       "  AND (m.start_date IS NULL OR m.start_date <= current_date) "
       "  AND (m.end_date IS NULL OR m.end_date >= current_date))) "
       "AND ($6::text IS NULL OR (lower(display_name), id) > ($6::text, $7::uuid)) "
       "ORDER BY lower(display_name), id LIMIT $8"},

      {"unit_get", "SELECT " + unit + " FROM units WHERE organisation_id = $1 AND id = $2"},
      {"unit_lock",
       "SELECT " + unit + " FROM units WHERE organisation_id = $1 AND id = $2 FOR UPDATE"},
      {"unit_live",
       "SELECT 1 FROM units WHERE organisation_id = $1 AND id = $2 AND delete_time IS NULL"},
      {"unit_insert",
       "INSERT INTO units (organisation_id, id, display_name, municipality_code) "
       "VALUES ($1, $2, $3, $4) RETURNING " + unit},
      {"unit_update",
       "UPDATE units SET display_name = $3, municipality_code = $4, update_time = now(), "
       "version = version + 1 WHERE organisation_id = $1 AND id = $2 RETURNING " + unit},
      {"unit_delete",
       "UPDATE units SET delete_time = now(), update_time = now(), version = version + 1 "
       "WHERE organisation_id = $1 AND id = $2 RETURNING " + unit},
      {"unit_list",
       "SELECT " + unit + ", lower(display_name) AS k FROM units WHERE organisation_id = $1 "
       "AND ($2::boolean OR delete_time IS NULL) "
       "AND ($3::text = '' OR starts_with(lower(display_name), lower($3::text))) "
       "AND ($4::text IS NULL OR (lower(display_name), id) > ($4::text, $5::uuid)) "
       "ORDER BY lower(display_name), id LIMIT $6"},

      {"contact_get",
       "SELECT " + contact + " FROM contacts WHERE organisation_id = $1 AND id = $2"},
      {"contact_lock",
       "SELECT " + contact + " FROM contacts WHERE organisation_id = $1 AND id = $2 FOR UPDATE"},
      {"contact_insert",
       "INSERT INTO contacts (organisation_id, id, full_name, email, phone, role, unit_id) "
       "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + contact},
      {"contact_update",
       "UPDATE contacts SET full_name = $3, email = $4, phone = $5, role = $6, unit_id = $7, "
       "update_time = now(), version = version + 1 WHERE organisation_id = $1 AND id = $2 "
       "RETURNING " + contact},
      {"contact_delete",
       "UPDATE contacts SET delete_time = now(), update_time = now(), version = version + 1 "
       "WHERE organisation_id = $1 AND id = $2 RETURNING " + contact},
      {"contact_list",
       "SELECT " + contact + ", lower(full_name) AS k FROM contacts WHERE organisation_id = $1 "
       "AND ($2::boolean OR delete_time IS NULL) AND ($3::smallint = 0 OR role = $3::smallint) "
       "AND ($4::text IS NULL OR (lower(full_name), id) > ($4::text, $5::uuid)) "
       "ORDER BY lower(full_name), id LIMIT $6"},

      {"network_get", "SELECT " + network + " FROM networks WHERE id = $1"},
      {"network_lock", "SELECT " + network + " FROM networks WHERE id = $1 FOR UPDATE"},
      {"network_live", "SELECT 1 FROM networks WHERE id = $1 AND delete_time IS NULL"},
      {"network_insert",
       "INSERT INTO networks (id, display_name, kind, owner_organisation_id, county_code, "
       "start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + network},
      {"network_update",
       "UPDATE networks SET display_name = $2, kind = $3, owner_organisation_id = $4, "
       "county_code = $5, start_date = $6, end_date = $7, update_time = now(), "
       "version = version + 1 WHERE id = $1 RETURNING " + network},
      {"network_delete",
       "UPDATE networks SET delete_time = now(), update_time = now(), version = version + 1 "
       "WHERE id = $1 RETURNING " + network},
      {"network_list",
       "SELECT " + network + ", lower(display_name) AS k FROM networks "
       "WHERE ($1::boolean OR delete_time IS NULL) "
       "AND ($2::smallint = 0 OR kind = $2::smallint) "
       "AND ($3::text = '' OR county_code = $3::text) "
       "AND ($4::text = '' OR starts_with(lower(display_name), lower($4::text))) "
       "AND ($5::text IS NULL OR (lower(display_name), id) > ($5::text, $6::uuid)) "
       "ORDER BY lower(display_name), id LIMIT $7"},

      {"membership_get",
       "SELECT " + membership + " FROM memberships WHERE network_id = $1 AND id = $2"},
      {"membership_lock",
       "SELECT " + membership + " FROM memberships WHERE network_id = $1 AND id = $2 FOR UPDATE"},
      {"membership_insert",
       "INSERT INTO memberships (network_id, id, organisation_id, role, start_date, end_date) "
       "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + membership},
      {"membership_update",
       "UPDATE memberships SET role = $4, start_date = $5, end_date = $6, update_time = now(), "
       "version = version + 1 WHERE network_id = $1 AND id = $2 AND organisation_id = $3 "
       "RETURNING " + membership},
      {"membership_delete",
       "UPDATE memberships SET delete_time = now(), update_time = now(), version = version + 1 "
       "WHERE network_id = $1 AND id = $2 RETURNING " + membership},
      {"membership_list",
       "SELECT " + membership + ", id::text AS k FROM memberships WHERE network_id = $1 "
       "AND ($2::boolean OR delete_time IS NULL) "
       "AND ($3::uuid IS NULL OR organisation_id = $3::uuid) "
       "AND ($4::text IS NULL OR id > $4::uuid) ORDER BY id LIMIT $5"},
  };
}

std::optional<std::string> IsoOrNull(const collab::common::v1::Date& d) {
  auto day = ToCivilDay(d);
  return day ? std::optional<std::string>(ToIsoDate(*day)) : std::nullopt;
}

std::string IdOf(const std::string& resource_name) {
  return resource_name.substr(resource_name.rfind('/') + 1);
}

template <class R>
void SetMeta(R* r, const pqxx::row& row, int i) {
  *r->mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[i].as<int64_t>());
  *r->mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[i + 1].as<int64_t>());
  if (!row[i + 2].is_null()) {
    *r->mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(row[i + 2].as<int64_t>());
  }
  r->set_etag(row[i + 3].c_str());
}

void SetRange(collab::common::v1::DateRange* range, const pqxx::field& start, const pqxx::field& end) {
  if (!start.is_null()) {
    if (auto d = ParseIsoDate(start.c_str())) *range->mutable_start_date() = FromCivilDay(*d);
  }
  if (!end.is_null()) {
    if (auto d = ParseIsoDate(end.c_str())) *range->mutable_end_date() = FromCivilDay(*d);
  }
}

v1::Organisation OrgFromRow(const pqxx::row& row) {
  v1::Organisation o;
  o.set_name(absl::StrCat("organisations/", row[0].c_str()));
  o.set_display_name(row[1].c_str());
  o.set_kind(static_cast<v1::OrganisationKind>(row[2].as<int>()));
  o.set_organisation_number(row[3].c_str());
  o.set_sector(static_cast<v1::Sector>(row[4].as<int>()));
  o.set_county_code(row[5].c_str());
  o.set_size_band(static_cast<v1::SizeBand>(row[6].as<int>()));
  SetMeta(&o, row, 7);
  return o;
}

v1::Unit UnitFromRow(const pqxx::row& row) {
  v1::Unit u;
  u.set_name(absl::StrCat("organisations/", row[1].c_str(), "/units/", row[0].c_str()));
  u.set_display_name(row[2].c_str());
  u.set_municipality_code(row[3].c_str());
  SetMeta(&u, row, 4);
  return u;
}

v1::Contact ContactFromRow(const pqxx::row& row) {
  v1::Contact c;
  const std::string org = absl::StrCat("organisations/", row[1].c_str());
  c.set_name(absl::StrCat(org, "/contacts/", row[0].c_str()));
  c.set_full_name(row[2].c_str());
  c.set_email(row[3].c_str());
  c.set_phone(row[4].c_str());
  c.set_role(static_cast<v1::ContactRole>(row[5].as<int>()));
  if (!row[6].is_null()) c.set_unit(absl::StrCat(org, "/units/", row[6].c_str()));
  SetMeta(&c, row, 7);
  return c;
}

v1::Network NetworkFromRow(const pqxx::row& row) {
  v1::Network n;
  n.set_name(absl::StrCat("networks/", row[0].c_str()));
  n.set_display_name(row[1].c_str());
  n.set_kind(static_cast<v1::NetworkKind>(row[2].as<int>()));
  if (!row[3].is_null()) n.set_owner_organisation(absl::StrCat("organisations/", row[3].c_str()));
  n.set_county_code(row[4].c_str());
  SetRange(n.mutable_period(), row[5], row[6]);
  if (!n.period().has_start_date() && !n.period().has_end_date()) n.clear_period();
  SetMeta(&n, row, 7);
  return n;
}

v1::Membership MembershipFromRow(const pqxx::row& row) {
  v1::Membership m;
  m.set_name(absl::StrCat("networks/", row[1].c_str(), "/memberships/", row[0].c_str()));
  m.set_organisation(absl::StrCat("organisations/", row[2].c_str()));
  m.set_role(static_cast<v1::MembershipRole>(row[3].as<int>()));
  SetRange(m.mutable_period(), row[4], row[5]);
  if (!m.period().has_start_date() && !m.period().has_end_date()) m.clear_period();
  SetMeta(&m, row, 6);
  return m;
}

// What the generic flows below need to know about one resource.
template <class R>
struct Resource {
  const char* noun;  // for NOT_FOUND messages
  const char* get;
  const char* lock;
  const char* update;
  const char* remove;
  R (*from_row)(const pqxx::row&);
  // Parameters of the update statement: key, then the writable columns.
  Params (*update_params)(const Params& key, const R& r);
};

template <class R>
absl::StatusOr<R> FetchOne(pqxx::work& tx, const char* stmt, const Params& params,
                           R (*from_row)(const pqxx::row&), const char* noun) {
  pqxx::result r = Exec(tx, stmt, params);
  if (r.empty()) return absl::NotFoundError(absl::StrCat(noun, " not found"));
  return from_row(r[0]);
}

absl::Status RequireLive(pqxx::work& tx, const char* stmt, const Params& key, const char* noun) {
  if (Exec(tx, stmt, key).empty()) return absl::NotFoundError(absl::StrCat(noun, " not found"));
  return absl::OkStatus();
}

template <class R>
Page<R> ToPage(const pqxx::result& rows, int limit, R (*from_row)(const pqxx::row&)) {
  Page<R> page;
  const int n = std::min<int>(static_cast<int>(rows.size()), limit);
  for (int i = 0; i < n; ++i) page.items.push_back(from_row(rows[i]));
  if (static_cast<int>(rows.size()) > limit) {
    const pqxx::row& last = rows[n - 1];
    page.next_key = {last["k"].c_str(), last[0].c_str()};
  }
  return page;
}

// Keyset parameters after the filters: (sort key, id), or nulls for the first page.
void AppendAfter(Params& p, const std::vector<std::string>& after) {
  if (after.size() == 2) {
    p.emplace_back(after[0]);
    p.emplace_back(after[1]);
  } else {
    p.emplace_back(std::nullopt);
    p.emplace_back(std::nullopt);
  }
}

db::TxOptions Tx(absl::Time deadline, bool read_only = false) {
  db::TxOptions o;
  o.deadline = deadline;
  o.read_only = read_only;
  return o;
}

const Resource<v1::Organisation> kOrganisation{
    "organisation", "org_get", "org_lock", "org_update", "org_delete", OrgFromRow,
    [](const Params& key, const v1::Organisation& o) {
      return Params{key[0], o.display_name(), std::to_string(o.kind()), o.organisation_number(),
                    std::to_string(o.sector()), o.county_code(), std::to_string(o.size_band())};
    }};
const Resource<v1::Unit> kUnit{
    "unit", "unit_get", "unit_lock", "unit_update", "unit_delete", UnitFromRow,
    [](const Params& key, const v1::Unit& u) {
      return Params{key[0], key[1], u.display_name(), u.municipality_code()};
    }};
const Resource<v1::Contact> kContact{
    "contact", "contact_get", "contact_lock", "contact_update", "contact_delete", ContactFromRow,
    [](const Params& key, const v1::Contact& c) {
      return Params{key[0], key[1], c.full_name(), c.email(), c.phone(),
                    std::to_string(c.role()), OrNull(c.unit().empty() ? "" : IdOf(c.unit()))};
    }};
const Resource<v1::Network> kNetwork{
    "network", "network_get", "network_lock", "network_update", "network_delete", NetworkFromRow,
    [](const Params& key, const v1::Network& n) {
      return Params{key[0], n.display_name(), std::to_string(n.kind()),
                    OrNull(n.owner_organisation().empty() ? "" : IdOf(n.owner_organisation())),
                    n.county_code(), IsoOrNull(n.period().start_date()),
                    IsoOrNull(n.period().end_date())};
    }};
const Resource<v1::Membership> kMembership{
    "membership", "membership_get", "membership_lock", "membership_update", "membership_delete",
    MembershipFromRow,
    [](const Params& key, const v1::Membership& m) {
      return Params{key[0], key[1], IdOf(m.organisation()), std::to_string(m.role()),
                    IsoOrNull(m.period().start_date()), IsoOrNull(m.period().end_date())};
    }};

template <class R>
absl::StatusOr<R> GetFlow(db::ConnectionPool& pool, const Resource<R>& res, const Params& key,
                          absl::Time deadline) {
  return db::RunInTransaction<R>(pool, Tx(deadline, true), [&](pqxx::work& tx) {
    return FetchOne(tx, res.get, key, res.from_row, res.noun);
  });
}

// Locks the row, checks the etag, lets the caller change it, writes it back; one transaction.
// An update of a deleted resource answers NOT_FOUND, as a read of it without show_deleted would.
template <class R>
absl::StatusOr<R> UpdateFlow(db::ConnectionPool& pool, const Resource<R>& res, const Params& key,
                             const std::string& etag, const Mutation<R>& mutate,
                             absl::Time deadline,
                             std::function<absl::Status(pqxx::work&, const R&)> check_refs = {}) {
  return db::RunInTransaction<R>(pool, Tx(deadline), [&](pqxx::work& tx) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(R current, FetchOne(tx, res.lock, key, res.from_row, res.noun));
    if (current.has_delete_time()) return absl::NotFoundError(absl::StrCat(res.noun, " not found"));
    if (!etag.empty() && etag != current.etag()) {
      return absl::AbortedError(absl::StrCat("etag \"", etag, "\" is stale; the ", res.noun,
                                             " is now at \"", current.etag(), "\""));
    }
    RETURN_IF_ERROR(mutate(current));
    if (check_refs) RETURN_IF_ERROR(check_refs(tx, current));
    return FetchOne(tx, res.update, res.update_params(key, current), res.from_row, res.noun);
  });
}

// Soft delete; deleting an already deleted resource returns it unchanged (a retried delete).
template <class R>
absl::StatusOr<R> DeleteFlow(db::ConnectionPool& pool, const Resource<R>& res, const Params& key,
                             const std::string& etag, absl::Time deadline) {
  return db::RunInTransaction<R>(pool, Tx(deadline), [&](pqxx::work& tx) -> absl::StatusOr<R> {
    ASSIGN_OR_RETURN(R current, FetchOne(tx, res.lock, key, res.from_row, res.noun));
    if (current.has_delete_time()) return current;
    if (!etag.empty() && etag != current.etag()) {
      return absl::AbortedError(absl::StrCat("etag \"", etag, "\" is stale"));
    }
    return FetchOne(tx, res.remove, key, res.from_row, res.noun);
  });
}

template <class R>
absl::StatusOr<R> CreateFlow(db::ConnectionPool& pool, const WriteRequest& write,
                             absl::FunctionRef<absl::StatusOr<R>(pqxx::work&)> insert) {
  return db::RunInTransaction<R>(pool, Tx(write.deadline), [&](pqxx::work& tx) {
    return db::IdempotentCreate<R>(tx, write.request_id, write.method, *write.request, insert);
  });
}

template <class R>
absl::StatusOr<Page<R>> ListFlow(db::ConnectionPool& pool, const char* stmt, Params params,
                                 int limit, R (*from_row)(const pqxx::row&), absl::Time deadline) {
  params.emplace_back(std::to_string(limit + 1));
  return db::RunInTransaction<Page<R>>(
      pool, Tx(deadline, true),
      [&](pqxx::work& tx) -> absl::StatusOr<Page<R>> {
        return ToPage(Exec(tx, stmt, params), limit, from_row);
      });
}

// The unique index enforces this too; checking first gives the caller a message that names it.
absl::Status CheckNumberFree(pqxx::work& tx, const std::string& id, const v1::Organisation& o) {
  if (!Exec(tx, "org_number_taken", {o.organisation_number(), id}).empty()) {
    return absl::AlreadyExistsError(absl::StrCat("organisation_number ", o.organisation_number(),
                                                 " is already registered"));
  }
  return absl::OkStatus();
}

absl::Status CheckContactUnit(pqxx::work& tx, const std::string& org_id, const v1::Contact& c) {
  if (c.unit().empty()) return absl::OkStatus();
  auto ids = ParseResourceName(c.unit(), "organisations/{}/units/{}");
  if (!ids || (*ids)[0] != org_id || Exec(tx, "unit_live", {(*ids)[0], (*ids)[1]}).empty()) {
    return InvalidField("contact.unit", "is not a unit of this organisation");
  }
  return absl::OkStatus();
}

absl::Status CheckNetworkOwner(pqxx::work& tx, const v1::Network& n) {
  if (n.owner_organisation().empty()) return absl::OkStatus();
  if (Exec(tx, "org_live", {IdOf(n.owner_organisation())}).empty()) {
    return InvalidField("network.owner_organisation", "no such organisation");
  }
  return absl::OkStatus();
}

}  // namespace

void Store::PrepareStatements(pqxx::connection& conn) {
  for (const Statement& s : AllStatements()) conn.prepare(s.name, s.sql);
}

// --- organisations ---------------------------------------------------------------------------

absl::StatusOr<v1::Organisation> Store::GetOrganisation(const std::string& id, absl::Time deadline) {
  return GetFlow(pool_, kOrganisation, {id}, deadline);
}

absl::StatusOr<Page<v1::Organisation>> Store::ListOrganisations(
    const OrganisationFilter& f, const std::vector<std::string>& after, int limit,
    absl::Time deadline) {
  Params p{Bool(f.show_deleted), std::to_string(f.kind), f.county_code, f.display_name_prefix,
           OrNull(f.network_id)};
  AppendAfter(p, after);
  return ListFlow(pool_, "org_list", std::move(p), limit, OrgFromRow, deadline);
}

absl::StatusOr<v1::Organisation> Store::CreateOrganisation(const v1::Organisation& o,
                                                           const WriteRequest& write) {
  return CreateFlow<v1::Organisation>(pool_, write, [&](pqxx::work& tx) -> absl::StatusOr<v1::Organisation> {
    const std::string id = NewUuid();
    RETURN_IF_ERROR(CheckNumberFree(tx, id, o));
    return FetchOne(tx, "org_insert",
                    {id, o.display_name(), std::to_string(o.kind()), o.organisation_number(),
                     std::to_string(o.sector()), o.county_code(), std::to_string(o.size_band())},
                    OrgFromRow, "organisation");
  });
}

absl::StatusOr<v1::Organisation> Store::UpdateOrganisation(const std::string& id,
                                                           const std::string& etag,
                                                           const Mutation<v1::Organisation>& mutate,
                                                           absl::Time deadline) {
  return UpdateFlow<v1::Organisation>(
      pool_, kOrganisation, {id}, etag, mutate, deadline,
      [&](pqxx::work& tx, const v1::Organisation& o) { return CheckNumberFree(tx, id, o); });
}

absl::StatusOr<v1::Organisation> Store::DeleteOrganisation(const std::string& id,
                                                           const std::string& etag,
                                                           absl::Time deadline) {
  return DeleteFlow(pool_, kOrganisation, {id}, etag, deadline);
}

// --- units -----------------------------------------------------------------------------------

absl::StatusOr<v1::Unit> Store::GetUnit(const std::string& org_id, const std::string& id,
                                        absl::Time deadline) {
  return GetFlow(pool_, kUnit, {org_id, id}, deadline);
}

absl::StatusOr<Page<v1::Unit>> Store::ListUnits(const std::string& org_id, const std::string& prefix,
                                                bool show_deleted,
                                                const std::vector<std::string>& after, int limit,
                                                absl::Time deadline) {
  Params p{org_id, Bool(show_deleted), prefix};
  AppendAfter(p, after);
  return ListFlow(pool_, "unit_list", std::move(p), limit, UnitFromRow, deadline);
}

absl::StatusOr<v1::Unit> Store::CreateUnit(const std::string& org_id, const v1::Unit& u,
                                           const WriteRequest& write) {
  return CreateFlow<v1::Unit>(pool_, write, [&](pqxx::work& tx) -> absl::StatusOr<v1::Unit> {
    RETURN_IF_ERROR(RequireLive(tx, "org_live", {org_id}, "organisation"));
    return FetchOne(tx, "unit_insert", {org_id, NewUuid(), u.display_name(), u.municipality_code()},
                    UnitFromRow, "unit");
  });
}

absl::StatusOr<v1::Unit> Store::UpdateUnit(const std::string& org_id, const std::string& id,
                                           const std::string& etag,
                                           const Mutation<v1::Unit>& mutate, absl::Time deadline) {
  return UpdateFlow(pool_, kUnit, {org_id, id}, etag, mutate, deadline);
}

absl::StatusOr<v1::Unit> Store::DeleteUnit(const std::string& org_id, const std::string& id,
                                           const std::string& etag, absl::Time deadline) {
  return DeleteFlow(pool_, kUnit, {org_id, id}, etag, deadline);
}

// --- contacts --------------------------------------------------------------------------------

absl::StatusOr<v1::Contact> Store::GetContact(const std::string& org_id, const std::string& id,
                                              absl::Time deadline) {
  return GetFlow(pool_, kContact, {org_id, id}, deadline);
}

absl::StatusOr<Page<v1::Contact>> Store::ListContacts(const std::string& org_id, int role,
                                                      bool show_deleted,
                                                      const std::vector<std::string>& after,
                                                      int limit, absl::Time deadline) {
  Params p{org_id, Bool(show_deleted), std::to_string(role)};
  AppendAfter(p, after);
  return ListFlow(pool_, "contact_list", std::move(p), limit, ContactFromRow, deadline);
}

absl::StatusOr<v1::Contact> Store::CreateContact(const std::string& org_id, const v1::Contact& c,
                                                 const WriteRequest& write) {
  return CreateFlow<v1::Contact>(pool_, write, [&](pqxx::work& tx) -> absl::StatusOr<v1::Contact> {
    RETURN_IF_ERROR(RequireLive(tx, "org_live", {org_id}, "organisation"));
    RETURN_IF_ERROR(CheckContactUnit(tx, org_id, c));
    return FetchOne(tx, "contact_insert",
                    {org_id, NewUuid(), c.full_name(), c.email(), c.phone(),
                     std::to_string(c.role()), OrNull(c.unit().empty() ? "" : IdOf(c.unit()))},
                    ContactFromRow, "contact");
  });
}

absl::StatusOr<v1::Contact> Store::UpdateContact(const std::string& org_id, const std::string& id,
                                                 const std::string& etag,
                                                 const Mutation<v1::Contact>& mutate,
                                                 absl::Time deadline) {
  return UpdateFlow<v1::Contact>(
      pool_, kContact, {org_id, id}, etag, mutate, deadline,
      [&](pqxx::work& tx, const v1::Contact& c) { return CheckContactUnit(tx, org_id, c); });
}

absl::StatusOr<v1::Contact> Store::DeleteContact(const std::string& org_id, const std::string& id,
                                                 const std::string& etag, absl::Time deadline) {
  return DeleteFlow(pool_, kContact, {org_id, id}, etag, deadline);
}

// --- networks --------------------------------------------------------------------------------

absl::StatusOr<v1::Network> Store::GetNetwork(const std::string& id, absl::Time deadline) {
  return GetFlow(pool_, kNetwork, {id}, deadline);
}

absl::StatusOr<Page<v1::Network>> Store::ListNetworks(const NetworkFilter& f,
                                                      const std::vector<std::string>& after,
                                                      int limit, absl::Time deadline) {
  Params p{Bool(f.show_deleted), std::to_string(f.kind), f.county_code, f.display_name_prefix};
  AppendAfter(p, after);
  return ListFlow(pool_, "network_list", std::move(p), limit, NetworkFromRow, deadline);
}

absl::StatusOr<v1::Network> Store::CreateNetwork(const v1::Network& n, const WriteRequest& write) {
  return CreateFlow<v1::Network>(pool_, write, [&](pqxx::work& tx) -> absl::StatusOr<v1::Network> {
    RETURN_IF_ERROR(CheckNetworkOwner(tx, n));
    return FetchOne(tx, "network_insert", kNetwork.update_params({NewUuid()}, n), NetworkFromRow,
                    "network");
  });
}

absl::StatusOr<v1::Network> Store::UpdateNetwork(const std::string& id, const std::string& etag,
                                                 const Mutation<v1::Network>& mutate,
                                                 absl::Time deadline) {
  return UpdateFlow<v1::Network>(pool_, kNetwork, {id}, etag, mutate, deadline,
                                 [](pqxx::work& tx, const v1::Network& n) {
                                   return CheckNetworkOwner(tx, n);
                                 });
}

absl::StatusOr<v1::Network> Store::DeleteNetwork(const std::string& id, const std::string& etag,
                                                 absl::Time deadline) {
  return DeleteFlow(pool_, kNetwork, {id}, etag, deadline);
}

// --- memberships -----------------------------------------------------------------------------

absl::StatusOr<v1::Membership> Store::GetMembership(const std::string& network_id,
                                                    const std::string& id, absl::Time deadline) {
  return GetFlow(pool_, kMembership, {network_id, id}, deadline);
}

absl::StatusOr<Page<v1::Membership>> Store::ListMemberships(const std::string& network_id,
                                                            const std::string& organisation_id,
                                                            bool show_deleted,
                                                            const std::vector<std::string>& after,
                                                            int limit, absl::Time deadline) {
  Params p{network_id, Bool(show_deleted), OrNull(organisation_id)};
  p.emplace_back(after.size() == 2 ? std::optional<std::string>(after[1]) : std::nullopt);
  return ListFlow(pool_, "membership_list", std::move(p), limit, MembershipFromRow, deadline);
}

absl::StatusOr<v1::Membership> Store::CreateMembership(const std::string& network_id,
                                                       const v1::Membership& m,
                                                       const WriteRequest& write) {
  return CreateFlow<v1::Membership>(
      pool_, write, [&](pqxx::work& tx) -> absl::StatusOr<v1::Membership> {
        RETURN_IF_ERROR(RequireLive(tx, "network_live", {network_id}, "network"));
        if (Exec(tx, "org_live", {IdOf(m.organisation())}).empty()) {
          return InvalidField("membership.organisation", "no such organisation");
        }
        return FetchOne(tx, "membership_insert", kMembership.update_params({network_id, NewUuid()}, m),
                        MembershipFromRow, "membership");
      });
}

absl::StatusOr<v1::Membership> Store::UpdateMembership(const std::string& network_id,
                                                       const std::string& id,
                                                       const std::string& etag,
                                                       const Mutation<v1::Membership>& mutate,
                                                       absl::Time deadline) {
  return UpdateFlow(pool_, kMembership, {network_id, id}, etag, mutate, deadline);
}

absl::StatusOr<v1::Membership> Store::DeleteMembership(const std::string& network_id,
                                                       const std::string& id,
                                                       const std::string& etag,
                                                       absl::Time deadline) {
  return DeleteFlow(pool_, kMembership, {network_id, id}, etag, deadline);
}

}  // namespace collab::organisations
