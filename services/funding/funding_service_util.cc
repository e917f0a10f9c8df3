#include "services/funding/funding_service_util.h"

#include "absl/time/clock.h"
#include "libs/common/status_macros.h"
#include "services/funding/domain/project_status.h"
#include "services/funding/funding_view.h"

namespace collab::funding {

absl::StatusOr<std::string> OrganisationId(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(Ids ids, ParseName(name, "organisations/{}", field));
  return ids[0];
}

db::TxOptions Tx(const rpc::CallContext& call, bool read_only) {
  db::TxOptions o;
  o.deadline = call.deadline;
  o.read_only = read_only;
  return o;
}

absl::CivilDay SwedishToday() {
  static const absl::TimeZone tz = [] {
    absl::TimeZone z;
    return absl::LoadTimeZone("Europe/Stockholm", &z) ? z : absl::UTCTimeZone();
  }();
  return absl::ToCivilDay(absl::Now(), tz);
}

absl::StatusOr<ProjectRow> LoadProjectFor(pqxx::work& tx, const std::string& project_id,
                                          const rpc::CallContext& call, ProjectAccess access,
                                          Lock lock) {
  const Caller caller = CallerOf(call.principal);
  std::optional<ProjectRow> row = LoadProject(tx, project_id, caller, lock);
  if (!row || row->project.has_delete_time()) return absl::NotFoundError("project not found");
  RETURN_IF_ERROR(CheckProjectAccess(caller, row->relation, access));
  return *std::move(row);
}

absl::Status RequireDraft(const ProjectRow& project) {
  if (project.project.status() == v1::PROJECT_STATUS_DRAFT) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("the budget, phases and financing change only in DRAFT; the project is ",
                   std::string(ProjectStatusName(DomainStatus(project.project.status()))),
                   " (ReturnProject first)"));
}

}  // namespace collab::funding
