#include "services/cases/consent_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/ids.h"
#include "libs/db/sql_arrays.h"
#include "libs/db/sql_params.h"

namespace collab::cases {
namespace {

namespace v1 = collab::cases::v1;
using google::protobuf::util::TimeUtil;
using namespace db::sql;  // NOLINT: the store's parameter and field conversions

constexpr char kCols[] =
    "id::text, case_id::text, party_organisation_id::text, purpose, purpose_text, "
    "array_to_string(scope, ','), " COLLAB_SQL_MICROS("give_time") ", "
    COLLAB_SQL_MICROS("expire_time") ", " COLLAB_SQL_MICROS("revoke_time")
    ", document_reference, recorded_by, revoked_by, " COLLAB_SQL_MICROS("create_time") ", version";
#define AT(p) "timestamptz 'epoch' + " p "::bigint * interval '1 microsecond'"

std::optional<std::string> Micros(const google::protobuf::Timestamp& t, bool has) {
  return has ? std::optional<std::string>(std::to_string(TimeUtil::TimestampToMicroseconds(t)))
             : std::nullopt;
}

v1::Consent FromRow(const pqxx::row& r) {
  v1::Consent c;
  c.set_name(absl::StrCat("cases/", r[1].c_str(), "/consents/", r[0].c_str()));
  c.set_party_organisation(absl::StrCat("organisations/", r[2].c_str()));
  c.set_purpose(static_cast<v1::ConsentPurpose>(r[3].as<int>()));
  c.set_purpose_text(r[4].c_str());
  for (absl::string_view s : absl::StrSplit(std::string(r[5].c_str()), ',', absl::SkipEmpty())) {
    int v = 0;
    if (absl::SimpleAtoi(s, &v)) c.add_scope(static_cast<v1::RestrictedField>(v));
  }
  *c.mutable_give_time() = TimeUtil::MicrosecondsToTimestamp(r[6].as<int64_t>());
  if (!r[7].is_null()) *c.mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(r[7].as<int64_t>());
  if (!r[8].is_null()) *c.mutable_revoke_time() = TimeUtil::MicrosecondsToTimestamp(r[8].as<int64_t>());
  c.set_document_reference(r[9].c_str());
  c.set_recorded_by(r[10].c_str());
  c.set_revoked_by(r[11].c_str());
  *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r[12].as<int64_t>());
  c.set_etag(r[13].c_str());
  const int64_t now = absl::ToUnixMicros(absl::Now());
  if (!r[8].is_null() && r[8].as<int64_t>() <= now) c.set_state(v1::CONSENT_STATE_REVOKED);
  else if (!r[7].is_null() && r[7].as<int64_t>() <= now) c.set_state(v1::CONSENT_STATE_EXPIRED);
  else c.set_state(v1::CONSENT_STATE_ACTIVE);
  return c;
}

}  // namespace

void PrepareConsentStatements(pqxx::connection& conn) {
  const std::string cols = kCols;
  conn.prepare("consent_insert",
               "INSERT INTO consents (id, case_id, party_organisation_id, purpose, purpose_text, "
               "scope, give_time, expire_time, document_reference, recorded_by) VALUES ($1, $2, $3, "
               "$4, $5, $6::smallint[], " AT("$7") ", " AT("$8") ", $9, $10) RETURNING " + cols);
  conn.prepare("consent_get", "SELECT " + cols + " FROM consents WHERE case_id = $1 AND id = $2");
  conn.prepare("consent_lock",
               "SELECT " + cols + " FROM consents WHERE case_id = $1 AND id = $2 FOR UPDATE");
  conn.prepare("consent_revoke",
               "UPDATE consents SET revoke_time = " AT("$3") ", revoked_by = $4, "
               "version = version + 1 WHERE case_id = $1 AND id = $2 RETURNING " + cols);
  conn.prepare("consent_list",
               "SELECT " + cols + " FROM consents WHERE case_id = $1 "
               "AND ($2::uuid IS NULL OR party_organisation_id = $2::uuid) "
               "AND ($3::bigint IS NULL OR "
               "(" COLLAB_SQL_MICROS("create_time") ", id) > ($3::bigint, $4::uuid)) "
               // The audience (ConsentAudience): all, or the one party (a NULL party: none).
               "AND ($6::boolean OR party_organisation_id = $7::uuid) "
               "ORDER BY create_time, id LIMIT $5");
}

v1::Consent InsertConsent(pqxx::work& tx, const std::string& case_id, const std::string& id,
                          const v1::Consent& c, const std::string& recorded_by) {
  std::vector<int> scope(c.scope().begin(), c.scope().end());
  return FromRow(Exec(tx, "consent_insert",
                      {id, case_id, c.party_organisation().substr(c.party_organisation().rfind('/') + 1),
                       std::to_string(c.purpose()), c.purpose_text(),
                       db::IntArrayLiteral(scope),
                       Micros(c.give_time(), true), Micros(c.expire_time(), c.has_expire_time()),
                       c.document_reference(), recorded_by})[0]);
}

std::optional<v1::Consent> LoadConsent(pqxx::work& tx, const std::string& case_id,
                                       const std::string& id, bool lock) {
  if (!IsUuid(case_id) || !IsUuid(id)) return std::nullopt;
  pqxx::result r = Exec(tx, lock ? "consent_lock" : "consent_get", {case_id, id});
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

v1::Consent RevokeConsentRow(pqxx::work& tx, const std::string& case_id, const std::string& id,
                             int64_t revoke_micros, const std::string& revoked_by) {
  return FromRow(Exec(tx, "consent_revoke",
                      {case_id, id, std::to_string(revoke_micros), revoked_by})[0]);
}

std::vector<std::string> ConsentKey(const v1::Consent& c) {
  return {std::to_string(TimeUtil::TimestampToMicroseconds(c.create_time())),
          c.name().substr(c.name().rfind('/') + 1)};
}

std::vector<v1::Consent> ListConsentRows(pqxx::work& tx, const std::string& case_id,
                                         const std::string& party_id,
                                         const ConsentAudience& audience,
                                         const std::vector<std::string>& after, int limit) {
  const bool has_after = after.size() == 2;
  const std::string& only = audience.party_organisation_id;
  std::vector<v1::Consent> out;
  for (const pqxx::row& r :
       Exec(tx, "consent_list",
            {case_id, party_id.empty() ? std::nullopt : std::optional<std::string>(party_id),
             has_after ? std::optional<std::string>(after[0]) : std::nullopt,
             has_after ? std::optional<std::string>(after[1]) : std::nullopt,
             std::to_string(limit), audience.all ? "true" : "false",
             IsUuid(only) ? std::optional<std::string>(only) : std::nullopt})) {
    out.push_back(FromRow(r));
  }
  return out;
}

}  // namespace collab::cases
