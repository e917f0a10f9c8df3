#include "libs/db/sql_params.h"
#include "services/cases/meeting_store.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/dates.h"
#include "libs/common/ids.h"

namespace collab::cases {
namespace {

using namespace db::sql;  // NOLINT: the row helpers of this store
namespace v1 = collab::cases::v1;
using google::protobuf::util::TimeUtil;

constexpr char kCols[] =
    "id::text, case_id::text, kind, state, meeting_date::text, "
    COLLAB_SQL_MICROS("start_time") ", "
    "json_build_object('participants', participants, 'nextSteps', next_steps)::text, "
    "outcome_notes, " COLLAB_SQL_MICROS("create_time") ", " COLLAB_SQL_MICROS("update_time") ", "
    COLLAB_SQL_MICROS("delete_time") ", version";

absl::StatusOr<v1::Meeting> FromRow(const pqxx::row& r) {
  v1::Meeting m;
  if (!google::protobuf::util::JsonStringToMessage(Text(r[6]), &m).ok()) {
    return absl::InternalError("a stored meeting's participants or next steps do not parse");
  }
  m.set_name(absl::StrCat("cases/", Text(r[1]), "/meetings/", Text(r[0])));
  m.set_kind(static_cast<v1::MeetingKind>(r[2].as<int>()));
  m.set_state(static_cast<v1::MeetingState>(r[3].as<int>()));
  *m.mutable_meeting_date() = FromCivilDay(*ParseIsoDate(Text(r[4])));
  if (auto t = OptMicros(r[5])) *m.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(*t);
  m.set_outcome_notes(Text(r[7]));
  *m.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(r[8].as<int64_t>());
  *m.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(r[9].as<int64_t>());
  if (auto t = OptMicros(r[10])) *m.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(*t);
  m.set_etag(Text(r[11]));
  return m;
}

// The lists of `m` as one JSON object {"participants": […], "nextSteps": […]}; SQL takes the
// arrays out of it.
absl::StatusOr<std::string> ListsJson(const v1::Meeting& m) {
  v1::Meeting lists;
  *lists.mutable_participants() = m.participants();
  *lists.mutable_next_steps() = m.next_steps();
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(lists, &json).ok()) {
    return absl::InternalError("meeting lists do not serialise");
  }
  return json;
}

// The editable columns of `m`, in statement order after (case_id, id).
absl::StatusOr<Params> EditableParams(const std::string& case_id, const std::string& id,
                                      const v1::Meeting& m) {
  absl::StatusOr<std::string> lists = ListsJson(m);
  if (!lists.ok()) return lists.status();
  return Params{case_id, id, std::to_string(m.kind()), std::to_string(m.state()),
                ToIsoDate(*ToCivilDay(m.meeting_date())),
                m.has_start_time() ? std::optional<std::string>(std::to_string(
                                         TimeUtil::TimestampToMicroseconds(m.start_time())))
                                   : std::nullopt,
                *lists, m.outcome_notes()};
}

#define AT(p) "timestamptz 'epoch' + " p "::bigint * interval '1 microsecond'"

}  // namespace

void PrepareMeetingStatements(pqxx::connection& conn) {
  const std::string cols = kCols;
  conn.prepare("meeting_insert",
               "INSERT INTO meetings (case_id, id, kind, state, meeting_date, start_time, "
               "participants, next_steps, outcome_notes) VALUES ($1, $2, $3, $4, $5, "
               AT("$6") ", COALESCE($7::jsonb -> 'participants', '[]'), "
               "COALESCE($7::jsonb -> 'nextSteps', '[]'), $8)");
  conn.prepare("meeting_update",
               "UPDATE meetings SET kind = $3, state = $4, meeting_date = $5, start_time = "
               AT("$6") ", participants = COALESCE($7::jsonb -> 'participants', '[]'), "
               "next_steps = COALESCE($7::jsonb -> 'nextSteps', '[]'), outcome_notes = $8, "
               "update_time = now(), version = version + 1 WHERE case_id = $1 AND id = $2");
  conn.prepare("meeting_get", "SELECT " + cols + " FROM meetings WHERE case_id = $1 AND id = $2");
  conn.prepare("meeting_delete",
               "UPDATE meetings SET delete_time = now(), update_time = now(), "
               "version = version + 1 WHERE case_id = $1 AND id = $2 AND delete_time IS NULL");
  conn.prepare("meeting_list",
               "SELECT " + cols + " FROM meetings WHERE case_id = $1 "
               "AND ($2::smallint = 0 OR kind = $2) AND ($3::boolean OR delete_time IS NULL) "
               "AND ($4::date IS NULL OR meeting_date < $4 OR (meeting_date = $4 AND id > $5::uuid)) "
               "ORDER BY meeting_date DESC, id LIMIT $6");
}

absl::Status InsertMeeting(pqxx::work& tx, const std::string& case_id, const std::string& id,
                           const v1::Meeting& m) {
  absl::StatusOr<Params> p = EditableParams(case_id, id, m);
  if (!p.ok()) return p.status();
  Exec(tx, "meeting_insert", *p);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::Meeting>> LoadMeeting(pqxx::work& tx, const std::string& case_id,
                                                      const std::string& id) {
  if (!IsUuid(id)) return std::optional<v1::Meeting>();
  pqxx::result r = Exec(tx, "meeting_get", {case_id, id});
  if (r.empty()) return std::optional<v1::Meeting>();
  absl::StatusOr<v1::Meeting> m = FromRow(r[0]);
  if (!m.ok()) return m.status();
  return std::optional<v1::Meeting>(*std::move(m));
}

absl::Status UpdateMeetingRow(pqxx::work& tx, const std::string& case_id, const std::string& id,
                              const v1::Meeting& m) {
  absl::StatusOr<Params> p = EditableParams(case_id, id, m);
  if (!p.ok()) return p.status();
  Exec(tx, "meeting_update", *p);
  return absl::OkStatus();
}

void SoftDeleteMeeting(pqxx::work& tx, const std::string& case_id, const std::string& id) {
  Exec(tx, "meeting_delete", {case_id, id});
}

absl::StatusOr<std::vector<v1::Meeting>> ListMeetingRows(pqxx::work& tx,
                                                         const std::string& case_id, int kind,
                                                         bool show_deleted,
                                                         const std::vector<std::string>& after,
                                                         int limit) {
  const bool keyset = after.size() == 2;
  std::vector<v1::Meeting> out;
  for (const pqxx::row& r :
       Exec(tx, "meeting_list",
            {case_id, std::to_string(kind), Bool(show_deleted),
             keyset ? std::optional<std::string>(after[0]) : std::nullopt,
             keyset ? std::optional<std::string>(after[1]) : std::nullopt,
             std::to_string(limit)})) {
    absl::StatusOr<v1::Meeting> m = FromRow(r);
    if (!m.ok()) return m.status();
    out.push_back(*std::move(m));
  }
  return out;
}

std::vector<std::string> MeetingKey(const v1::Meeting& m) {
  const std::string& name = m.name();
  return {ToIsoDate(*ToCivilDay(m.meeting_date())), name.substr(name.rfind('/') + 1)};
}

}  // namespace collab::cases
