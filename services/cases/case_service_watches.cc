// Early signals (domain.md, "Early signals"; rehab_watch.proto): absence spells (Get, List,
// Create, Delete) and rehab watches (Get, List, Create, Update, Activate, Close, Escalate).
// Employer side only: visibility is rehab_watch_view.h EarlySignalVisibility; a row outside the
// caller's reach answers NOT_FOUND. Every read and write appends an audit row to the spell's or
// the watch's own chain in the same transaction.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/rehab_watch_store.h"
#include "services/cases/rehab_watch_trigger.h"
#include "services/cases/rehab_watch_view.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

constexpr size_t kMaxName = 200;
constexpr size_t kMaxNotes = 4000;

db::TxOptions Tx(absl::Time deadline) {
  db::TxOptions o;
  o.deadline = deadline;
  return o;
}

absl::StatusOr<std::string> IdOf(const std::string& name, const char* pattern, const std::string& field,
                                 const char* expected) {
  auto ids = ParseResourceName(name, pattern);
  if (!ids || !IsUuid((*ids)[0])) return InvalidField(field, absl::StrCat("must be ", expected));
  return (*ids)[0];
}
absl::StatusOr<std::string> SpellIdOf(const std::string& name, const std::string& field) {
  return IdOf(name, "absenceSpells/{}", field, "absenceSpells/{absence_spell}");
}
absl::StatusOr<std::string> WatchIdOf(const std::string& name, const std::string& field) {
  return IdOf(name, "rehabWatches/{}", field, "rehabWatches/{rehab_watch}");
}

std::string Basis(const CaseVisibility& vis) { return AccessBasis(vis); }

absl::StatusOr<std::pair<SpellRow, CaseVisibility>> LoadVisibleSpell(pqxx::work& tx, const Viewer& viewer,
                                                                     const std::string& id, bool lock) {
  std::optional<SpellRow> row = LoadSpell(tx, id, lock);
  if (!row) return absl::NotFoundError("absence spell not found");
  CaseVisibility vis = EarlySignalVisibility(viewer, row->employer_id, row->unit_id);
  if (!vis.visible) return absl::NotFoundError("absence spell not found");
  return std::make_pair(*std::move(row), std::move(vis));
}

absl::StatusOr<std::pair<WatchRow, CaseVisibility>> LoadVisibleWatch(pqxx::work& tx, const Viewer& viewer,
                                                                     const std::string& id, bool lock) {
  std::optional<WatchRow> row = LoadWatch(tx, id, lock);
  if (!row) return absl::NotFoundError("rehab watch not found");
  CaseVisibility vis = EarlySignalVisibility(viewer, row->employer_id, row->unit_id);
  if (!vis.visible) return absl::NotFoundError("rehab watch not found");
  return std::make_pair(*std::move(row), std::move(vis));
}

// employer + optional unit of it → ids, violations named under `prefix`.
void ParseEmployerUnit(const std::string& employer, const std::string& unit, const std::string& prefix,
                       bool employer_required, std::string& employer_id, std::string& unit_id,
                       FieldViolations& v) {
  if (employer.empty()) {
    if (employer_required) v.Add(prefix + "employer", "is required");
  } else if ((employer_id = OrganisationId(employer)).empty()) {
    v.Add(prefix + "employer", "must be organisations/{organisation}");
  }
  if (!unit.empty()) {
    auto [org, u] = UnitIds(unit);
    if (u.empty()) v.Add(prefix + "unit", "must be organisations/{organisation}/units/{unit}");
    else if (!employer_id.empty() && org != employer_id) v.Add(prefix + "unit", "must be a unit of the employer");
    if (employer_id.empty()) employer_id = org;
    unit_id = u;
  }
}

absl::StatusOr<std::string> Seal(const CaseKeys& keys, const std::string& text, const std::string& aad) {
  if (text.empty()) return std::string();
  return crypto::AesGcmEncrypt(keys.identity_key, text, aad);
}

