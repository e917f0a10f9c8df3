// End-to-end: health and reflection answer on the gateway binary.
#include <gtest/gtest.h>

#include <google/protobuf/descriptor.pb.h>
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/e2e/stack_suite.h"

namespace collab::e2e {
namespace {

using grpc::reflection::v1alpha::ServerReflection;
using grpc::reflection::v1alpha::ServerReflectionRequest;
using grpc::reflection::v1alpha::ServerReflectionResponse;

class GatewayOpsTest : public StackSuite<GatewayOpsTest> {
 public:
  static StackOptions Options() {
    StackOptions options;
    options.start_organisations = false;
    options.organisations_backend = "127.0.0.1:1";
    return options;
  }

 protected:
  ServerReflectionResponse Ask(const ServerReflectionRequest& req) {
    auto stub = ServerReflection::NewStub(stack_->GatewayChannel());
    grpc::ClientContext ctx;
    auto stream = stub->ServerReflectionInfo(&ctx);
    EXPECT_TRUE(stream->Write(req));
    stream->WritesDone();
    ServerReflectionResponse resp;
    EXPECT_TRUE(stream->Read(&resp));
    EXPECT_TRUE(stream->Finish().ok());
    return resp;
  }

};

TEST_F(GatewayOpsTest, HealthIsServingWithoutCredentials) {
  auto stub = grpc::health::v1::Health::NewStub(stack_->GatewayChannel());
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckResponse resp;
  ASSERT_TRUE(stub->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &resp).ok());
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(GatewayOpsTest, ReflectionListsThePublicServicesOnly) {
  ServerReflectionRequest req;
  req.set_list_services("*");
  ServerReflectionResponse resp = Ask(req);
  std::vector<std::string> names;
  for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
  auto has = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  EXPECT_TRUE(has("collab.organisations.v1.OrganisationService"));
  EXPECT_TRUE(has("collab.cases.v1.CaseService"));
  EXPECT_TRUE(has("collab.funding.v1.FundingService"));
  EXPECT_TRUE(has("collab.funding.v1.ProgrammeService"));
  EXPECT_TRUE(has("collab.reporting.v1.ReportingService"));
  EXPECT_TRUE(has("grpc.health.v1.Health"));
  EXPECT_FALSE(has("collab.events.v1.EventFeed"));
}

TEST_F(GatewayOpsTest, ReflectionDescribesASymbolWithItsImports) {
  ServerReflectionRequest req;
  req.set_file_containing_symbol("collab.organisations.v1.OrganisationService");
  ServerReflectionResponse resp = Ask(req);
  ASSERT_TRUE(resp.has_file_descriptor_response()) << resp.DebugString();
  std::vector<std::string> files;
  for (const auto& bytes : resp.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto proto;
    ASSERT_TRUE(proto.ParseFromString(bytes));
    files.push_back(proto.name());
  }
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0], "collab/organisations/v1/organisations.proto");
  EXPECT_NE(std::find(files.begin(), files.end(), "google/protobuf/timestamp.proto"), files.end());

  ServerReflectionRequest missing;
  missing.set_file_containing_symbol("collab.nothing.Here");
  EXPECT_TRUE(Ask(missing).has_error_response());
}

}  // namespace
}  // namespace collab::e2e
