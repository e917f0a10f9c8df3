// The real collab-organisations binary: configured from the environment as `make run` does,
// health and reflection answer, calls need a signed principal, SIGTERM stops it cleanly.
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::organisations {
namespace {

using collab::testing::ChildProcess;

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = collab::testing::TestDatabase::CreateFromTemplate();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    address_ = "127.0.0.1:" + std::to_string(collab::testing::FreePort());
    auto child = ChildProcess::Start(
        collab::testing::BinaryPath("collab-organisations"), {},
        {{"COLLAB_DATABASE_URL", db_->AdminConnInfo()},
         {"COLLAB_INTERNAL_KEY", collab::testing::kTestInternalKey},
         {"COLLAB_LISTEN", address_}},
        ::testing::TempDir() + "/organisations-binary.log");
    ASSERT_TRUE(child.ok()) << child.status();
    child_ = std::move(*child);
    channel_ = grpc::CreateChannel(address_, grpc::InsecureChannelCredentials());
    ASSERT_TRUE(channel_->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10)))
        << child_->Log();
  }

  grpc::health::v1::HealthCheckResponse::ServingStatus Health() {
    auto stub = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::Status s = stub->Check(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.status();
  }

  std::unique_ptr<collab::testing::TestDatabase> db_;
  std::string address_;
  std::unique_ptr<ChildProcess> child_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(BinaryTest, HealthIsServingWhileTheDatabaseAnswers) {
  EXPECT_EQ(Health(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(BinaryTest, ReflectionListsTheService) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> services;
  for (const auto& s : resp.list_services_response().service()) services.push_back(s.name());
  EXPECT_NE(std::find(services.begin(), services.end(),
                      "collab.organisations.v1.OrganisationService"),
            services.end());
  stream->WritesDone();
}

TEST_F(BinaryTest, CallsNeedASignedPrincipalAndWorkWithOne) {
  auto stub = v1::OrganisationService::NewStub(channel_);
  v1::ListOrganisationsRequest req;
  v1::ListOrganisationsResponse resp;
  EXPECT_EQ(stub->ListOrganisations(collab::testing::UnsignedContext().get(), req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auto ctx = collab::testing::SignedContext(
      collab::testing::MakePrincipal(collab::common::v1::ROLE_ANALYST));
  grpc::Status s = stub->ListOrganisations(ctx.get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message() << "\n" << child_->Log();
}

TEST_F(BinaryTest, SigtermStopsGracefully) {
  const int status = child_->SignalAndWait(SIGTERM, 15000);
  ASSERT_NE(status, -1) << "did not stop within 15 s";
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(child_->Log().find("\"stopped\""), std::string::npos);
}

}  // namespace
}  // namespace collab::organisations
