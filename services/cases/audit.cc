#include "libs/db/sql_params.h"
#include "services/cases/audit.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/crypto.h"
#include "libs/db/sql_arrays.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the store's parameter and field conversions

using google::protobuf::util::TimeUtil;

constexpr char kEventCols[] =
    "seq, case_id::text, case_seq, (extract(epoch FROM event_time) * 1000000)::bigint, actor, "
    "actor_organisation, array_to_json(actor_roles)::text, actor_service, action, method, "
    "resource, array_to_json(fields)::text, reason, status_code, request_id, previous_hash, hash";

const std::string kZeroHash(32, '\0');

// The event as stored, without its hash; `case_seq` is returned separately.
v1::AuditEvent EventFromRow(const pqxx::row& row) {
  v1::AuditEvent e;
  const int64_t seq = row[0].as<int64_t>();
  e.set_name(absl::StrCat("auditEvents/", seq));
  e.set_seq(seq);
  e.set_case_name(absl::StrCat("cases/", row[1].c_str()));
  *e.mutable_event_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  e.set_actor(row[4].c_str());
  e.set_actor_organisation(row[5].c_str());
  for (int r : nlohmann::json::parse(row[6].c_str())) {
    e.add_actor_roles(static_cast<collab::common::v1::Role>(r));
  }
  e.set_actor_service(row[7].c_str());
  e.set_action(static_cast<v1::AuditAction>(row[8].as<int>()));
  e.set_method(row[9].c_str());
  e.set_resource(row[10].c_str());
  for (const auto& f : nlohmann::json::parse(row[11].c_str())) e.add_fields(f.get<std::string>());
  e.set_reason(row[12].c_str());
  e.set_status_code(row[13].as<int>());
  e.set_request_id(row[14].c_str());
  e.set_previous_hash(Bytes(row[15]));
  e.set_hash(Bytes(row[16]));
  return e;
}

struct Break {
  v1::AuditChainBreakKind kind;
  int64_t seq;
  std::string expected, found;
};

}  // namespace

void PrepareAuditStatements(pqxx::connection& conn) {
  // The upsert takes the head row's lock (and creates the head for a new case); the new row's
  // seq comes back in the same round trip, since the hash covers it.
  conn.prepare("audit_head_lock",
               "INSERT INTO audit_chain_heads AS h (case_id) VALUES ($1) "
               "ON CONFLICT (case_id) DO UPDATE SET last_case_seq = h.last_case_seq "
               "RETURNING last_case_seq, last_hash, "
               "nextval(pg_get_serial_sequence('audit_events', 'seq'))");
  // The row and the head's move to it, in one statement (one round trip).
  conn.prepare("audit_append",
               "WITH row AS (INSERT INTO audit_events (seq, case_id, case_seq, event_time, actor, "
               "actor_organisation, actor_roles, actor_service, action, method, resource, fields, "
               "reason, status_code, request_id, previous_hash, hash) VALUES ($1, $2, $3, "
               "timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5, $6, "
               "$7::smallint[], $8, $9, $10, $11, $12::text[], $13, $14, $15, "
               "$16::bytea, $17::bytea)) "
               "UPDATE audit_chain_heads SET last_case_seq = $3, last_hash = $17::bytea "
               "WHERE case_id = $2");
  conn.prepare("audit_heads", "SELECT case_id::text, last_case_seq, last_hash "
                              "FROM audit_chain_heads ORDER BY case_id");
  conn.prepare("audit_list",
               std::string("SELECT ") + kEventCols +
                   " FROM audit_events WHERE ($1::uuid IS NULL OR case_id = $1::uuid)"
                   " AND ($2::text IS NULL OR actor = $2::text)"
                   " AND ($3::bigint IS NULL OR event_time >= timestamptz 'epoch' + $3::bigint * interval '1 microsecond')"
                   " AND ($4::bigint IS NULL OR event_time < timestamptz 'epoch' + $4::bigint * interval '1 microsecond')"
                   " AND ($5::smallint[] IS NULL OR action = ANY ($5::smallint[]))"
                   " AND seq > $6 ORDER BY seq LIMIT $7");
  conn.prepare("audit_chain", std::string("SELECT ") + kEventCols +
                                  " FROM audit_events WHERE case_id = $1 ORDER BY case_seq");
}

