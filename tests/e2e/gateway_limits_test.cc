// End-to-end: rate limit, unavailable backends and deadlines through the real gateway.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include <grpcpp/generic/generic_stub.h>
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/e2e/stack.h"

namespace collab::e2e {
namespace {

using collab::organisations::v1::ListOrganisationsRequest;
using collab::organisations::v1::ListOrganisationsResponse;
using collab::organisations::v1::OrganisationService;

grpc::Status List(OrganisationService::Stub& stub, const std::string& token,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  grpc::ClientContext ctx;
  AddBearer(ctx, token);
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  ListOrganisationsResponse resp;
  return stub.ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
}

TEST(GatewayLimitsTest, RateLimitAnswersResourceExhaustedWithRetryInfo) {
  StackOptions options;
  options.rate_limit_rps = 1;
  options.rate_limit_burst = 3;
  auto stack = Stack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  auto stub = OrganisationService::NewStub((*stack)->GatewayChannel());
  const std::string token = (*stack)->Token("ANALYST", "eager");
  for (int i = 0; i < 3; ++i) {
    grpc::Status s = List(*stub, token);
    ASSERT_TRUE(s.ok()) << i << ": " << s.error_message();
  }
  grpc::Status limited = List(*stub, token);
  ASSERT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << limited.error_message();
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(limited.error_details()));
  bool has_retry = false;
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo info;
    if (any.type_url() == "type.googleapis.com/google.rpc.RetryInfo" &&
        info.ParseFromString(any.value())) {
      has_retry = true;
      EXPECT_GT(info.retry_delay().seconds() * 1000 + info.retry_delay().nanos() / 1000000, 0);
    }
  }
  EXPECT_TRUE(has_retry);
  // The limit is per principal: someone else still gets through.
  EXPECT_TRUE(List(*stub, (*stack)->Token("ANALYST", "patient")).ok());
}

TEST(GatewayLimitsTest, StoppedBackendIsUnavailableQuickly) {
  auto stack = Stack::Start();
  ASSERT_TRUE(stack.ok()) << stack.status();
  auto stub = OrganisationService::NewStub((*stack)->GatewayChannel());
  const std::string token = (*stack)->Token("ANALYST");
  ASSERT_TRUE(List(*stub, token).ok());
  (*stack)->StopOrganisations();
  const absl::Time start = absl::Now();
  grpc::Status s = List(*stub, token, std::chrono::seconds(5));
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_LT(took, absl::Seconds(5)) << "must fail fast, not wait for the deadline";
  // The message must not reveal internal addresses.
  EXPECT_EQ(s.error_message().find("127.0.0.1"), std::string::npos) << s.error_message();
}

TEST(GatewayLimitsTest, NeverStartedBackendIsUnavailableWithinTheDeadline) {
  StackOptions options;
  options.start_organisations = false;
  options.organisations_backend = "dns:///127.0.0.1:" + std::to_string(testing::FreePort());
  auto stack = Stack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  auto stub = OrganisationService::NewStub((*stack)->GatewayChannel());
  const absl::Time start = absl::Now();
  grpc::Status s = List(*stub, (*stack)->Token("ANALYST"), std::chrono::seconds(3));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

TEST(GatewayLimitsTest, UnconfiguredBackendSaysWhichFlagIsMissing) {
  auto stack = Stack::Start();
  ASSERT_TRUE(stack.ok()) << stack.status();
  grpc::GenericStub generic((*stack)->GatewayChannel());
  grpc::ClientContext ctx;
  AddBearer(ctx, (*stack)->Token("CASE_WORKER"));
  grpc::Slice empty_message("");
  grpc::ByteBuffer req(&empty_message, 1), resp;
  grpc::Status status;
  absl::Notification done;
  generic.UnaryCall(&ctx, "/collab.cases.v1.CaseService/ListCases", grpc::StubOptions(), &req,
                    &resp, [&](grpc::Status s) {
                      status = s;
                      done.Notify();
                    });
  done.WaitForNotification();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_NE(status.error_message().find("--cases_backend"), std::string::npos);
}

TEST(GatewayLimitsTest, DefaultDeadlineAppliesWhenTheCallerSetsNone) {
  // A backend that accepts connections but never answers: a listening socket nobody serves.
  // With a 300 ms default deadline the gateway gives up instead of hanging.
  StackOptions options;
  options.start_organisations = false;
  options.extra_gateway_flags = {"--default_deadline_ms=300"};
  const int port = testing::FreePort();
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 16), 0);
  options.organisations_backend = "127.0.0.1:" + std::to_string(port);
  auto stack = Stack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  auto stub = OrganisationService::NewStub((*stack)->GatewayChannel());
  grpc::ClientContext ctx;  // no deadline
  AddBearer(ctx, (*stack)->Token("ANALYST"));
  ListOrganisationsResponse resp;
  const absl::Time start = absl::Now();
  grpc::Status s = stub->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
  EXPECT_NE(s.error_code(), grpc::StatusCode::OK);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  close(fd);
}

}  // namespace
}  // namespace collab::e2e
