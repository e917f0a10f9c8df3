// CreateCase, GetCase, ListCases, SearchCases.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_service.h"
#include "services/cases/case_refusal.h"
#include "services/cases/case_store.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/consent_store.h"
#include "services/cases/milestone_store.h"
#include "services/cases/milestone_view.h"
#include "services/cases/period_store.h"
#include "services/cases/meeting_store.h"
#include "services/cases/plan_store.h"
#include "services/cases/rehab_watch_store.h"
#include "services/cases/domain/identity_number.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

db::TxOptions Tx(absl::Time deadline) {
  db::TxOptions o;
  o.deadline = deadline;
  return o;
}

absl::StatusOr<std::string> CaseIdFromName(const std::string& name, const std::string& field) {
  auto ids = ParseResourceName(name, "cases/{}");
  if (!ids) return InvalidField(field, "must be a case name cases/{case}");
  return (*ids)[0];
}

absl::Status CaseNotFound() { return absl::NotFoundError("case not found"); }

// The fields a create writes, for the audit row (names only, never values).
std::vector<std::string> WrittenFields(const v1::Case& c) {
  std::vector<std::string> f = {"employer", "employee_identity_number", "first_sick_day"};
  if (!c.unit().empty()) f.push_back("unit");
  if (!c.employee_display_name().empty()) f.push_back("employee_display_name");
  if (c.protected_identity()) f.push_back("protected_identity");
  if (c.expected_duration_days() != 0) f.push_back("expected_duration_days");
  if (!c.assigned_case_worker().empty()) f.push_back("assigned_case_worker");
  if (!c.office().empty()) f.push_back("office");
  if (!c.occupational_health_provider().empty()) f.push_back("occupational_health_provider");
  if (c.diagnosis_category() != 0) f.push_back("diagnosis_category");
  if (!c.medical_notes().empty()) f.push_back("medical_notes");
  return f;
}

// Pseudonymous payload only (issue 4, "Events"): ids, dates, status; the diagnosis category is
// allowed on the internal statistics feed (case_events.proto file comment, domain.md).
collab::events::v1::CaseCreated CreatedEvent(const v1::Case& c, const CaseRow& row) {
  collab::events::v1::CaseCreated e;
  e.set_case_name(absl::StrCat("cases/", row.id));
  e.set_employer(absl::StrCat("organisations/", row.employer_id));
  *e.mutable_first_sick_day() = c.first_sick_day();
  e.set_expected_duration_days(c.expected_duration_days());
  e.set_status(v1::CASE_STATUS_OPEN);
  e.set_diagnosis_category(c.diagnosis_category());
  e.set_plan_required(c.expected_duration_days() >= 60);
  return e;
}

struct ListRequest {
  CaseFilter filter;
  std::string fingerprint;
  int32_t page_size = 0;
  std::string page_token;
};

}  // namespace

void CaseServiceImpl::PrepareStatements(pqxx::connection& conn) {
  PrepareCaseStatements(conn);
  PrepareAuditStatements(conn);
  PrepareConsentStatements(conn);
  PreparePeriodStatements(conn);
  PreparePlanStatements(conn);
  PrepareMeetingStatements(conn);
  PrepareMilestoneStatements(conn);
  PrepareRehabWatchStatements(conn);
}

