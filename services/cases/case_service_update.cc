// UpdateCase: FieldMask + etag (AIP-134, AIP-154). The current case is rebuilt in full inside the
// transaction (case row locked), the mask applied, and the result validated exactly as a create
// would be (case_validation.h), re-encrypting the personal columns.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "collab/events/v1/case_events.pb.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/field_mask.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/domain/milestones.h"
#include "services/cases/milestone_refresh.h"
#include "services/cases/milestone_view.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name

const std::vector<std::string_view> kUpdatable = {
    "unit", "employee_display_name", "protected_identity", "first_sick_day",
    "expected_duration_days", "assigned_case_worker", "office", "occupational_health_provider",
    "diagnosis_category", "medical_notes"};

bool MasksRestricted(const google::protobuf::FieldMask& mask) {
  for (const std::string& p : mask.paths()) {
    if (p == "diagnosis_category" || p == "medical_notes") return true;
  }
  return false;
}

}  // namespace

grpc::Status CaseServiceImpl::UpdateCase(grpc::ServerContext* ctx, const v1::UpdateCaseRequest* req,
                                         v1::Case* resp) {
  return Run(ctx, METHOD("UpdateCase"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->case_().name(), "cases/{}");
    if (!ids) return InvalidField("case.name", "must be a case name cases/{case}");
    const std::string id = (*ids)[0];
    // Restricted: medical fields are FK's to write (case_service.proto, UpdateCaseRequest).
    if (MasksRestricted(req->update_mask()) && !MayWriteRestricted(call.principal)) {
      return absl::PermissionDeniedError(
          "case.diagnosis_category and case.medical_notes are written by FK only");
    }
    for (const std::string& p : req->update_mask().paths()) {
      if (p == "occupational_health_provider" && !req->case_().occupational_health_provider().empty()) {
        RETURN_IF_ERROR(employers_.CheckOrganisation(
            call, OrganisationId(req->case_().occupational_health_provider()),
            "case.occupational_health_provider"));
      }
    }
    const Viewer viewer = ViewerOf(call.principal);
    const absl::CivilDay today = SwedishToday();
    db::TxOptions opts;
    opts.deadline = call.deadline;
    return db::RunInTransaction(pool_, opts, [&](pqxx::work& tx) -> absl::Status {
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, id, /*lock=*/true));
      if (!req->case_().etag().empty() && req->case_().etag() != std::to_string(vc.row.version)) {
        return absl::AbortedError(absl::StrCat("etag \"", req->case_().etag(),
                                               "\" is stale; the case is now at \"", vc.row.version, "\""));
      }
      if (vc.row.erase_micros) {
        return absl::FailedPreconditionError("the case's personal data were erased (ErasePersonalData)");
      }
      // The whole current case, as FK sees it, plus the identity number for revalidation.
      CaseVisibility all;
      all.visible = true;
      all.identity_visible = true;
      all.visible_fields = {RestrictedField::kDiagnosisCategory, RestrictedField::kMedicalNotes};
      ASSIGN_OR_RETURN(RenderedCase current, RenderCase(vc.row, all, keys_, today, CaseProgress{}));
      v1::Case next = current.proto;
      ASSIGN_OR_RETURN(std::string number, crypto::AesGcmDecrypt(keys_.identity_key, vc.row.identity_cipher,
                                                                 IdentityAad(id)));
      next.set_employee_identity_number(number);
      RETURN_IF_ERROR(ApplyFieldMask(req->update_mask(), kUpdatable, req->case_(), &next));
      ASSIGN_OR_RETURN(CaseRow row, NewCaseRow(next, id, keys_, today));
      // Untouched by UpdateCase: status and its columns, exemption, erase time.
      CaseRow merged = vc.row;
      merged.unit_id = row.unit_id;
      merged.name_cipher = row.name_cipher;
      merged.protected_identity = row.protected_identity;
      merged.first_sick_day = row.first_sick_day;
      merged.expected_duration_days = row.expected_duration_days;
      merged.assigned_case_worker = row.assigned_case_worker;
      merged.office_organisation_id = row.office_organisation_id;
      merged.office_unit_id = row.office_unit_id;
      merged.occupational_health_id = row.occupational_health_id;
      merged.diagnosis_category = row.diagnosis_category;
      merged.medical_notes_cipher = row.medical_notes_cipher;
      // SFB 30 kap. 6 §: an expected duration raised to 60 days or more makes the plan needed from
      // today; after day 30 it is due at once (domain/milestones.h, plan_need_known_on).
      const auto long_enough = [](const std::optional<int>& days) {
        return days.value_or(0) >= kPlanRequiredMinDays;
      };
      if (!long_enough(vc.row.expected_duration_days) && long_enough(merged.expected_duration_days)) {
        merged.plan_need_known_on = ToIsoDate(today);
      }
      UpdateCaseAttributes(tx, merged);

      std::optional<CaseRow> stored = LoadCase(tx, id, false);
      // The row is locked by this transaction: it cannot be gone unless something is badly wrong.
      if (!stored) return absl::InternalError("the updated case was not found when reloaded");
      auto consents = LoadConsents(tx, {id}, viewer.organisation_id);
      const CaseVisibility vis = DecideVisibility(viewer, FactsOf(*stored), consents[id], absl::Now());
      if (!vis.visible) {
        return absl::PermissionDeniedError("the change would take the case out of the caller's sight");
      }
      std::vector<std::string> fields(req->update_mask().paths().begin(), req->update_mask().paths().end());
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {id, v1::AUDIT_ACTION_UPDATE, METHOD("UpdateCase"),
                                   req->case_().name(), fields, AccessReason(call, AccessBasis(vis))}));
      collab::events::v1::CaseAttributesChanged e;
      e.set_case_name(req->case_().name());
      e.set_employer(absl::StrCat("organisations/", stored->employer_id));
      *e.mutable_first_sick_day() = next.first_sick_day();
      e.set_expected_duration_days(next.expected_duration_days());
      e.set_diagnosis_category(next.diagnosis_category());
      // The expected duration decides whether the plan is required (SFB 30 kap. 6 §). One load of
      // the milestone rows both refreshes open_milestones and renders the progress.
      ASSIGN_OR_RETURN(CaseMilestones milestones, LoadCaseMilestones(tx, *stored, today));
      RETURN_IF_ERROR(RefreshMilestones(tx, *stored, milestones));
      ASSIGN_OR_RETURN(RenderedCase rendered, RenderCase(*stored, vis, keys_, today,
                                                         ProgressOf(*stored, milestones, today)));
      e.set_plan_required(rendered.proto.plan_required());
      RETURN_IF_ERROR(db::AppendEvent(tx, "collab.events.v1.CaseAttributesChanged", id, e).status());
      *resp = std::move(rendered.proto);
      return absl::OkStatus();
    });
  });
}

}  // namespace collab::cases
