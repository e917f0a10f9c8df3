#include "libs/auth/method_policy.h"

#include <string>

#include "absl/container/flat_hash_map.h"

namespace collab::auth {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_AGENCY_SYSTEM;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_EMPLOYER_MANAGER;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_OCCUPATIONAL_HEALTH;
using collab::common::v1::ROLE_PROJECT_MANAGER;
using collab::common::v1::ROLE_SERVICE;

// Every person and system role may read the registry of organisations, units and networks: it
// holds no personal data.
constexpr RoleMask kRegistryReaders =
    Roles({ROLE_CASE_WORKER, ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_OCCUPATIONAL_HEALTH,
           ROLE_PROJECT_MANAGER, ROLE_FUNDER, ROLE_ANALYST, ROLE_ADMIN, ROLE_AGENCY_SYSTEM,
           ROLE_SERVICE});
constexpr RoleMask kRegistryWriters = Roles({ROLE_ADMIN});
// Units and contacts: an employer's HR (its access administrator) keeps its own; the service
// checks the organisation. Contacts are personal data, so analysts and funders do not read them.
constexpr RoleMask kUnitWriters = Roles({ROLE_ADMIN, ROLE_EMPLOYER_HR});
constexpr RoleMask kContactReaders =
    Roles({ROLE_CASE_WORKER, ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_OCCUPATIONAL_HEALTH,
           ROLE_PROJECT_MANAGER, ROLE_ADMIN, ROLE_AGENCY_SYSTEM});

constexpr std::string_view kOrgReaderServices = "cases,funding,reporting";

// Case data is health data: the roles that may see some case (the service decides which).
constexpr RoleMask kCaseReaders =
    Roles({ROLE_CASE_WORKER, ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_OCCUPATIONAL_HEALTH,
           ROLE_AGENCY_SYSTEM});
// FK and the employer drive a case; occupational health contributes to plans, not the case.
constexpr RoleMask kCaseWriters =
    Roles({ROLE_CASE_WORKER, ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_AGENCY_SYSTEM});
constexpr RoleMask kPlanWriters = kCaseReaders;
// FK's own acts: requesting the plan, recording consents.
constexpr RoleMask kAgency = Roles({ROLE_CASE_WORKER, ROLE_AGENCY_SYSTEM});
constexpr RoleMask kCaseEraser = Roles({ROLE_CASE_WORKER, ROLE_SERVICE});
// The audit log says who touched a case, not what it holds: ADMIN may read it.
constexpr RoleMask kAuditReaders = Roles({ROLE_CASE_WORKER, ROLE_AGENCY_SYSTEM, ROLE_ADMIN});
constexpr RoleMask kEmployer = Roles({ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER});
constexpr RoleMask kEarlySignalReaders =
    Roles({ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_OCCUPATIONAL_HEALTH});

constexpr RoleMask kProjectReaders =
    Roles({ROLE_PROJECT_MANAGER, ROLE_FUNDER, ROLE_ANALYST, ROLE_ADMIN});
constexpr RoleMask kProjectKeepers = Roles({ROLE_PROJECT_MANAGER, ROLE_ADMIN});
constexpr RoleMask kCatalogueReaders =
    Roles({ROLE_CASE_WORKER, ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_OCCUPATIONAL_HEALTH,
           ROLE_PROJECT_MANAGER, ROLE_FUNDER, ROLE_ANALYST, ROLE_ADMIN, ROLE_AGENCY_SYSTEM});
// Members order jointly (employer side); the programme owner confirms and delivers.
constexpr RoleMask kMembers = kEmployer;
constexpr RoleMask kOrderReaders =
    Roles({ROLE_EMPLOYER_HR, ROLE_EMPLOYER_MANAGER, ROLE_PROJECT_MANAGER, ROLE_ADMIN});
constexpr RoleMask kCoverageReaders =
    Roles({ROLE_PROJECT_MANAGER, ROLE_ADMIN, ROLE_ANALYST, ROLE_FUNDER});

constexpr RoleMask kSickLeaveStatisticsReaders =
    Roles({ROLE_ANALYST, ROLE_CASE_WORKER, ROLE_AGENCY_SYSTEM, ROLE_EMPLOYER_HR});
constexpr RoleMask kFollowUpReaders = Roles({ROLE_ANALYST, ROLE_FUNDER, ROLE_PROJECT_MANAGER});
constexpr RoleMask kExportUsers = kSickLeaveStatisticsReaders | kFollowUpReaders;

#define ORG_METHOD(name) "/collab.organisations.v1.OrganisationService/" name
#define CASE_METHOD(name) "/collab.cases.v1.CaseService/" name
#define FUNDING_METHOD(name) "/collab.funding.v1.FundingService/" name
#define PROGRAMME_METHOD(name) "/collab.funding.v1.ProgrammeService/" name
#define REPORTING_METHOD(name) "/collab.reporting.v1.ReportingService/" name

constexpr MethodPolicy kPolicies[] = {
    {ORG_METHOD("GetOrganisation"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("ListOrganisations"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("CreateOrganisation"), kRegistryWriters, ""},
    {ORG_METHOD("UpdateOrganisation"), kRegistryWriters, ""},
    {ORG_METHOD("DeleteOrganisation"), kRegistryWriters, ""},
    {ORG_METHOD("GetUnit"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("ListUnits"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("CreateUnit"), kUnitWriters, ""},
    {ORG_METHOD("UpdateUnit"), kUnitWriters, ""},
    {ORG_METHOD("DeleteUnit"), kUnitWriters, ""},
    {ORG_METHOD("GetContact"), kContactReaders, ""},
    {ORG_METHOD("ListContacts"), kContactReaders, ""},
    {ORG_METHOD("CreateContact"), kUnitWriters, ""},
    {ORG_METHOD("UpdateContact"), kUnitWriters, ""},
    {ORG_METHOD("DeleteContact"), kUnitWriters, ""},
    {ORG_METHOD("GetNetwork"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("ListNetworks"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("CreateNetwork"), kRegistryWriters, ""},
    {ORG_METHOD("UpdateNetwork"), kRegistryWriters, ""},
    {ORG_METHOD("DeleteNetwork"), kRegistryWriters, ""},
    {ORG_METHOD("GetMembership"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("ListMemberships"), kRegistryReaders, kOrgReaderServices},
    {ORG_METHOD("CreateMembership"), kRegistryWriters, ""},
    {ORG_METHOD("UpdateMembership"), kRegistryWriters, ""},
    {ORG_METHOD("DeleteMembership"), kRegistryWriters, ""},

    // Return-to-work cases (domain.md, "Who sees what"). ANALYST, FUNDER and ADMIN see no case
    // content; the service narrows further per case (office, organisation, unit, consent).
    {CASE_METHOD("GetCase"), kCaseReaders, ""},
    {CASE_METHOD("ListCases"), kCaseReaders, ""},
    {CASE_METHOD("SearchCases"), kCaseReaders, ""},
    {CASE_METHOD("CreateCase"), kCaseWriters, ""},
    {CASE_METHOD("UpdateCase"), kCaseWriters, ""},
    {CASE_METHOD("StartPlanning"), kCaseWriters, ""},
    {CASE_METHOD("StartInterventions"), kCaseWriters, ""},
    {CASE_METHOD("MarkReturned"), kCaseWriters, ""},
    {CASE_METHOD("CloseCase"), kCaseWriters, ""},
    {CASE_METHOD("ReopenCase"), kCaseWriters, ""},
    {CASE_METHOD("RecordPlanExemption"), kCaseWriters, ""},
    {CASE_METHOD("ClearPlanExemption"), kCaseWriters, ""},
    {CASE_METHOD("RequestPlan"), kAgency, ""},
    // Gallring is run by the retention job (SERVICE "retention") or a case worker.
    {CASE_METHOD("ErasePersonalData"), kCaseEraser, "retention"},
    {CASE_METHOD("GetSickLeavePeriod"), kCaseReaders, ""},
    {CASE_METHOD("ListSickLeavePeriods"), kCaseReaders, ""},
    {CASE_METHOD("CreateSickLeavePeriod"), kCaseWriters, ""},
    {CASE_METHOD("UpdateSickLeavePeriod"), kCaseWriters, ""},
    {CASE_METHOD("DeleteSickLeavePeriod"), kCaseWriters, ""},
    {CASE_METHOD("GetMilestone"), kCaseReaders, ""},
    {CASE_METHOD("ListMilestones"), kCaseReaders, ""},
    {CASE_METHOD("ListOverdueMilestones"), kCaseReaders, ""},
    {CASE_METHOD("MarkMilestoneMet"), kCaseWriters, ""},
    {CASE_METHOD("GetPlan"), kCaseReaders, ""},
    {CASE_METHOD("ListPlans"), kCaseReaders, ""},
    {CASE_METHOD("CreatePlan"), kPlanWriters, ""},
    {CASE_METHOD("UpdatePlan"), kPlanWriters, ""},
    {CASE_METHOD("DeletePlan"), kPlanWriters, ""},
    {CASE_METHOD("SubmitPlan"), kPlanWriters, ""},
    {CASE_METHOD("GetPlanAction"), kCaseReaders, ""},
    {CASE_METHOD("ListPlanActions"), kCaseReaders, ""},
    {CASE_METHOD("CreatePlanAction"), kPlanWriters, ""},
    {CASE_METHOD("UpdatePlanAction"), kPlanWriters, ""},
    {CASE_METHOD("DeletePlanAction"), kPlanWriters, ""},
    {CASE_METHOD("GetPlanComment"), kCaseReaders, ""},
    {CASE_METHOD("ListPlanComments"), kCaseReaders, ""},
    {CASE_METHOD("CreatePlanComment"), kCaseReaders, ""},
    {CASE_METHOD("GetMeeting"), kCaseReaders, ""},
    {CASE_METHOD("ListMeetings"), kCaseReaders, ""},
    {CASE_METHOD("CreateMeeting"), kCaseWriters, ""},
    {CASE_METHOD("UpdateMeeting"), kCaseWriters, ""},
    {CASE_METHOD("DeleteMeeting"), kCaseWriters, ""},
    {CASE_METHOD("GetConsent"), kCaseReaders, ""},
    {CASE_METHOD("ListConsents"), kCaseReaders, ""},
    {CASE_METHOD("GiveConsent"), kAgency, ""},
    {CASE_METHOD("RevokeConsent"), kAgency, ""},
    {CASE_METHOD("ListAuditEvents"), kAuditReaders, ""},
    {CASE_METHOD("VerifyAuditChain"), Roles({ROLE_ADMIN}), ""},
    // Absence spells and rehab watches are the employer's preventive side; FK is not involved.
    {CASE_METHOD("GetAbsenceSpell"), kEarlySignalReaders, ""},
    {CASE_METHOD("ListAbsenceSpells"), kEarlySignalReaders, ""},
    {CASE_METHOD("CreateAbsenceSpell"), kEmployer, ""},
    {CASE_METHOD("DeleteAbsenceSpell"), kEmployer, ""},
    {CASE_METHOD("GetRehabWatch"), kEarlySignalReaders, ""},
    {CASE_METHOD("ListRehabWatches"), kEarlySignalReaders, ""},
    {CASE_METHOD("CreateRehabWatch"), kEmployer, ""},
    {CASE_METHOD("UpdateRehabWatch"), kEmployer, ""},
    {CASE_METHOD("ActivateRehabWatch"), kEmployer, ""},
    {CASE_METHOD("CloseRehabWatch"), kEmployer, ""},
    {CASE_METHOD("EscalateRehabWatch"), kEmployer, ""},

    // Projects, budgets and ledger: managers run their projects, funders read and approve the
    // ones they fund; the service checks which projects.
    {FUNDING_METHOD("GetProject"), kProjectReaders, ""},
    {FUNDING_METHOD("ListProjects"), kProjectReaders, ""},
    {FUNDING_METHOD("CreateProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("UpdateProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("DeleteProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("SubmitProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("ApproveProject"), Roles({ROLE_FUNDER}), ""},
    // Återremiss: the funder sends it back, or the manager withdraws it.
    {FUNDING_METHOD("ReturnProject"), Roles({ROLE_FUNDER, ROLE_PROJECT_MANAGER, ROLE_ADMIN}), ""},
    {FUNDING_METHOD("ActivateProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("CloseProject"), kProjectKeepers, ""},
    {FUNDING_METHOD("GetPhase"), kProjectReaders, ""},
    {FUNDING_METHOD("ListPhases"), kProjectReaders, ""},
    {FUNDING_METHOD("CreatePhase"), kProjectKeepers, ""},
    {FUNDING_METHOD("UpdatePhase"), kProjectKeepers, ""},
    {FUNDING_METHOD("DeletePhase"), kProjectKeepers, ""},
    {FUNDING_METHOD("GetBudgetLine"), kProjectReaders, ""},
    {FUNDING_METHOD("ListBudgetLines"), kProjectReaders, ""},
    {FUNDING_METHOD("CreateBudgetLine"), kProjectKeepers, ""},
    {FUNDING_METHOD("UpdateBudgetLine"), kProjectKeepers, ""},
    {FUNDING_METHOD("DeleteBudgetLine"), kProjectKeepers, ""},
    {FUNDING_METHOD("GetFundingCommitment"), kProjectReaders, ""},
    {FUNDING_METHOD("ListFundingCommitments"), kProjectReaders, ""},
    {FUNDING_METHOD("CreateFundingCommitment"), kProjectKeepers, ""},
    {FUNDING_METHOD("UpdateFundingCommitment"), kProjectKeepers, ""},
    {FUNDING_METHOD("DeleteFundingCommitment"), kProjectKeepers, ""},
    {FUNDING_METHOD("GetLedgerEntry"), kProjectReaders, ""},
    {FUNDING_METHOD("ListLedgerEntries"), kProjectReaders, ""},
    {FUNDING_METHOD("CreateLedgerEntry"), kProjectKeepers, ""},
    {FUNDING_METHOD("GetBudgetStatus"), kProjectReaders, ""},

    // The programme catalogue is open to every person role; the owner organisation keeps it,
    // members (employer side) express interest and order.
    {PROGRAMME_METHOD("GetServiceOffering"), kCatalogueReaders, ""},
    {PROGRAMME_METHOD("ListServiceOfferings"), kCatalogueReaders, ""},
    {PROGRAMME_METHOD("CreateServiceOffering"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("UpdateServiceOffering"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("DeleteServiceOffering"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("RetireServiceOffering"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("GetInterest"), kOrderReaders, ""},
    {PROGRAMME_METHOD("ListInterests"), kOrderReaders, ""},
    {PROGRAMME_METHOD("CreateInterest"), kMembers, ""},
    {PROGRAMME_METHOD("DeleteInterest"), kMembers, ""},
    {PROGRAMME_METHOD("GetOrder"), kOrderReaders, ""},
    {PROGRAMME_METHOD("ListOrders"), kOrderReaders, ""},
    {PROGRAMME_METHOD("CreateOrder"), kMembers, ""},
    {PROGRAMME_METHOD("UpdateOrder"), kOrderReaders, ""},
    {PROGRAMME_METHOD("ConfirmOrder"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("StartOrderDelivery"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("CompleteOrder"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("CancelOrder"), kOrderReaders, ""},
    {PROGRAMME_METHOD("GetDelivery"), kOrderReaders, ""},
    {PROGRAMME_METHOD("ListDeliveries"), kOrderReaders, ""},
    {PROGRAMME_METHOD("CreateDelivery"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("UpdateDelivery"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("DeleteDelivery"), kProjectKeepers, ""},
    {PROGRAMME_METHOD("GetProgrammeCoverage"), kCoverageReaders, ""},

    // Statistics never identify a person; the service leaves out figures outside the caller's
    // reach and suppresses small cells. ADMIN sees none.
    {REPORTING_METHOD("GetSickLeaveStatistics"), kSickLeaveStatisticsReaders, ""},
    {REPORTING_METHOD("GetReturnToWorkStatistics"), kSickLeaveStatisticsReaders, ""},
    {REPORTING_METHOD("GetEffectFollowUp"), kFollowUpReaders, ""},
    {REPORTING_METHOD("GetBudgetUse"), kFollowUpReaders, ""},
    {REPORTING_METHOD("GetProgrammeCoverageStatistics"), kFollowUpReaders, ""},
    {REPORTING_METHOD("GetExport"), kExportUsers, ""},
    {REPORTING_METHOD("ListExports"), kExportUsers, ""},
    {REPORTING_METHOD("CreateExport"), kExportUsers, ""},
    {REPORTING_METHOD("DeleteExport"), kExportUsers, ""},
    {REPORTING_METHOD("DownloadExport"), kExportUsers, ""},
    // collab.events.v1.EventFeed is internal: service-to-service only, never in this public
    // table, so the gateway can never route it.
};

#undef ORG_METHOD
#undef CASE_METHOD
#undef FUNDING_METHOD
#undef PROGRAMME_METHOD
#undef REPORTING_METHOD

const absl::flat_hash_map<std::string_view, const MethodPolicy*>& PolicyIndex() {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<std::string_view, const MethodPolicy*>();
    for (const MethodPolicy& p : kPolicies) m->emplace(p.method, &p);
    return m;
  }();
  return *index;
}

}  // namespace

const MethodPolicy* FindMethodPolicy(std::string_view full_method) {
  const auto& index = PolicyIndex();
  auto it = index.find(full_method);
  return it == index.end() ? nullptr : it->second;
}

bool PolicyAllows(const MethodPolicy& policy, const Principal& principal) {
  for (int r : principal.roles()) {
    if ((policy.roles & (RoleMask{1} << r)) == 0) continue;
    if (r != collab::common::v1::ROLE_SERVICE) return true;
    std::string_view rest = policy.services;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      if (rest.substr(0, comma) == principal.service_name()) return true;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return false;
}

}  // namespace collab::auth
