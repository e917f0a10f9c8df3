#include <google/protobuf/wrappers.pb.h>

#include <thread>

#include "absl/time/clock.h"

#include <pqxx/pqxx>
#include <pqxx/nontransaction>

#include "gtest/gtest.h"
#include "libs/db/idempotency.h"
#include "libs/db/idempotency_purger.h"
#include "libs/db/outbox.h"
#include "libs/db/transaction.h"
#include "libs/db/test/test_util.h"

namespace collab::db {
namespace {

class OutboxIdempotencyTest : public ::collab::db::testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) return;
    pool_ = std::make_unique<ConnectionPool>(
        ConnectionPool::Options{.conninfo = RoleConnInfo(), .size = 4});
  }
  void TearDown() override {
    pool_.reset();
    DbTest::TearDown();
  }
  int Rows(const std::string& table) {
    pqxx::nontransaction tx(*admin_);
    return tx.exec("SELECT count(*) FROM " + target_.schema + "." + table)[0][0]
        .as<int>();
  }
  int Publish() {
    auto n = RunInTransaction<int>(*pool_, {}, [](pqxx::work& tx) { return PublishEvents(tx, 100); });
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }
  // Other tests share the cluster, and any of their running transactions with an older xid holds
  // publication back for a moment: publish until `expected` events are out or 10 s pass.
  int PublishUntil(int expected) {
    int total = 0;
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (total < expected && absl::Now() < until) {
      total += Publish();
      if (total < expected) absl::SleepFor(absl::Milliseconds(20));
    }
    return total;
  }
  std::unique_ptr<ConnectionPool> pool_;
};

google::protobuf::StringValue Msg(const std::string& s) {
  google::protobuf::StringValue m;
  m.set_value(s);
  return m;
}

TEST_F(OutboxIdempotencyTest, AppendThenRead) {
  absl::StatusOr<int64_t> s1 = RunInTransaction<int64_t>(
      *pool_, {}, [](pqxx::work& tx) {
        return AppendEvent(tx, "collab.test.Created", "agg-1",
                           Msg(std::string("a\0b", 3)));
      });
  ASSERT_TRUE(s1.ok()) << s1.status();
  absl::StatusOr<int64_t> s2 = RunInTransaction<int64_t>(
      *pool_, {}, [](pqxx::work& tx) {
        return AppendEvent(tx, "collab.test.Updated", "agg-1", Msg("c"));
      });
  ASSERT_TRUE(s2.ok()) << s2.status();
  EXPECT_GT(*s2, *s1);

  EXPECT_EQ(PublishUntil(2), 2);
  EXPECT_EQ(Publish(), 0);  // each event is published once
  auto events = RunInTransaction<std::vector<OutboxEvent>>(
      *pool_, {}, [](pqxx::work& tx) { return ReadEvents(tx, 0, 10); });
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  const OutboxEvent& e = (*events)[0];
  EXPECT_EQ(e.position, 1);
  EXPECT_EQ(e.event_type, "collab.test.Created");
  EXPECT_EQ(e.aggregate_id, "agg-1");
  EXPECT_EQ(e.event_id.size(), 36u);
  EXPECT_LT(absl::Now() - e.create_time, absl::Minutes(1));
  google::protobuf::StringValue decoded;
  ASSERT_TRUE(decoded.ParseFromString(e.payload));
  EXPECT_EQ(decoded.value(), std::string("a\0b", 3));

  auto after = RunInTransaction<std::vector<OutboxEvent>>(
      *pool_, {}, [&](pqxx::work& tx) { return ReadEvents(tx, e.position, 10); });
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].event_type, "collab.test.Updated");
}

// The reason for positions: a transaction that took a lower seq but commits after a later one
// must still reach a consumer whose cursor has moved past the later one.
TEST_F(OutboxIdempotencyTest, LateCommitIsNotSkippedByTheFeed) {
  pqxx::connection slow_conn(RoleConnInfo());
  pqxx::work slow(slow_conn);
  ASSERT_TRUE(AppendEvent(slow, "collab.test.Slow", "a", Msg("slow")).ok());  // lower seq
  auto fast = RunInTransaction<int64_t>(*pool_, {}, [](pqxx::work& tx) {
    return AppendEvent(tx, "collab.test.Fast", "b", Msg("fast"));
  });
  ASSERT_TRUE(fast.ok()) << fast.status();

  // The slow transaction is still running: nothing after it may be published yet, or a consumer
  // would move its cursor past the slow event.
  EXPECT_EQ(Publish(), 0);
  slow.commit();
  EXPECT_EQ(PublishUntil(2), 2);

  auto events = RunInTransaction<std::vector<OutboxEvent>>(
      *pool_, {}, [](pqxx::work& tx) { return ReadEvents(tx, 0, 10); });
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event_type, "collab.test.Slow");
  EXPECT_EQ((*events)[1].event_type, "collab.test.Fast");
  EXPECT_LT((*events)[0].position, (*events)[1].position);
}

