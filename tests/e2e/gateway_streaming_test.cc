// End-to-end: a server-streaming method passes through the real gateway. No real reporting
// service exists yet, so an in-process fake serves ReportingService.DownloadExport (a public
// streaming method) and verifies the signed principal as every backend must.
#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "collab/reporting/v1/reporting_service.grpc.pb.h"
#include "libs/auth/principal.h"
#include "tests/e2e/stack.h"

namespace collab::e2e {
namespace {

using collab::reporting::v1::DownloadExportRequest;
using collab::reporting::v1::DownloadExportResponse;
using collab::reporting::v1::ReportingService;

std::string_view Metadata(const grpc::ServerContext& ctx, const char* key) {
  auto it = ctx.client_metadata().find(key);
  if (it == ctx.client_metadata().end()) return {};
  return std::string_view(it->second.data(), it->second.size());
}

class FakeReporting final : public ReportingService::Service {
 public:
  explicit FakeReporting(const std::string& key) : signer_(auth::PrincipalSigner::Create(key).value()) {}

  grpc::Status DownloadExport(grpc::ServerContext* ctx, const DownloadExportRequest* req,
                              grpc::ServerWriter<DownloadExportResponse>* writer) override {
    auto principal = signer_.Verify(Metadata(*ctx, auth::kPrincipalMetadataKey),
                                    Metadata(*ctx, auth::kPrincipalSignatureMetadataKey), absl::Now());
    if (!principal.ok()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(principal.status().message()));
    }
    {
      absl::MutexLock lock(&mu_);
      last_principal_ = *principal;
      last_request_id_ = std::string(Metadata(*ctx, auth::kRequestIdMetadataKey));
      last_timeout_ = absl::FromChrono(ctx->deadline()) - absl::Now();
    }
    if (req->name() == "exports/not-ready") {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "export has not succeeded yet");
    }
    if (req->name() == "exports/endless") {
      DownloadExportResponse chunk;
      chunk.set_chunk("tick");
      while (!ctx->IsCancelled()) {
        writer->Write(chunk);
        absl::SleepFor(absl::Milliseconds(20));
      }
      saw_cancel_.Notify();
      return grpc::Status::CANCELLED;
    }
    for (int i = 0; i < 3; ++i) {
      DownloadExportResponse chunk;
      chunk.set_chunk("year,sick_days\n202" + std::to_string(i) + ",42\n");
      if (!writer->Write(chunk)) break;
    }
    return grpc::Status::OK;
  }

  auth::Principal last_principal() {
    absl::MutexLock lock(&mu_);
    return last_principal_;
  }
  std::string last_request_id() {
    absl::MutexLock lock(&mu_);
    return last_request_id_;
  }
  absl::Duration last_timeout() {
    absl::MutexLock lock(&mu_);
    return last_timeout_;
  }
  absl::Notification& saw_cancel() { return saw_cancel_; }

 private:
  auth::PrincipalSigner signer_;
  absl::Mutex mu_;
  auth::Principal last_principal_;
  std::string last_request_id_;
  absl::Duration last_timeout_;
  absl::Notification saw_cancel_;
};

class GatewayStreamingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The fake needs the internal key before the gateway starts: the stack makes it, so start
    // the fake on a port chosen up front with the key read back from the stack.
    fake_port_ = testing::FreePort();
    StackOptions options;
    options.start_organisations = false;
    options.organisations_backend = "127.0.0.1:1";
    options.reporting_backend = "dns:///127.0.0.1:" + std::to_string(fake_port_);
    auto stack = Stack::Start(options);
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = stack->release();
    fake_ = new FakeReporting(stack_->internal_key());
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:" + std::to_string(fake_port_),
                             grpc::InsecureServerCredentials());
    builder.RegisterService(fake_);
    server_ = builder.BuildAndStart().release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
    delete server_;
    delete fake_;
    delete stack_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    stub_ = ReportingService::NewStub(stack_->GatewayChannel());
  }

  static inline int fake_port_ = 0;
  static inline Stack* stack_ = nullptr;
  static inline FakeReporting* fake_ = nullptr;
  static inline grpc::Server* server_ = nullptr;
  std::unique_ptr<ReportingService::Stub> stub_;
};

TEST_F(GatewayStreamingTest, ChunksPassThroughInOrderWithTheSignedPrincipal) {
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("ANALYST", "analyst-1"));
  ctx.AddMetadata("x-request-id", "stream-req-1");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  DownloadExportRequest req;
  req.set_name("exports/e1");
  auto reader = stub_->DownloadExport(&ctx, req);
  std::vector<std::string> chunks;
  DownloadExportResponse chunk;
  while (reader->Read(&chunk)) chunks.push_back(chunk.chunk());
  grpc::Status s = reader->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0], "year,sick_days\n2020,42\n");
  EXPECT_EQ(chunks[2], "year,sick_days\n2022,42\n");

  auth::Principal p = fake_->last_principal();
  EXPECT_EQ(p.subject(), "analyst-1");
  EXPECT_EQ(p.organisation_id(), kCallerOrg);
  ASSERT_EQ(p.roles_size(), 1);
  EXPECT_EQ(p.roles(0), collab::common::v1::ROLE_ANALYST);
  EXPECT_EQ(p.request_id(), "stream-req-1");
  EXPECT_EQ(fake_->last_request_id(), "stream-req-1");
  // The caller's 5 s deadline reached the backend, not the gateway's 30 s default. grpc-timeout
  // travels in whole units rounded up, so the backend may see a few milliseconds more.
  EXPECT_LE(fake_->last_timeout(), absl::Seconds(5) + absl::Milliseconds(100));
  EXPECT_GT(fake_->last_timeout(), absl::Seconds(3));
}

TEST_F(GatewayStreamingTest, BackendErrorPassesThrough) {
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("ANALYST"));
  DownloadExportRequest req;
  req.set_name("exports/not-ready");
  auto reader = stub_->DownloadExport(&ctx, req);
  DownloadExportResponse chunk;
  EXPECT_FALSE(reader->Read(&chunk));
  grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "export has not succeeded yet");
}

TEST_F(GatewayStreamingTest, PolicyAppliesToStreams) {
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("EMPLOYER_MANAGER"));
  DownloadExportRequest req;
  req.set_name("exports/e1");
  auto reader = stub_->DownloadExport(&ctx, req);
  DownloadExportResponse chunk;
  EXPECT_FALSE(reader->Read(&chunk));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(GatewayStreamingTest, CancellationReachesTheBackend) {
  grpc::ClientContext ctx;
  AddBearer(ctx, stack_->Token("ANALYST", "impatient"));
  DownloadExportRequest req;
  req.set_name("exports/endless");
  auto reader = stub_->DownloadExport(&ctx, req);
  DownloadExportResponse chunk;
  ASSERT_TRUE(reader->Read(&chunk));
  ASSERT_TRUE(reader->Read(&chunk));
  ctx.TryCancel();
  EXPECT_TRUE(fake_->saw_cancel().WaitForNotificationWithTimeout(absl::Seconds(5)))
      << "the backend stream kept running after the caller cancelled";
  while (reader->Read(&chunk)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace collab::e2e
