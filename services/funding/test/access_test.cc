// Who sees and changes a project (funding_access.h): managers their projects, funders the
// projects they fund, analysts read-only, administrators all; anyone else NOT_FOUND (the object)
// or PERMISSION_DENIED (the method policy). Table-driven over roles and operations.
#include "services/funding/test/funding_service_fixture.h"

namespace collab::funding {
namespace {

using collab::common::v1::ROLE_ADMIN;
using collab::common::v1::ROLE_ANALYST;
using collab::common::v1::ROLE_CASE_WORKER;
using collab::common::v1::ROLE_EMPLOYER_HR;
using collab::common::v1::ROLE_FUNDER;
using collab::common::v1::ROLE_PROJECT_MANAGER;
using grpc::StatusCode;

class AccessTest : public FundingServiceTest {};

struct Case {
  const char* who;
  auth::Role role;
  // Which organisation: 'o' the owner (FK), 'f' a funder (Samspelet), 'x' an unrelated one.
  char org;
  const char* subject;
  StatusCode read;    // GetProject, GetBudgetStatus, ListPhases
  StatusCode write;   // UpdateProject
  bool listed;        // appears in ListProjects
};

TEST_F(AccessTest, PerRole) {
  const v1::Project p = CreateKupo();
  const Case cases[] = {
      {"manager of the project", ROLE_PROJECT_MANAGER, 'x', "pm-kupo", StatusCode::OK, StatusCode::OK, true},
      {"manager in the owner organisation", ROLE_PROJECT_MANAGER, 'o', "pm-other", StatusCode::OK, StatusCode::OK, true},
      {"manager elsewhere", ROLE_PROJECT_MANAGER, 'x', "pm-other", StatusCode::NOT_FOUND, StatusCode::NOT_FOUND, false},
      {"funder of the project", ROLE_FUNDER, 'f', "funder", StatusCode::OK, StatusCode::PERMISSION_DENIED, true},
      {"funder of other projects", ROLE_FUNDER, 'x', "funder", StatusCode::NOT_FOUND, StatusCode::PERMISSION_DENIED, false},
      {"analyst", ROLE_ANALYST, 'x', "analyst", StatusCode::OK, StatusCode::PERMISSION_DENIED, true},
      {"administrator", ROLE_ADMIN, 'x', "admin", StatusCode::OK, StatusCode::OK, true},
      {"case worker", ROLE_CASE_WORKER, 'o', "cw", StatusCode::PERMISSION_DENIED, StatusCode::PERMISSION_DENIED, false},
      {"employer HR", ROLE_EMPLOYER_HR, 'f', "hr", StatusCode::PERMISSION_DENIED, StatusCode::PERMISSION_DENIED, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.who);
    const std::string org = c.org == 'o' ? fk_ : c.org == 'f' ? samspelet_ : karlstad_;
    const auth::Principal who = P(c.role, org, c.subject);

    v1::GetProjectRequest get;
    get.set_name(p.name());
    v1::Project got;
    grpc::Status s = stub_->GetProject(Ctx(who).get(), get, &got);
    EXPECT_EQ(s.error_code(), c.read) << s.error_message();
    if (s.ok()) {
      EXPECT_EQ(got.name(), p.name());
    }

    v1::GetBudgetStatusRequest status;
    status.set_project(p.name());
    v1::BudgetStatus bs;
    EXPECT_EQ(stub_->GetBudgetStatus(Ctx(who).get(), status, &bs).error_code(), c.read);

    v1::ListPhasesRequest phases;
    phases.set_parent(p.name());
    v1::ListPhasesResponse ph;
    EXPECT_EQ(stub_->ListPhases(Ctx(who).get(), phases, &ph).error_code(), c.read);

    v1::UpdateProjectRequest update;
    update.mutable_project()->set_name(p.name());
    update.mutable_project()->set_description("Ändrad beskrivning");
    update.mutable_update_mask()->add_paths("description");
    v1::Project updated;
    EXPECT_EQ(stub_->UpdateProject(Ctx(who).get(), update, &updated).error_code(), c.write);

    v1::ListProjectsRequest list;
    v1::ListProjectsResponse listed;
    s = stub_->ListProjects(Ctx(who).get(), list, &listed);
    bool found = false;
    for (const v1::Project& x : listed.projects()) found = found || x.name() == p.name();
    EXPECT_EQ(found, c.listed) << s.error_message();
  }
}

TEST_F(AccessTest, ManagerCreatesOnlyForOwnOrganisation) {
  v1::CreateProjectRequest req;
  *req.mutable_project() = KupoProject();
  req.mutable_project()->set_owner_organisation(Org(samspelet_));
  v1::Project out;
  EXPECT_EQ(stub_->CreateProject(Ctx(Manager()).get(), req, &out).error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, ListFiltersByFunder) {
  const v1::Project p = CreateKupo();
  v1::ListProjectsRequest req;
  req.set_funder(Org(samspelet_));
  v1::ListProjectsResponse resp;
  ASSERT_TRUE(stub_->ListProjects(Ctx(P(ROLE_ADMIN, "")).get(), req, &resp).ok());
  ASSERT_EQ(resp.projects_size(), 1);
  EXPECT_EQ(resp.projects(0).name(), p.name());
  req.set_funder(Org(karlstad_));
  ASSERT_TRUE(stub_->ListProjects(Ctx(P(ROLE_ADMIN, "")).get(), req, &resp).ok());
  EXPECT_EQ(resp.projects_size(), 0);
}

}  // namespace
}  // namespace collab::funding
