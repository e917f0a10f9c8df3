#include "libs/db/pool.h"

#include <pqxx/pqxx>
#include <pqxx/transaction>

#include "gtest/gtest.h"
#include "libs/db/test/test_util.h"

namespace collab::db {
namespace {

using PoolTest = ::collab::db::testing::DbTest;

TEST_F(PoolTest, ExhaustionTimesOutThenRecovers) {
  ConnectionPool pool({.conninfo = RoleConnInfo(),
                       .size = 2,
                       .acquire_timeout = absl::Milliseconds(100)});
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();

  const absl::Time start = absl::Now();
  auto c = pool.Acquire();
  const absl::Duration waited = absl::Now() - start;
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(c.status().message().find("2 connections busy"), std::string::npos)
      << c.status();
  EXPECT_GE(waited, absl::Milliseconds(90));
  EXPECT_LT(waited, absl::Milliseconds(1000));

  *a = ConnectionPool::Lease();  // Give one back.
  auto d = pool.Acquire();
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(pool.open_connections(), 2);
}

TEST_F(PoolTest, WaiterGetsReleasedConnection) {
  ConnectionPool pool({.conninfo = RoleConnInfo(),
                       .size = 1,
                       .acquire_timeout = absl::Seconds(5)});
  auto a = pool.Acquire();
  ASSERT_TRUE(a.ok());
  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(50));
    *a = ConnectionPool::Lease();
  });
  auto b = pool.Acquire();
  releaser.join();
  ASSERT_TRUE(b.ok()) << b.status();
}

TEST_F(PoolTest, EarlierDeadlineWins) {
  ConnectionPool pool({.conninfo = RoleConnInfo(),
                       .size = 1,
                       .acquire_timeout = absl::Seconds(10)});
  auto a = pool.Acquire();
  ASSERT_TRUE(a.ok());
  const absl::Time start = absl::Now();
  auto b = pool.Acquire(absl::Now() + absl::Milliseconds(50));
  EXPECT_EQ(b.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

TEST_F(PoolTest, OnConnectRunsOncePerConnectionAndConnectionsAreReused) {
  int connects = 0;
  ConnectionPool pool({.conninfo = RoleConnInfo(),
                       .size = 2,
                       .on_connect = [&](pqxx::connection& c) {
                         ++connects;
                         c.prepare("one", "SELECT 1");
                       }});
  for (int i = 0; i < 5; ++i) {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    pqxx::work tx(**lease);
    EXPECT_EQ(tx.exec_prepared("one")[0][0].as<int>(), 1);
    tx.commit();
  }
  EXPECT_EQ(connects, 1);
  EXPECT_TRUE(pool.Ping());
}

TEST_F(PoolTest, UnreachableServerIsUnavailable) {
  ConnectionPool pool({.conninfo = "host=/nonexistent-collab-dir port=1"});
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(pool.Ping());
  EXPECT_EQ(pool.open_connections(), 0);
}

TEST_F(PoolTest, BrokenConnectionIsReplaced) {
  ConnectionPool pool({.conninfo = RoleConnInfo(), .size = 1});
  int pid = 0;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    pid = (*lease)->backendpid();
  }
  {
    pqxx::work tx(*admin_);
    tx.exec_params("SELECT pg_terminate_backend($1)", pid);
    tx.commit();
  }
  absl::SleepFor(absl::Milliseconds(100));
  // The first use notices the dead session; the pool then opens a new one.
  EXPECT_FALSE(pool.Ping());
  EXPECT_TRUE(pool.Ping());
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_NE((*lease)->backendpid(), pid);
}

}  // namespace
}  // namespace collab::db

namespace collab::db {
namespace {

TEST(PoolNoDbTest, MalformedConnInfoIsInvalidArgumentWithoutEcho) {
  ConnectionPool pool({.conninfo = "host=x password=hunter2 bogus"});
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(lease.status().message().find("hunter2"), std::string::npos);
  EXPECT_EQ(pool.open_connections(), 0);
}

}  // namespace
}  // namespace collab::db