collab::events::v1::AbsenceSpellRecorded SpellEvent(const v1::AbsenceSpell& s,
                                                    collab::events::v1::ChangeKind kind) {
  collab::events::v1::AbsenceSpellRecorded e;
  e.set_absence_spell(s.name());
  e.set_employer(s.employer());
  e.set_change_kind(kind);
  *e.mutable_period() = s.period();
  return e;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Absence spells

grpc::Status CaseServiceImpl::CreateAbsenceSpell(grpc::ServerContext* ctx,
                                                 const v1::CreateAbsenceSpellRequest* req,
                                                 v1::AbsenceSpell* resp) {
  return Run(ctx, METHOD("CreateAbsenceSpell"), [&](const rpc::CallContext& call) -> absl::Status {
    const v1::AbsenceSpell& in = req->absence_spell();
    const absl::CivilDay today = SwedishToday();
    SpellRow row;
    row.id = NewUuid();
    FieldViolations v;
    ParseEmployerUnit(in.employer(), in.unit(), "absence_spell.", true, row.employer_id, row.unit_id, v);
    std::optional<absl::CivilDay> from, to;
    if (!in.period().has_start_date()) v.Add("absence_spell.period.start_date", "is required");
    else if (!(from = ToCivilDay(in.period().start_date()))) v.Add("absence_spell.period.start_date", "is not a valid date");
    else if (*from > today) v.Add("absence_spell.period.start_date", "must not be in the future");
    if (!in.period().has_end_date()) v.Add("absence_spell.period.end_date", "is required (a spell is reported once over)");
    else if (!(to = ToCivilDay(in.period().end_date()))) v.Add("absence_spell.period.end_date", "is not a valid date");
    else if (from && *to < *from) v.Add("absence_spell.period.end_date", "must not be before start_date");
    auto sealed = SealIdentity(in.employee_identity_number(), "absence_spell.employee_identity_number",
                               keys_, SpellName(row.id), today);
    if (!sealed.ok()) {
      if (sealed.status().code() != absl::StatusCode::kInvalidArgument) return sealed.status();
      v.Add("absence_spell.employee_identity_number", std::string(sealed.status().message()));
    }
    RETURN_IF_ERROR(v.ToStatus());
    row.identity_cipher = sealed->cipher;
    row.identity_hash = sealed->hash;
    row.identity_mask = sealed->mask;
    row.start_date = ToIsoDate(*from);
    row.end_date = ToIsoDate(*to);
    const Viewer viewer = ViewerOf(call.principal);
    const CaseVisibility vis = EarlySignalVisibility(viewer, row.employer_id, row.unit_id);
    if (!vis.visible) {
      return absl::PermissionDeniedError(
          "the caller may only record spells of its own organisation (a manager: its unit)");
    }
    RETURN_IF_ERROR(employers_.CheckOrganisation(call, row.employer_id, "absence_spell.employer"));
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      bool created = false;
      // Only the name is kept as the idempotent response: no personal data in that table.
      ASSIGN_OR_RETURN(v1::AbsenceSpell stub, db::IdempotentCreateWithFingerprint<v1::AbsenceSpell>(
                                                  tx, req->request_id(), METHOD("CreateAbsenceSpell"),
                                                  RequestFingerprint(keys_, *req),
                                                  [&](pqxx::work& t) -> absl::StatusOr<v1::AbsenceSpell> {
        LockEmployeeSignals(t, row.employer_id, row.identity_hash);
        InsertSpell(t, row);
        ASSIGN_OR_RETURN(EarlySignalOutcome signal, ApplyEarlySignal(t, keys_, row, today));
        RETURN_IF_ERROR(AppendAudit(t, call,
                                    {row.id, v1::AUDIT_ACTION_CREATE, METHOD("CreateAbsenceSpell"),
                                     SpellName(row.id), {"employee_identity_number", "period"},
                                     AccessReason(call, Basis(vis))}));
        if (signal.opened) {
          RETURN_IF_ERROR(AppendAudit(t, call,
                                      {signal.watch_id, v1::AUDIT_ACTION_CREATE, METHOD("CreateAbsenceSpell"),
                                       WatchName(signal.watch_id), {"employee_identity_number", "trigger"},
                                       "early signal: repeated short-term absence (domain.md)"}));
        }
        RETURN_IF_ERROR(db::AppendEvent(t, "collab.events.v1.AbsenceSpellRecorded", row.id,
                                        SpellEvent(RenderSpell(row), collab::events::v1::CHANGE_KIND_CREATED))
                            .status());
        created = true;
        v1::AbsenceSpell s;
        s.set_name(SpellName(row.id));
        return s;
      }));
      ASSIGN_OR_RETURN(std::string id, SpellIdOf(stub.name(), "name"));
      ASSIGN_OR_RETURN(auto spell, LoadVisibleSpell(tx, viewer, id, false));
      *resp = RenderSpell(spell.first);
      if (!created) {  // a replay shows the spell again: that is a read
        RETURN_IF_ERROR(AppendAudit(tx, call,
                                    {id, v1::AUDIT_ACTION_READ, METHOD("CreateAbsenceSpell"), stub.name(),
                                     {"masked_employee_identity_number", "period"},
                                     AccessReason(call, Basis(spell.second))}));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::GetAbsenceSpell(grpc::ServerContext* ctx, const v1::GetAbsenceSpellRequest* req,
                                              v1::AbsenceSpell* resp) {
  return Run(ctx, METHOD("GetAbsenceSpell"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, SpellIdOf(req->name(), "name"));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto spell, LoadVisibleSpell(tx, viewer, id, false));
      *resp = RenderSpell(spell.first);
      return AppendAudit(tx, call,
                         {id, v1::AUDIT_ACTION_READ, METHOD("GetAbsenceSpell"), req->name(),
                          {"masked_employee_identity_number", "period"},
                          AccessReason(call, Basis(spell.second))});
    });
  });
}

grpc::Status CaseServiceImpl::ListAbsenceSpells(grpc::ServerContext* ctx,
                                                const v1::ListAbsenceSpellsRequest* req,
                                                v1::ListAbsenceSpellsResponse* resp) {
  return Run(ctx, METHOD("ListAbsenceSpells"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    SpellFilter f;
    ParseEmployerUnit(req->employer(), req->unit(), "", req->rehab_watch().empty(), f.employer_id,
                      f.unit_id, v);
    if (!req->rehab_watch().empty()) {
      auto watch = WatchIdOf(req->rehab_watch(), "rehab_watch");
      if (!watch.ok()) v.Add("rehab_watch", "must be rehabWatches/{rehab_watch}");
      else f.rehab_watch_id = *watch;
    }
    ValidateDateRange(req->period(), "period", v);
    if (auto d = ToCivilDay(req->period().start_date())) f.start_from = ToIsoDate(*d);
    if (auto d = ToCivilDay(req->period().end_date())) f.start_to = ToIsoDate(*d);
    f.show_deleted = req->show_deleted();
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(f.employer_id, "|", f.unit_id, "|", f.rehab_watch_id, "|",
                                        f.start_from, "|", f.start_to, "|", f.show_deleted);
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      std::vector<SpellRow> rows = ListVisibleSpells(tx, viewer, f, after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      std::vector<AuditEntry> audits;
      for (const SpellRow& r : rows) {
        const CaseVisibility vis = EarlySignalVisibility(viewer, r.employer_id, r.unit_id);
        if (!vis.visible) continue;  // the SQL filter already excludes these; fail closed anyway
        *resp->add_absence_spells() = RenderSpell(r);
        audits.push_back({r.id, v1::AUDIT_ACTION_LIST, METHOD("ListAbsenceSpells"), SpellName(r.id),
                          {"masked_employee_identity_number", "period"}, AccessReason(call, Basis(vis))});
      }
      RETURN_IF_ERROR(AppendAudits(tx, call, std::move(audits)));
      if (more) resp->set_next_page_token(tokens_.Encode({rows.back().start_date, rows.back().id}, fp));
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::DeleteAbsenceSpell(grpc::ServerContext* ctx,
                                                 const v1::DeleteAbsenceSpellRequest* req,
                                                 v1::AbsenceSpell* resp) {
  return Run(ctx, METHOD("DeleteAbsenceSpell"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, SpellIdOf(req->name(), "name"));
    const Viewer viewer = ViewerOf(call.principal);
    const absl::CivilDay today = SwedishToday();
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      // The employee's early-signal lock before the spell row, as CreateAbsenceSpell (which locks
      // spell rows when it links them) and the retention sweep take them.
      ASSIGN_OR_RETURN(auto seen, LoadVisibleSpell(tx, viewer, id, /*lock=*/false));
      LockEmployeeSignals(tx, seen.first.employer_id, seen.first.identity_hash);
      ASSIGN_OR_RETURN(auto spell, LoadVisibleSpell(tx, viewer, id, /*lock=*/true));
      if (!req->etag().empty() && req->etag() != std::to_string(spell.first.version)) {
        return absl::AbortedError(absl::StrCat("etag \"", req->etag(), "\" is stale"));
      }
      const bool was_live = !spell.first.delete_micros;
      if (was_live) {
        SoftDeleteSpell(tx, id);
        // The watch the spell counted towards, while in force, is counted again from the spells
        // left and stays even below the threshold; a finished one keeps its record
        // (case_service.proto).
        RecountWatchOfDeletedSpell(tx, spell.first, today);
      }
      ASSIGN_OR_RETURN(spell, LoadVisibleSpell(tx, viewer, id, false));
      *resp = RenderSpell(spell.first);
      if (!was_live) return absl::OkStatus();  // a retried delete
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {id, v1::AUDIT_ACTION_DELETE, METHOD("DeleteAbsenceSpell"), req->name(),
                                   {"absence_spell"}, AccessReason(call, Basis(spell.second))}));
      return db::AppendEvent(tx, "collab.events.v1.AbsenceSpellRecorded", id,
                             SpellEvent(*resp, collab::events::v1::CHANGE_KIND_DELETED))
          .status();
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Rehab watches

grpc::Status CaseServiceImpl::GetRehabWatch(grpc::ServerContext* ctx, const v1::GetRehabWatchRequest* req,
                                            v1::RehabWatch* resp) {
  return Run(ctx, METHOD("GetRehabWatch"), [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, WatchIdOf(req->name(), "name"));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto watch, LoadVisibleWatch(tx, viewer, id, false));
      ASSIGN_OR_RETURN(RenderedWatch rendered, RenderWatch(watch.first, keys_));
      *resp = std::move(rendered.proto);
      return AppendAudit(tx, call,
                         {id, v1::AUDIT_ACTION_READ, METHOD("GetRehabWatch"), req->name(),
                          rendered.fields_read, AccessReason(call, Basis(watch.second))});
    });
  });
}

grpc::Status CaseServiceImpl::ListRehabWatches(grpc::ServerContext* ctx,
                                               const v1::ListRehabWatchesRequest* req,
                                               v1::ListRehabWatchesResponse* resp) {
  return Run(ctx, METHOD("ListRehabWatches"), [&](const rpc::CallContext& call) -> absl::Status {
    FieldViolations v;
    WatchFilter f;
    ParseEmployerUnit(req->employer(), req->unit(), "", false, f.employer_id, f.unit_id, v);
    for (int s : req->states()) {
      if (s == 0 || !v1::RehabWatchState_IsValid(s)) v.Add("states", "holds an unknown state");
      f.states.push_back(s);
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const std::string fp = absl::StrCat(f.employer_id, "|", f.unit_id, "|", absl::StrJoin(f.states, ","));
    ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      std::vector<WatchRow> rows = ListVisibleWatches(tx, viewer, f, after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      std::vector<AuditEntry> audits;
      for (const WatchRow& r : rows) {
        const CaseVisibility vis = EarlySignalVisibility(viewer, r.employer_id, r.unit_id);
        if (!vis.visible) continue;
        ASSIGN_OR_RETURN(RenderedWatch rendered, RenderWatch(r, keys_));
        audits.push_back({r.id, v1::AUDIT_ACTION_LIST, METHOD("ListRehabWatches"), WatchName(r.id),
                          rendered.fields_read, AccessReason(call, Basis(vis))});
        *resp->add_rehab_watches() = std::move(rendered.proto);
      }
      RETURN_IF_ERROR(AppendAudits(tx, call, std::move(audits)));
      if (more) {
        resp->set_next_page_token(
            tokens_.Encode({std::to_string(rows.back().create_micros), rows.back().id}, fp));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::CreateRehabWatch(grpc::ServerContext* ctx,
                                               const v1::CreateRehabWatchRequest* req,
                                               v1::RehabWatch* resp) {
  return Run(ctx, METHOD("CreateRehabWatch"), [&](const rpc::CallContext& call) -> absl::Status {
    const v1::RehabWatch& in = req->rehab_watch();
    WatchRow row;
    row.id = NewUuid();
    FieldViolations v;
    ParseEmployerUnit(in.employer(), in.unit(), "rehab_watch.", true, row.employer_id, row.unit_id, v);
    if (in.employee_display_name().size() > kMaxName) {
      v.Add("rehab_watch.employee_display_name", "must be at most 200 characters");
    }
    if (in.notes().size() > kMaxNotes) v.Add("rehab_watch.notes", "must be at most 4000 characters");
    const absl::CivilDay today = SwedishToday();
    auto sealed = SealIdentity(in.employee_identity_number(), "rehab_watch.employee_identity_number",
                               keys_, WatchName(row.id), today);
    if (!sealed.ok()) {
      if (sealed.status().code() != absl::StatusCode::kInvalidArgument) return sealed.status();
      v.Add("rehab_watch.employee_identity_number", std::string(sealed.status().message()));
    }
    RETURN_IF_ERROR(v.ToStatus());
    row.identity_cipher = sealed->cipher;
    row.identity_hash = sealed->hash;
    row.identity_mask = sealed->mask;
    ASSIGN_OR_RETURN(row.name_cipher, Seal(keys_, in.employee_display_name(), WatchDisplayNameAad(row.id)));
    ASSIGN_OR_RETURN(row.notes_cipher, Seal(keys_, in.notes(), WatchNotesAad(row.id)));
    row.trigger = v1::REHAB_WATCH_TRIGGER_MANUAL;
    row.state = v1::REHAB_WATCH_STATE_OPEN;
    const Viewer viewer = ViewerOf(call.principal);
    const CaseVisibility vis = EarlySignalVisibility(viewer, row.employer_id, row.unit_id);
    if (!vis.visible) {
      return absl::PermissionDeniedError(
          "the caller may only open watches in its own organisation (a manager: its unit)");
    }
    RETURN_IF_ERROR(employers_.CheckOrganisation(call, row.employer_id, "rehab_watch.employer"));
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      bool created = false;
      ASSIGN_OR_RETURN(v1::RehabWatch stub, db::IdempotentCreateWithFingerprint<v1::RehabWatch>(
                                                tx, req->request_id(), METHOD("CreateRehabWatch"),
                                                RequestFingerprint(keys_, *req),
                                                [&](pqxx::work& t) -> absl::StatusOr<v1::RehabWatch> {
        LockEmployeeSignals(t, row.employer_id, row.identity_hash);
        if (LoadWatchInForce(t, row.employer_id, row.identity_hash)) {
          return absl::FailedPreconditionError(
              "a rehab watch is already open or active for this employee at this employer");
        }
        // With the employee's spells that count under the rules linked to it.
        InsertManualWatch(t, row, today);
        std::vector<std::string> fields = {"employee_identity_number"};
        if (!in.employee_display_name().empty()) fields.push_back("employee_display_name");
        if (!in.notes().empty()) fields.push_back("notes");
        RETURN_IF_ERROR(AppendAudit(t, call,
                                    {row.id, v1::AUDIT_ACTION_CREATE, METHOD("CreateRehabWatch"),
                                     WatchName(row.id), fields, AccessReason(call, Basis(vis))}));
        created = true;
        v1::RehabWatch w;
        w.set_name(WatchName(row.id));
        return w;
      }));
      ASSIGN_OR_RETURN(std::string id, WatchIdOf(stub.name(), "name"));
      ASSIGN_OR_RETURN(auto watch, LoadVisibleWatch(tx, viewer, id, false));
      ASSIGN_OR_RETURN(RenderedWatch rendered, RenderWatch(watch.first, keys_));
      if (!created) {
        RETURN_IF_ERROR(AppendAudit(tx, call,
                                    {id, v1::AUDIT_ACTION_READ, METHOD("CreateRehabWatch"), stub.name(),
                                     rendered.fields_read, AccessReason(call, Basis(watch.second))}));
      }
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::UpdateRehabWatch(grpc::ServerContext* ctx,
                                               const v1::UpdateRehabWatchRequest* req,
                                               v1::RehabWatch* resp) {
  return Run(ctx, METHOD("UpdateRehabWatch"), [&](const rpc::CallContext& call) -> absl::Status {
    const v1::RehabWatch& in = req->rehab_watch();
    ASSIGN_OR_RETURN(std::string id, WatchIdOf(in.name(), "rehab_watch.name"));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto watch, LoadVisibleWatch(tx, viewer, id, /*lock=*/true));
      WatchRow& row = watch.first;
      if (!in.etag().empty() && in.etag() != std::to_string(row.version)) {
        return absl::AbortedError(absl::StrCat("etag \"", in.etag(), "\" is stale; the watch is now at \"",
                                               row.version, "\""));
      }
      if (row.erase_micros) {  // as UpdateCase: gallring is irreversible, no new personal data
        return absl::FailedPreconditionError("the watch's personal data were erased (gallring)");
      }
      ASSIGN_OR_RETURN(RenderedWatch current, RenderWatch(row, keys_));
      v1::RehabWatch next = current.proto;
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), {"unit", "employee_display_name", "notes"}, in, &next));
      FieldViolations v;
      std::string employer_id = row.employer_id;
      std::string unit_id;
      ParseEmployerUnit(next.employer(), next.unit(), "rehab_watch.", true, employer_id, unit_id, v);
      if (next.employee_display_name().size() > kMaxName) {
        v.Add("rehab_watch.employee_display_name", "must be at most 200 characters");
      }
      if (next.notes().size() > kMaxNotes) v.Add("rehab_watch.notes", "must be at most 4000 characters");
      RETURN_IF_ERROR(v.ToStatus());
      row.unit_id = unit_id;
      ASSIGN_OR_RETURN(row.name_cipher, Seal(keys_, next.employee_display_name(), WatchDisplayNameAad(id)));
      ASSIGN_OR_RETURN(row.notes_cipher, Seal(keys_, next.notes(), WatchNotesAad(id)));
      const CaseVisibility vis = EarlySignalVisibility(viewer, row.employer_id, row.unit_id);
      if (!vis.visible) {
        return absl::PermissionDeniedError("the change would take the watch out of the caller's sight");
      }
      UpdateWatchAttributes(tx, row);
      ASSIGN_OR_RETURN(auto stored, LoadVisibleWatch(tx, viewer, id, false));
      ASSIGN_OR_RETURN(RenderedWatch rendered, RenderWatch(stored.first, keys_));
      std::vector<std::string> fields(req->update_mask().paths().begin(), req->update_mask().paths().end());
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {id, v1::AUDIT_ACTION_UPDATE, METHOD("UpdateRehabWatch"), in.name(),
                                   fields, AccessReason(call, Basis(vis))}));
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

struct CaseServiceImpl::WatchTransitionInput {
  std::string name;
  std::string etag;
  std::string request_id;
  v1::RehabWatchState to = v1::REHAB_WATCH_STATE_UNSPECIFIED;
  std::string note;       // CloseRehabWatch: appended to the notes
  std::string case_name;  // EscalateRehabWatch
};

// OPEN → ACTIVE; OPEN, ACTIVE → CLOSED or ESCALATED (rehab_watch.proto, RehabWatchState).
grpc::Status CaseServiceImpl::TransitionWatch(grpc::ServerContext* ctx, const char* method,
                                              const google::protobuf::Message& request,
                                              const WatchTransitionInput& in, v1::RehabWatch* resp) {
  return Run(ctx, method, [&](const rpc::CallContext& call) -> absl::Status {
    ASSIGN_OR_RETURN(std::string id, WatchIdOf(in.name, "name"));
    if (in.note.size() > kMaxNotes) return InvalidField("note", "must be at most 4000 characters");
    std::string case_id;
    if (in.to == v1::REHAB_WATCH_STATE_ESCALATED) {
      auto ids = ParseResourceName(in.case_name, "cases/{}");
      if (in.case_name.empty()) return InvalidField("case_name", "is required");
      if (!ids) return InvalidField("case_name", "must be a case name cases/{case}");
      case_id = (*ids)[0];
    }
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      bool changed = false;
      ASSIGN_OR_RETURN(v1::RehabWatch stub, db::IdempotentCreateWithFingerprint<v1::RehabWatch>(
                                                tx, in.request_id, method,
                                                RequestFingerprint(keys_, request),
                                                [&](pqxx::work& t) -> absl::StatusOr<v1::RehabWatch> {
        // The employee's early-signal lock before the watch row, in CreateAbsenceSpell's order
        // (LockEmployeeSignals, then the watch in force; rehab_watch_trigger.h): a spell recorded
        // meanwhile has either counted towards the watch before the transition or sees the watch
        // in its new state, and never links to a watch that is closing. The identity hash only
        // changes by erasure, which only a finished watch undergoes, and that one is refused below.
        ASSIGN_OR_RETURN(auto seen, LoadVisibleWatch(t, viewer, id, /*lock=*/false));
        LockEmployeeSignals(t, seen.first.employer_id, seen.first.identity_hash);
        ASSIGN_OR_RETURN(auto watch, LoadVisibleWatch(t, viewer, id, /*lock=*/true));
        WatchRow& row = watch.first;
        if (!in.etag.empty() && in.etag != std::to_string(row.version)) {
          return absl::AbortedError(absl::StrCat("etag \"", in.etag, "\" is stale; the watch is now at \"",
                                                 row.version, "\""));
        }
        const bool from_open = row.state == v1::REHAB_WATCH_STATE_OPEN;
        const bool from_active = row.state == v1::REHAB_WATCH_STATE_ACTIVE;
        if (!(from_open || (from_active && in.to != v1::REHAB_WATCH_STATE_ACTIVE))) {
          return WithErrorInfo(
              absl::FailedPreconditionError(absl::StrCat(
                  "a watch in state ", v1::RehabWatchState_Name(static_cast<v1::RehabWatchState>(row.state)),
                  " cannot become ", v1::RehabWatchState_Name(in.to))),
              "REHAB_WATCH_STATE", kCasesErrorDomain);
        }
        std::vector<std::string> fields = {"state"};
        if (!case_id.empty()) {
          // The case must be the same employee at the same employer (keyed hash), and one the
          // caller may see; its lookup is a read of the case.
          ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(t, viewer, case_id, false));
          if (vc.row.employer_id != row.employer_id || vc.row.identity_hash != row.identity_hash) {
            return InvalidField("case_name", "must be a case of the same employee at the same employer");
          }
          RETURN_IF_ERROR(AppendAudit(t, call,
                                      {case_id, v1::AUDIT_ACTION_READ, method, in.case_name,
                                       {"employee_identity_number"},
                                       AccessReason(call, AccessBasis(vc.visibility))}));
          row.case_id = case_id;
          fields.push_back("case_name");
        }
        if (!in.note.empty()) {
          ASSIGN_OR_RETURN(RenderedWatch current, RenderWatch(row, keys_));
          const std::string notes = current.proto.notes().empty()
                                        ? in.note
                                        : absl::StrCat(current.proto.notes(), "\n\n", in.note);
          if (notes.size() > kMaxNotes) return InvalidField("note", "the notes would exceed 4000 characters");
          ASSIGN_OR_RETURN(row.notes_cipher, Seal(keys_, notes, WatchNotesAad(id)));
          fields.push_back("notes");
        }
        row.state = in.to;
        SetWatchState(t, row, in.to != v1::REHAB_WATCH_STATE_ACTIVE);
        RETURN_IF_ERROR(AppendAudit(t, call,
                                    {id, v1::AUDIT_ACTION_STATE_CHANGE, method, in.name, fields,
                                     AccessReason(call, Basis(watch.second))}));
        changed = true;
        v1::RehabWatch w;
        w.set_name(WatchName(id));
        return w;
      }));
      ASSIGN_OR_RETURN(auto watch, LoadVisibleWatch(tx, viewer, id, false));
      ASSIGN_OR_RETURN(RenderedWatch rendered, RenderWatch(watch.first, keys_));
      if (!changed) {
        RETURN_IF_ERROR(AppendAudit(tx, call,
                                    {id, v1::AUDIT_ACTION_READ, method, stub.name(), rendered.fields_read,
                                     AccessReason(call, Basis(watch.second))}));
      }
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

grpc::Status CaseServiceImpl::ActivateRehabWatch(grpc::ServerContext* ctx,
                                                 const v1::ActivateRehabWatchRequest* req,
                                                 v1::RehabWatch* resp) {
  return TransitionWatch(ctx, METHOD("ActivateRehabWatch"), *req,
                         {req->name(), req->etag(), req->request_id(), v1::REHAB_WATCH_STATE_ACTIVE, "", ""},
                         resp);
}

grpc::Status CaseServiceImpl::CloseRehabWatch(grpc::ServerContext* ctx, const v1::CloseRehabWatchRequest* req,
                                              v1::RehabWatch* resp) {
  return TransitionWatch(ctx, METHOD("CloseRehabWatch"), *req,
                         {req->name(), req->etag(), req->request_id(), v1::REHAB_WATCH_STATE_CLOSED,
                          req->note(), ""},
                         resp);
}

grpc::Status CaseServiceImpl::EscalateRehabWatch(grpc::ServerContext* ctx,
                                                 const v1::EscalateRehabWatchRequest* req,
                                                 v1::RehabWatch* resp) {
  return TransitionWatch(ctx, METHOD("EscalateRehabWatch"), *req,
                         {req->name(), req->etag(), req->request_id(), v1::REHAB_WATCH_STATE_ESCALATED, "",
                          req->case_name()},
                         resp);
}

}  // namespace collab::cases