std::string AuditHash(const v1::AuditEvent& event) {
  v1::AuditEvent copy = event;
  copy.clear_hash();
  std::string serialized;
  {
    google::protobuf::io::StringOutputStream stream(&serialized);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy.SerializeToCodedStream(&coded);
  }
  return crypto::Sha256(copy.previous_hash() + serialized);
}

std::string AccessReason(const rpc::CallContext& call, const std::string& derived) {
  if (call.server_context != nullptr) {
    const auto& md = call.server_context->client_metadata();
    auto it = md.find("x-collab-access-reason");
    if (it != md.end() && it->second.size() <= 200) {
      return absl::StrCat(std::string(it->second.data(), it->second.size()), " (", derived, ")");
    }
  }
  return derived;
}

AuditChainPosition NewChainPosition(int64_t seq) { return {0, kZeroHash, seq}; }

absl::Status AppendAudit(pqxx::work& tx, const rpc::CallContext& call, const AuditEntry& entry) {
  pqxx::result head = Exec(tx, "audit_head_lock", {entry.case_id});
  return AppendAuditAt(tx, call, entry,
                       {head[0][0].as<int64_t>(), Bytes(head[0][1]), head[0][2].as<int64_t>()});
}

absl::Status AppendAuditAt(pqxx::work& tx, const rpc::CallContext& call, const AuditEntry& entry,
                           const AuditChainPosition& at) {
  const int64_t case_seq = at.last_case_seq + 1;
  const std::string& previous_hash = at.last_hash;
  const int64_t seq = at.seq;
  const int64_t micros = absl::ToUnixMicros(absl::Now());

  v1::AuditEvent e;
  e.set_name(absl::StrCat("auditEvents/", seq));
  e.set_seq(seq);
  e.set_case_name(absl::StrCat("cases/", entry.case_id));
  *e.mutable_event_time() = TimeUtil::MicrosecondsToTimestamp(micros);
  const auth::Principal& p = call.principal;
  e.set_actor(p.subject());
  e.set_actor_organisation(p.organisation_id().empty() ? ""
                                                       : absl::StrCat("organisations/", p.organisation_id()));
  std::vector<int> roles;
  for (int r : p.roles()) {
    e.add_actor_roles(static_cast<collab::common::v1::Role>(r));
    roles.push_back(r);
  }
  e.set_actor_service(p.service_name());
  e.set_action(entry.action);
  e.set_method(entry.method);
  e.set_resource(entry.resource);
  for (const std::string& f : entry.fields) e.add_fields(f);
  e.set_reason(entry.reason);
  e.set_status_code(entry.status_code);
  e.set_request_id(call.request_id);
  e.set_previous_hash(previous_hash);
  const std::string hash = AuditHash(e);

  Exec(tx, "audit_append",
       {std::to_string(seq), entry.case_id, std::to_string(case_seq), std::to_string(micros),
        e.actor(), e.actor_organisation(), db::IntArrayLiteral(roles), e.actor_service(),
        std::to_string(static_cast<int>(entry.action)), e.method(), e.resource(),
        db::TextArrayLiteral(entry.fields),
        e.reason(), std::to_string(entry.status_code), e.request_id(), HexBytea(previous_hash), HexBytea(hash)});
  return absl::OkStatus();
}