grpc::Status CaseServiceImpl::CreateCase(grpc::ServerContext* ctx, const v1::CreateCaseRequest* req,
                                         v1::Case* resp) {
  return Run(ctx, METHOD("CreateCase"), [&](const rpc::CallContext& call) -> absl::Status {
    const v1::Case& in = req->case_();
    const std::string id = NewUuid();
    ASSIGN_OR_RETURN(CaseRow row, NewCaseRow(in, id, keys_, SwedishToday()));
    if ((in.diagnosis_category() != 0 || !in.medical_notes().empty()) &&
        !MayWriteRestricted(call.principal)) {
      return absl::PermissionDeniedError(
          "case.diagnosis_category and case.medical_notes are written by FK only");
    }
    const Viewer viewer = ViewerOf(call.principal);
    if (!DecideVisibility(viewer, FactsOf(row), {}, absl::Now()).visible) {
      return absl::PermissionDeniedError(
          "the caller may only create cases it can see (its own organisation, unit or office)");
    }
    // Outside the transaction: it may be retried, the remote call need not be.
    RETURN_IF_ERROR(employers_.CheckOrganisation(call, row.employer_id, "case.employer"));
    if (!row.occupational_health_id.empty()) {
      RETURN_IF_ERROR(employers_.CheckOrganisation(call, row.occupational_health_id,
                                                   "case.occupational_health_provider"));
    }
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      std::optional<InsertedCase> created;  // the row as inserted, when this call inserted it
      // Only the name is kept as the idempotent response, and the request (identity number,
      // name) is fingerprinted with the lookup key: no guessable personal data in that table.
      ASSIGN_OR_RETURN(v1::Case stub, db::IdempotentCreateWithFingerprint<v1::Case>(
                                          tx, req->request_id(), METHOD("CreateCase"),
                                          RequestFingerprint(keys_, *req),
                                          [&](pqxx::work& t) -> absl::StatusOr<v1::Case> {
        created = InsertCase(t, row);
        RETURN_IF_ERROR(AppendAuditAt(t, call,
                                      {id, v1::AUDIT_ACTION_CREATE, METHOD("CreateCase"),
                                       absl::StrCat("cases/", id), WrittenFields(in),
                                       AccessReason(call, "case registered")},
                                      created->audit));
        RETURN_IF_ERROR(db::AppendEvent(t, "collab.events.v1.CaseCreated", id,
                                        CreatedEvent(in, row)).status());
        v1::Case c;
        c.set_name(absl::StrCat("cases/", id));
        return c;
      }));
      const absl::CivilDay today = SwedishToday();
      if (created) {
        // Rendered from the row just inserted: a new case has no consents, periods or met
        // milestones yet, so nothing else needs reading back.
        const CaseRow& stored = created->row;
        CaseVisibility vis = DecideVisibility(viewer, FactsOf(stored), {}, absl::Now());
        ASSIGN_OR_RETURN(CaseMilestones none, ComputeCaseMilestones(stored, {}, {}, today));
        ASSIGN_OR_RETURN(RenderedCase rendered,
                         RenderCase(stored, vis, keys_, today, ProgressOf(stored, none, today)));
        *resp = std::move(rendered.proto);
        return absl::OkStatus();
      }
      // A replay shows the case again as it is now: that is a read.
      const std::string case_id = stub.name().substr(stub.name().rfind('/') + 1);
      std::optional<CaseRow> stored = LoadCase(tx, case_id, false);
      if (!stored) return absl::InternalError("created case vanished");
      auto consents = LoadConsents(tx, {case_id}, viewer.organisation_id);
      CaseVisibility vis = DecideVisibility(viewer, FactsOf(*stored), consents[case_id], absl::Now());
      ASSIGN_OR_RETURN(CaseProgress progress, LoadProgress(tx, *stored, today));
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(*stored, vis, keys_, today, progress));
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {case_id, v1::AUDIT_ACTION_READ, METHOD("CreateCase"),
                                   stub.name(), rendered.fields_read,
                                   AccessReason(call, AccessBasis(vis))}));
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                                      v1::Case* resp) {
  return Run(ctx, METHOD("GetCase"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, CaseIdFromName(req->name(), "name"));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      std::optional<CaseRow> row = LoadCase(tx, id, false);
      if (!row) return CaseNotFound();
      auto consents = LoadConsents(tx, {id}, viewer.organisation_id);
      const CaseVisibility vis = DecideVisibility(viewer, FactsOf(*row), consents[id], absl::Now());
      if (!vis.visible) return HiddenCaseError(id);  // domain.md: never say it exists; audited
      const absl::CivilDay today = SwedishToday();
      ASSIGN_OR_RETURN(CaseProgress progress, LoadProgress(tx, *row, today));
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(*row, vis, keys_, today, progress));
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {id, v1::AUDIT_ACTION_READ, METHOD("GetCase"), req->name(),
                                   rendered.fields_read, AccessReason(call, AccessBasis(vis))}));
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

namespace {

// Filters shared by ListCases and SearchCases → CaseFilter, with violations named.
void ParseCommonFilters(const std::string& employer, const std::string& unit,
                        const std::string& case_worker,
                        const google::protobuf::RepeatedField<int>& statuses, CaseFilter& f,
                        FieldViolations& v) {
  if (!employer.empty() && (f.employer_id = OrganisationId(employer)).empty()) {
    v.Add("employer", "must be organisations/{organisation}");
  }
  if (!unit.empty()) {
    auto [org, u] = UnitIds(unit);
    if (u.empty()) v.Add("unit", "must be organisations/{organisation}/units/{unit}");
    f.unit_id = u;
    if (f.employer_id.empty()) f.employer_id = org;
    else if (org != f.employer_id) v.Add("unit", "must be a unit of employer");
  }
  f.assigned_case_worker = case_worker;
  for (int s : statuses) {
    if (s == 0 || !v1::CaseStatus_IsValid(s)) v.Add("statuses", "holds an unknown status");
    f.statuses.push_back(s);
  }
}

std::string Fingerprint(const CaseFilter& f, const std::string& extra) {
  return crypto::Sha256Hex(absl::StrCat(f.employer_id, "|", f.unit_id, "|", f.assigned_case_worker,
                                        "|", f.office_organisation_id, "|", f.office_unit_id, "|",
                                        f.occupational_health_id, "|",
                                        absl::StrJoin(f.statuses, ","), "|", f.first_sick_day_from,
                                        "|", f.first_sick_day_to, "|",
                                        f.has_overdue_milestone ? (*f.has_overdue_milestone ? "1" : "0") : "",
                                        "|", extra));
}

}  // namespace

