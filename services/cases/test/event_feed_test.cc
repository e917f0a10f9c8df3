// EventFeed/Watch over the outbox: the reporting service gets the pseudonymous events in seq
// order; anyone else is refused.
#include "services/cases/test/case_service_fixture.h"

#include "collab/events/v1/case_events.pb.h"
#include "libs/events/outbox_event_feed.h"

namespace collab::cases {
namespace {

namespace ev = collab::events::v1;
using collab::common::v1::ROLE_SERVICE;

class EventFeedTest : public CaseServiceTest {
 protected:
  void SetUp() override {
    feed_ = std::make_unique<events::OutboxEventFeed>(
        *pool_, *auth::PrincipalSigner::Create(collab::testing::kTestInternalKey),
        events::OutboxEventFeedOptions{
            .source_service = "cases", .aggregate_collection = "cases",
            .poll = absl::Milliseconds(20)});
    auto server = rpc::Server::Start(rpc::ServerOptions{}, {feed_.get()});
    ASSERT_TRUE(server.ok());
    server_feed_ = std::move(*server);
    stub_feed_ = ev::EventFeed::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_feed_->port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    stub_feed_.reset();
    server_feed_.reset();
    feed_.reset();
  }
  static auth::Principal Service(const std::string& name) {
    auth::Principal p = collab::testing::MakePrincipal(ROLE_SERVICE, "", "service:" + name);
    p.set_service_name(name);
    return p;
  }
  std::unique_ptr<events::OutboxEventFeed> feed_;
  std::unique_ptr<rpc::Server> server_feed_;
  std::unique_ptr<ev::EventFeed::Stub> stub_feed_;
};

TEST_F(EventFeedTest, ReportingReceivesTheCaseEventsInOrder) {
  const v1::Case created = Create(SampleCase(60));
  v1::StartPlanningRequest plan;
  plan.set_name(created.name());
  v1::Case out;
  ASSERT_TRUE(stub_->StartPlanning(Ctx(CaseWorker()).get(), plan, &out).ok());

  auto ctx = collab::testing::SignedContext(Service("reporting"), collab::testing::kTestInternalKey, 5);
  ev::WatchRequest req;
  auto reader = stub_feed_->Watch(ctx.get(), req);
  ev::Event e;
  int64_t last = 0;
  std::vector<std::string> mine;
  while (mine.size() < 2 && reader->Read(&e)) {
    EXPECT_GT(e.seq(), last);
    last = e.seq();
    EXPECT_EQ(e.source_service(), "cases");
    if (e.aggregate_id() != created.name()) continue;
    mine.push_back(e.event_type());
    if (e.event_type() == "collab.events.v1.CaseCreated") {
      ev::CaseCreated payload;
      ASSERT_TRUE(e.payload().UnpackTo(&payload));
      EXPECT_EQ(payload.case_name(), created.name());
      EXPECT_EQ(payload.employer(), created.employer());
    }
  }
  ctx->TryCancel();
  EXPECT_THAT(mine, ::testing::ElementsAre("collab.events.v1.CaseCreated",
                                           "collab.events.v1.CaseStatusChanged"));
}

TEST_F(EventFeedTest, OnlyTheReportingServiceMayWatch) {
  for (const auth::Principal& p : {Service("funding"), CaseWorker()}) {
    auto ctx = collab::testing::SignedContext(p, collab::testing::kTestInternalKey, 5);
    ev::WatchRequest req;
    auto reader = stub_feed_->Watch(ctx.get(), req);
    ev::Event e;
    EXPECT_FALSE(reader->Read(&e));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  auto ctx = collab::testing::UnsignedContext(5);
  ev::WatchRequest req;
  auto reader = stub_feed_->Watch(ctx.get(), req);
  ev::Event e;
  EXPECT_FALSE(reader->Read(&e));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace collab::cases