TEST_F(OutboxIdempotencyTest, RolledBackAppendLeavesNoEvent) {
  absl::Status s = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    auto seq = AppendEvent(tx, "collab.test.Created", "agg-1", Msg("x"));
    if (!seq.ok()) return seq.status();
    return absl::FailedPreconditionError("business rule failed");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Rows("outbox"), 0);
}

TEST_F(OutboxIdempotencyTest, LookupAndStore) {
  const std::string hash("\x01\x00\xff", 3);
  const std::string response("resp\0onse", 9);
  auto first = RunInTransaction<std::optional<std::string>>(
      *pool_, {}, [&](pqxx::work& tx) -> absl::StatusOr<std::optional<std::string>> {
        auto prior = LookupIdempotent(tx, "req-1", "Create", hash);
        if (!prior.ok() || prior->has_value()) return prior;
        absl::Status st = StoreIdempotent(tx, "req-1", "Create", hash, response);
        if (!st.ok()) return st;
        return std::optional<std::string>();
      });
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->has_value());

  auto again = RunInTransaction<std::optional<std::string>>(
      *pool_, {}, [&](pqxx::work& tx) {
        return LookupIdempotent(tx, "req-1", "Create", hash);
      });
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ(**again, response);

  auto other_hash = RunInTransaction<std::optional<std::string>>(
      *pool_, {}, [&](pqxx::work& tx) {
        return LookupIdempotent(tx, "req-1", "Create", "different");
      });
  EXPECT_EQ(other_hash.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(other_hash.status().message().find(
                "was used with a different request"),
            std::string::npos);
  auto other_method = RunInTransaction<std::optional<std::string>>(
      *pool_, {}, [&](pqxx::work& tx) {
        return LookupIdempotent(tx, "req-1", "Update", hash);
      });
  EXPECT_EQ(other_method.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(OutboxIdempotencyTest, ConcurrentDuplicatesGetTheFirstResponse) {
  // Each request writes an event (its "business effect") and stores its own
  // response; only one effect may survive and both callers see one response.
  std::atomic<int> inside{0};
  auto request = [&](const std::string& response) {
    return RunInTransaction<std::string>(
        *pool_, {}, [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
          auto prior = LookupIdempotent(tx, "req-c", "Create", "h");
          if (!prior.ok()) return prior.status();
          if (prior->has_value()) return **prior;
          auto seq = AppendEvent(tx, "collab.test.Created", "agg", Msg(response));
          if (!seq.ok()) return seq.status();
          // Both get past the lookup before either stores.
          ++inside;
          const absl::Time until = absl::Now() + absl::Seconds(2);
          while (inside < 2 && absl::Now() < until) {
            absl::SleepFor(absl::Milliseconds(1));
          }
          absl::Status st = StoreIdempotent(tx, "req-c", "Create", "h", response);
          if (!st.ok()) return st;
          return response;
        });
  };
  absl::StatusOr<std::string> r1, r2;
  std::thread t1([&] { r1 = request("one"); });
  std::thread t2([&] { r2 = request("two"); });
  t1.join();
  t2.join();
  ASSERT_TRUE(r1.ok()) << r1.status();
  ASSERT_TRUE(r2.ok()) << r2.status();
  EXPECT_EQ(*r1, *r2);
  EXPECT_EQ(Rows("outbox"), 1);
  EXPECT_EQ(Rows("idempotency"), 1);
}

// Request ids expire: records older than the retention go, younger ones stay and still replay.
TEST_F(OutboxIdempotencyTest, PurgeDeletesOnlyExpiredRequestIds) {
  for (const char* id : {"old-1", "old-2", "old-3", "new-1"}) {
    ASSERT_TRUE(RunInTransaction(*pool_, {}, [&](pqxx::work& tx) {
                  return StoreIdempotent(tx, id, "Create", "h", "response");
                }).ok());
  }
  {
    pqxx::nontransaction tx(*admin_);
    tx.exec("UPDATE " + target_.schema +
            ".idempotency SET create_time = now() - interval '8 days' WHERE request_id LIKE 'old-%'");
  }
  auto batch = RunInTransaction<int64_t>(*pool_, {}, [](pqxx::work& tx) {
    return PurgeIdempotency(tx, absl::Hours(24 * 7), 2);
  });
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(*batch, 2);  // the limit holds
  EXPECT_EQ(Rows("idempotency"), 2);

  auto rest = PurgeExpiredRequestIds(*pool_, absl::Hours(24 * 7), [] { return false; });
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(*rest, 1);
  EXPECT_EQ(Rows("idempotency"), 1);
  auto replay = RunInTransaction<std::optional<std::string>>(*pool_, {}, [](pqxx::work& tx) {
    return LookupIdempotent(tx, "new-1", "Create", "h");
  });
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->value_or(""), "response");

  auto refused = RunInTransaction<int64_t>(*pool_, {}, [](pqxx::work& tx) {
    return PurgeIdempotency(tx, absl::ZeroDuration(), 10);
  });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Rows("idempotency"), 1);
}

}  // namespace
}  // namespace collab::db
