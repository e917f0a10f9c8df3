// How far a programme reaches its members (täckning): interest, orders, deliveries and
// occasions, computed by domain/coverage.h from the programme's members (collab-organisations)
// and its interests, orders and deliveries (this schema).
#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "libs/common/status_macros.h"
#include "services/funding/domain/coverage.h"
#include "services/funding/programme_access.h"
#include "services/funding/programme_requests.h"
#include "services/funding/programme_service.h"
#include "services/funding/programme_store.h"

namespace collab::funding {
namespace {

// Before any programme of the seeds; used when neither the request nor the programme has a start.
constexpr absl::CivilDay kEarliest(1900, 1, 1);

}  // namespace

grpc::Status ProgrammeServiceImpl::GetProgrammeCoverage(grpc::ServerContext* ctx,
                                                        const v1::GetProgrammeCoverageRequest* req,
                                                        v1::ProgrammeCoverage* resp) {
  return handler_.Run(
      ctx, PROGRAMME_METHOD("GetProgrammeCoverage"),
      [&](const rpc::CallContext& call) -> absl::Status {
        FieldViolations v;
        auto programme = ParseOptionalId(req->programme(), "networks/{}", "programme");
        if (!programme.ok() || programme->empty()) {
          v.Add("programme", "is required: a programme name networks/{network}");
        }
        ValidateDateRange(req->period(), "period", v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(ProgrammeInfo info,
                         directory_.GetProgramme(call, *programme, "programme"));
        RETURN_IF_ERROR(CheckCoverageReader(call.principal, info.owner_organisation_id));

        // Unset: from the programme's start up to today (programme_service.proto).
        absl::CivilDay from = info.start.value_or(kEarliest);
        absl::CivilDay to = Today();
        if (!IsUnset(req->period().start_date())) from = *ToCivilDay(req->period().start_date());
        if (!IsUnset(req->period().end_date())) to = *ToCivilDay(req->period().end_date());
        if (to < from) {
          return InvalidField("period.end_date", "is before the start of the period counted");
        }

        ASSIGN_OR_RETURN(std::vector<std::string> members, directory_.MembersOn(call, info.id, to));
        ASSIGN_OR_RETURN(CoverageFacts facts,
                         db::RunInTransaction<CoverageFacts>(
                             pool_, Tx(call.deadline, true),
                             [&](pqxx::work& tx) -> absl::StatusOr<CoverageFacts> {
                               return LoadCoverageFacts(tx, info.id, from, to);
                             }));
        const Coverage c = ComputeCoverage(CoverageInput{
            std::move(members), std::move(facts.interested_members), std::move(facts.orders)});
        resp->set_programme(absl::StrCat("networks/", info.id));
        *resp->mutable_period()->mutable_start_date() = FromCivilDay(from);
        *resp->mutable_period()->mutable_end_date() = FromCivilDay(to);
        resp->set_members_total(c.members_total);
        resp->set_members_expressed_interest(c.members_expressed_interest);
        resp->set_members_ordered(c.members_ordered);
        resp->set_members_delivered(c.members_delivered);
        resp->set_interest_share_basis_points(c.interest_share_basis_points);
        resp->set_ordered_share_basis_points(c.ordered_share_basis_points);
        resp->set_delivered_share_basis_points(c.delivered_share_basis_points);
        resp->set_orders_total(c.orders_total);
        resp->set_orders_delivered(c.orders_delivered);
        resp->set_occasions(c.occasions);
        resp->set_participants(c.participants);
        for (const ServiceCoverage& s : c.services) {
          v1::ServiceCoverage* out = resp->add_services();
          out->set_service_offering(s.service_offering);
          out->set_category(facts.categories[s.service_offering]);
          out->set_orders_total(s.orders_total);
          out->set_orders_delivered(s.orders_delivered);
          out->set_occasions(s.occasions);
          out->set_participants(s.participants);
        }
        return absl::OkStatus();
      });
}

}  // namespace collab::funding