// One page of visible cases, rendered for the caller, one LIST audit row per returned case.
static absl::Status ListPage(db::ConnectionPool& pool, const PageTokenCodec& tokens,
                             const CaseKeys& keys, const rpc::CallContext& call,
                             const char* method, const CaseFilter& filter,
                             const std::string& fingerprint, int32_t page_size,
                             const std::string& page_token,
                             google::protobuf::RepeatedPtrField<v1::Case>* out,
                             std::string* next_token) {
  ASSIGN_OR_RETURN(int limit, EffectivePageSize(page_size));
  ASSIGN_OR_RETURN(auto after, tokens.Decode(page_token, fingerprint));
  const Viewer viewer = ViewerOf(call.principal);
  if (!MaySeeCases(viewer.roles)) return absl::OkStatus();  // an empty list
  return db::RunInTransaction(pool, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
    out->Clear();
    next_token->clear();
    std::vector<CaseRow> rows = ListVisibleCases(tx, viewer, filter, after, limit + 1);
    const bool more = static_cast<int>(rows.size()) > limit;
    if (more) rows.resize(limit);
    std::vector<std::string> ids;
    for (const CaseRow& r : rows) ids.push_back(r.id);
    auto consents = LoadConsents(tx, ids, viewer.organisation_id);
    const absl::CivilDay today = SwedishToday();
    ASSIGN_OR_RETURN(auto progress, LoadProgressOfCases(tx, rows, today));
    std::vector<AuditEntry> audits;
    const absl::Time now = absl::Now();
    for (const CaseRow& r : rows) {
      const CaseVisibility vis = DecideVisibility(viewer, FactsOf(r), consents[r.id], now);
      if (!vis.visible) continue;  // the SQL filter already excludes these; fail closed anyway
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(r, vis, keys, today, progress[r.id]));
      audits.push_back({r.id, v1::AUDIT_ACTION_LIST, method, rendered.proto.name(),
                        rendered.fields_read, AccessReason(call, AccessBasis(vis))});
      *out->Add() = std::move(rendered.proto);
    }
    RETURN_IF_ERROR(AppendAudits(tx, call, std::move(audits)));
    if (more) *next_token = tokens.Encode({rows.back().first_sick_day, rows.back().id}, fingerprint);
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListCases(grpc::ServerContext* ctx, const v1::ListCasesRequest* req,
                                        v1::ListCasesResponse* resp) {
  return Run(ctx, METHOD("ListCases"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    CaseFilter f;
    ParseCommonFilters(req->employer(), req->unit(), req->assigned_case_worker(), req->statuses(),
                       f, v);
    if (!req->office().empty()) {
      auto [org, unit] = UnitIds(req->office());
      if (unit.empty()) v.Add("office", "must be organisations/{organisation}/units/{unit}");
      f.office_organisation_id = org;
      f.office_unit_id = unit;
    }
    if (!req->occupational_health_provider().empty() &&
        (f.occupational_health_id = OrganisationId(req->occupational_health_provider())).empty()) {
      v.Add("occupational_health_provider", "must be organisations/{organisation}");
    }
    ValidateDateRange(req->first_sick_day_range(), "first_sick_day_range", v);
    if (auto d = ToCivilDay(req->first_sick_day_range().start_date())) f.first_sick_day_from = ToIsoDate(*d);
    if (auto d = ToCivilDay(req->first_sick_day_range().end_date())) f.first_sick_day_to = ToIsoDate(*d);
    RETURN_IF_ERROR(v.ToStatus());
    if (req->has_has_overdue_milestone()) {
      f.has_overdue_milestone = req->has_overdue_milestone();
      f.today = ToIsoDate(SwedishToday());
    }
    return ListPage(pool_, tokens_, keys_, call, METHOD("ListCases"), f, Fingerprint(f, ""),
                    req->page_size(), req->page_token(), resp->mutable_cases(),
                    resp->mutable_next_page_token());
  });
}

grpc::Status CaseServiceImpl::SearchCases(grpc::ServerContext* ctx,
                                          const v1::SearchCasesRequest* req,
                                          v1::SearchCasesResponse* resp) {
  return Run(ctx, METHOD("SearchCases"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    CaseFilter f;
    if (req->employee_identity_number().empty()) {
      v.Add("employee_identity_number", "is required");
    } else {
      auto number = ParseIdentityNumber(req->employee_identity_number(), SwedishToday());
      if (!number.ok()) v.Add("employee_identity_number", std::string(number.status().message()));
      else f.identity_hash = crypto::HmacSha256(keys_.lookup_key, number->normalized);
    }
    ParseCommonFilters(req->employer(), req->unit(), req->assigned_case_worker(), req->statuses(),
                       f, v);
    RETURN_IF_ERROR(v.ToStatus());
    if (req->has_has_overdue_milestone()) {
      f.has_overdue_milestone = req->has_overdue_milestone();
      f.today = ToIsoDate(SwedishToday());
    }
    return ListPage(pool_, tokens_, keys_, call, METHOD("SearchCases"), f,
                    Fingerprint(f, crypto::Sha256Hex(f.identity_hash)), req->page_size(),
                    req->page_token(), resp->mutable_cases(), resp->mutable_next_page_token());
  });
}

}  // namespace collab::cases
