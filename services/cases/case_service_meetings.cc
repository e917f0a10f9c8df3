// Meetings about a case (GetMeeting, ListMeetings, CreateMeeting, UpdateMeeting,
// DeleteMeeting), above all FK's reconciliation meeting (avstämningsmöte, SFB 30 kap. 8 §):
// date, participants by role, outcome, next steps. Who may write is meeting_rules.h; each
// method is one RunInCase transaction (case_scope.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/meeting_rules.h"
#include "services/cases/meeting_store.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

constexpr char kMeetingPattern[] = "cases/{}/meetings/{}";
constexpr char kMeetingHint[] = "must be cases/{case}/meetings/{meeting}";

const std::vector<std::string> kMeetingFields = {"kind", "state", "meeting_date", "start_time",
                                                 "participants", "outcome_notes", "next_steps"};

absl::Status MayNotWriteKind() {
  return absl::PermissionDeniedError(
      "a reconciliation meeting (avstämningsmöte) is recorded by Försäkringskassan only");
}

absl::StatusOr<v1::Meeting> Loaded(const CaseScope& s, const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<v1::Meeting> m, LoadMeeting(s.tx, s.vc.row.id, id));
  if (!m) return absl::NotFoundError("meeting not found");
  return *std::move(m);
}

// Reads a meeting of the scope's case as it now stands and appends the READ audit row
// (GetMeeting, and the replay of CreateMeeting by request_id, whose record keeps the name only).
absl::StatusOr<v1::Meeting> ReadMeeting(const CaseScope& s, const std::string& name) {
  auto ids = ParseResourceName(name, kMeetingPattern);
  if (!ids) return absl::NotFoundError("meeting not found");
  ASSIGN_OR_RETURN(v1::Meeting m, Loaded(s, (*ids)[1]));
  RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, m.name(), kMeetingFields));
  return m;
}

}  // namespace

grpc::Status CaseServiceImpl::GetMeeting(grpc::ServerContext* ctx, const v1::GetMeetingRequest* req,
                                         v1::Meeting* resp) {
  return Run(ctx, METHOD("GetMeeting"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), kMeetingPattern);
    if (!ids) return InvalidField("name", kMeetingHint);
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Meeting>(
                                pool_, keys_, call, {METHOD("GetMeeting"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Meeting> {
      return ReadMeeting(s, req->name());
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListMeetings(grpc::ServerContext* ctx,
                                           const v1::ListMeetingsRequest* req,
                                           v1::ListMeetingsResponse* resp) {
  return Run(ctx, METHOD("ListMeetings"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    if (!v1::MeetingKind_IsValid(req->kind())) return InvalidField("kind", "is not a known value");
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat((*ids)[0], "|", req->kind(), "|", req->show_deleted());
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::ListMeetingsResponse>(
                                pool_, keys_, call, {METHOD("ListMeetings"), (*ids)[0]},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::ListMeetingsResponse> {
      ASSIGN_OR_RETURN(std::vector<v1::Meeting> rows,
                       ListMeetingRows(s.tx, (*ids)[0], req->kind(), req->show_deleted(), after,
                                       limit + 1));
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      v1::ListMeetingsResponse out;
      for (v1::Meeting& m : rows) *out.add_meetings() = std::move(m);
      if (more) out.set_next_page_token(tokens_.Encode(MeetingKey(out.meetings(limit - 1)), fp));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_LIST, req->parent(), {"meetings"}));
      return out;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::CreateMeeting(grpc::ServerContext* ctx,
                                            const v1::CreateMeetingRequest* req,
                                            v1::Meeting* resp) {
  return Run(ctx, METHOD("CreateMeeting"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    v1::Meeting in = req->meeting();
    if (in.state() == v1::MEETING_STATE_UNSPECIFIED) in.set_state(v1::MEETING_STATE_PLANNED);
    FieldViolations v;
    ValidateMeetingInput(in, SwedishToday(), v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Meeting>(
                                pool_, keys_, call,
                                {METHOD("CreateMeeting"), (*ids)[0], kMeetingWriters,
                                 CaseUse::kWrite, req, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Meeting> {
      if (!MayWriteMeeting(s.viewer, in.kind())) return MayNotWriteKind();
      const std::string id = NewUuid();
      RETURN_IF_ERROR(InsertMeeting(s.tx, (*ids)[0], id, in));
      ASSIGN_OR_RETURN(v1::Meeting m, Loaded(s, id));
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_CREATE, m.name(), kMeetingFields));
      return m;
    }, ReadMeeting));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::UpdateMeeting(grpc::ServerContext* ctx,
                                            const v1::UpdateMeetingRequest* req,
                                            v1::Meeting* resp) {
  return Run(ctx, METHOD("UpdateMeeting"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->meeting().name(), kMeetingPattern);
    if (!ids) return InvalidField("meeting.name", kMeetingHint);
    const absl::CivilDay today = SwedishToday();
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Meeting>(
                                pool_, keys_, call,
                                {METHOD("UpdateMeeting"), (*ids)[0], kMeetingWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Meeting> {
      ASSIGN_OR_RETURN(v1::Meeting current, Loaded(s, (*ids)[1]));
      if (!MayWriteMeeting(s.viewer, current.kind())) return MayNotWriteKind();
      if (!req->meeting().etag().empty() && req->meeting().etag() != current.etag()) {
        return absl::AbortedError(absl::StrCat("etag \"", req->meeting().etag(), "\" is stale"));
      }
      if (current.has_delete_time()) {
        return absl::FailedPreconditionError("the meeting is deleted");
      }
      v1::Meeting merged = current;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), kMeetingUpdatable, req->meeting(), &merged));
      if (!MayWriteMeeting(s.viewer, merged.kind())) return MayNotWriteKind();
      FieldViolations v;
      ValidateMeetingInput(merged, today, v);
      RETURN_IF_ERROR(v.ToStatus());
      RETURN_IF_ERROR(UpdateMeetingRow(s.tx, (*ids)[0], (*ids)[1], merged));
      ASSIGN_OR_RETURN(v1::Meeting m, Loaded(s, (*ids)[1]));
      const auto& paths = req->update_mask().paths();
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_UPDATE, m.name(), {paths.begin(), paths.end()}));
      return m;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::DeleteMeeting(grpc::ServerContext* ctx,
                                            const v1::DeleteMeetingRequest* req,
                                            v1::Meeting* resp) {
  return Run(ctx, METHOD("DeleteMeeting"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), kMeetingPattern);
    if (!ids) return InvalidField("name", kMeetingHint);
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Meeting>(
                                pool_, keys_, call,
                                {METHOD("DeleteMeeting"), (*ids)[0], kMeetingWriters,
                                 CaseUse::kWrite},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Meeting> {
      ASSIGN_OR_RETURN(v1::Meeting current, Loaded(s, (*ids)[1]));
      if (!MayWriteMeeting(s.viewer, current.kind())) return MayNotWriteKind();
      if (current.has_delete_time()) {  // a retried delete writes nothing: its answer is a read
        RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, current.name(), kMeetingFields));
        return current;
      }
      if (!req->etag().empty() && req->etag() != current.etag()) {
        return absl::AbortedError(absl::StrCat("etag \"", req->etag(), "\" is stale"));
      }
      SoftDeleteMeeting(s.tx, (*ids)[0], (*ids)[1]);
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_DELETE, req->name(), {"meeting"}));
      return Loaded(s, (*ids)[1]);
    }));
    return absl::OkStatus();
  });
}

}  // namespace collab::cases