absl::Status AppendAudits(pqxx::work& tx, const rpc::CallContext& call,
                          std::vector<AuditEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const AuditEntry& a, const AuditEntry& b) { return a.case_id < b.case_id; });
  for (const AuditEntry& e : entries) {
    absl::Status s = AppendAudit(tx, call, e);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

std::vector<v1::AuditEvent> ListAuditEventRows(pqxx::work& tx, const AuditFilter& f,
                                               int64_t after_seq, int limit) {
  auto opt = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  auto opt_int = [](const std::optional<int64_t>& v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
  };
  std::optional<std::string> actions;
  if (!f.actions.empty()) actions = db::IntArrayLiteral(f.actions);
  std::vector<v1::AuditEvent> out;
  for (const pqxx::row& r : Exec(tx, "audit_list",
                                 {opt(f.case_id), opt(f.actor), opt_int(f.start_micros),
                                  opt_int(f.end_micros), actions, std::to_string(after_seq),
                                  std::to_string(limit)})) {
    out.push_back(EventFromRow(r));
  }
  return out;
}

absl::StatusOr<v1::VerifyAuditChainResponse> VerifyAuditChains(pqxx::work& tx, int64_t start_seq,
                                                              int64_t end_seq) {
  if (start_seq < 0 || end_seq < 0 || (end_seq != 0 && end_seq < start_seq)) {
    return absl::InvalidArgumentError("start_seq and end_seq must be >= 0 with start <= end");
  }
  auto in_range = [&](int64_t seq) {
    return seq >= start_seq && (end_seq == 0 || seq <= end_seq);
  };
  std::optional<Break> first;
  auto report = [&](Break b) {
    if (in_range(b.seq) && (!first || b.seq < first->seq)) first = std::move(b);
  };
  int64_t checked = 0, newest = 0;
  for (const pqxx::row& head : Exec(tx, "audit_heads", {})) {
    const std::string case_id = head[0].c_str();
    std::string prev_hash = kZeroHash;
    int64_t prev_case_seq = 0, last_seq = 0;
    for (const pqxx::row& row : Exec(tx, "audit_chain", {case_id})) {
      v1::AuditEvent e = EventFromRow(row);
      const int64_t case_seq = row[2].as<int64_t>();
      if (in_range(e.seq())) ++checked;
      newest = std::max(newest, e.seq());
      last_seq = e.seq();
      if (case_seq != prev_case_seq + 1) {
        report({v1::AUDIT_CHAIN_BREAK_KIND_SEQUENCE_GAP, e.seq(),
                std::to_string(prev_case_seq + 1), std::to_string(case_seq)});
      } else if (e.previous_hash() != prev_hash) {
        report({v1::AUDIT_CHAIN_BREAK_KIND_PREVIOUS_HASH_MISMATCH, e.seq(), prev_hash,
                e.previous_hash()});
      }
      const std::string recomputed = AuditHash(e);
      if (recomputed != e.hash()) {
        report({v1::AUDIT_CHAIN_BREAK_KIND_HASH_MISMATCH, e.seq(), recomputed, e.hash()});
      }
      prev_hash = e.hash();
      prev_case_seq = case_seq;
    }
    // The head remembers the end of the chain: a deleted tail shows here.
    const int64_t head_seq = head[1].as<int64_t>();
    if (head_seq != prev_case_seq) {
      report({v1::AUDIT_CHAIN_BREAK_KIND_SEQUENCE_GAP, last_seq, std::to_string(head_seq),
              std::to_string(prev_case_seq)});
    } else if (Bytes(head[2]) != prev_hash) {
      report({v1::AUDIT_CHAIN_BREAK_KIND_PREVIOUS_HASH_MISMATCH, last_seq, Bytes(head[2]),
              prev_hash});
    }
  }
  v1::VerifyAuditChainResponse resp;
  resp.set_start_seq(start_seq == 0 ? 1 : start_seq);
  resp.set_events_checked(checked);
  resp.set_intact(!first.has_value());
  if (first) {
    resp.set_end_seq(first->seq - 1);
    auto* b = resp.mutable_first_break();
    b->set_kind(first->kind);
    b->set_seq(first->seq);
    b->set_expected(first->expected);
    b->set_found(first->found);
  } else {
    resp.set_end_seq(end_seq == 0 ? newest : std::min(end_seq, newest));
  }
  return resp;
}

}  // namespace collab::cases
