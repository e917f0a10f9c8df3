// The real collab-cases binary next to the real collab-organisations binary, configured from
// the environment as `make run` does: keys from COLLAB_IDENTITY_KEY / COLLAB_LOOKUP_KEY, the
// employer checked through COLLAB_ORGANISATIONS_BACKEND; without keys it refuses to start.
#include <signal.h>
#include <sys/wait.h>

#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include "collab/cases/v1/case_service.grpc.pb.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/common/luhn.h"
#include "tests/support/child_process.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::cases {
namespace {

using collab::testing::ChildProcess;
namespace orgv1 = collab::organisations::v1;

class CasesBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = collab::testing::TestDatabase::CreateFromTemplate();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    org_address_ = "127.0.0.1:" + std::to_string(collab::testing::FreePort());
    auto orgs = ChildProcess::Start(collab::testing::BinaryPath("collab-organisations"), {},
                                    {{"COLLAB_DATABASE_URL", db_->AdminConnInfo()},
                                     {"COLLAB_INTERNAL_KEY", collab::testing::kTestInternalKey},
                                     {"COLLAB_LISTEN", org_address_}},
                                    ::testing::TempDir() + "/cases-binary-orgs.log");
    ASSERT_TRUE(orgs.ok()) << orgs.status();
    orgs_ = std::move(*orgs);
  }

  absl::StatusOr<std::unique_ptr<ChildProcess>> StartCases(bool with_keys) {
    address_ = "127.0.0.1:" + std::to_string(collab::testing::FreePort());
    std::map<std::string, std::string> env = {
        {"COLLAB_DATABASE_URL", db_->AdminConnInfo()},
        {"COLLAB_INTERNAL_KEY", collab::testing::kTestInternalKey},
        {"COLLAB_LISTEN", address_},
        {"COLLAB_ORGANISATIONS_BACKEND", org_address_}};
    if (with_keys) {
      env["COLLAB_IDENTITY_KEY"] = std::string(64, 'a');
      env["COLLAB_LOOKUP_KEY"] = std::string(64, 'b');
    }
    return ChildProcess::Start(collab::testing::BinaryPath("collab-cases"), {}, env,
                               ::testing::TempDir() + "/cases-binary.log");
  }

  std::unique_ptr<collab::testing::TestDatabase> db_;
  std::string org_address_, address_;
  std::unique_ptr<ChildProcess> orgs_;
};

TEST_F(CasesBinaryTest, CreatesACaseForAnEmployerTheOrganisationsServiceKnows) {
  auto cases = StartCases(true);
  ASSERT_TRUE(cases.ok()) << cases.status();
  auto org_channel = grpc::CreateChannel(org_address_, grpc::InsecureChannelCredentials());
  auto channel = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  ASSERT_TRUE(org_channel->WaitForConnected(deadline)) << orgs_->Log();
  ASSERT_TRUE(channel->WaitForConnected(deadline)) << (*cases)->Log();

  orgv1::CreateOrganisationRequest org;
  org.mutable_organisation()->set_display_name("Hammarö kommun");
  org.mutable_organisation()->set_kind(orgv1::ORGANISATION_KIND_MUNICIPALITY);
  const std::string number = WithLuhnCheckDigit("212000777");
  org.mutable_organisation()->set_organisation_number(number.substr(0, 6) + "-" + number.substr(6));
  orgv1::Organisation employer;
  auto admin = collab::testing::SignedContext(collab::testing::MakePrincipal(collab::common::v1::ROLE_ADMIN));
  ASSERT_TRUE(orgv1::OrganisationService::NewStub(org_channel)->CreateOrganisation(admin.get(), org, &employer).ok());

  v1::CreateCaseRequest req;
  req.mutable_case_()->set_employer(employer.name());
  const std::string pnr = "850101123";
  req.mutable_case_()->set_employee_identity_number("19" + WithLuhnCheckDigit(pnr));
  req.mutable_case_()->mutable_first_sick_day()->set_year(2026);
  req.mutable_case_()->mutable_first_sick_day()->set_month(9);
  req.mutable_case_()->mutable_first_sick_day()->set_day(1);
  v1::Case created;
  auto hr = collab::testing::SignedContext(collab::testing::MakePrincipal(
      collab::common::v1::ROLE_EMPLOYER_HR, employer.name().substr(employer.name().rfind('/') + 1)));
  grpc::Status s = v1::CaseService::NewStub(channel)->CreateCase(hr.get(), req, &created);
  ASSERT_TRUE(s.ok()) << s.error_message() << "\n" << (*cases)->Log();
  EXPECT_EQ(created.masked_employee_identity_number(), "19850101-****");
  // The identity number never reaches the log.
  EXPECT_EQ((*cases)->Log().find(pnr), std::string::npos);

  const int status = (*cases)->SignalAndWait(SIGTERM, 15000);
  ASSERT_NE(status, -1);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(CasesBinaryTest, RefusesToStartWithoutKeys) {
  auto cases = StartCases(false);
  ASSERT_TRUE(cases.ok()) << cases.status();
  for (int i = 0; i < 100 && (*cases)->Running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE((*cases)->Running());
  EXPECT_NE((*cases)->Log().find("identity_key"), std::string::npos) << (*cases)->Log();
}

}  // namespace
}  // namespace collab::cases
