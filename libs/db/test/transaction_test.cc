#include "libs/db/transaction.h"

#include <atomic>
#include <thread>

#include <pqxx/pqxx>
#include <pqxx/except>
#include <pqxx/nontransaction>

#include "gtest/gtest.h"
#include "libs/db/errors.h"
#include "libs/db/test/test_util.h"

namespace collab::db {
namespace {

class TransactionTest : public ::collab::db::testing::DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) return;
    pqxx::work tx(*admin_);
    tx.exec("SET LOCAL ROLE " + target_.role);
    tx.exec("CREATE TABLE " + target_.schema +
            ".items (id int PRIMARY KEY, v text NOT NULL CHECK (v <> ''))");
    tx.commit();
    pool_ = std::make_unique<ConnectionPool>(
        ConnectionPool::Options{.conninfo = RoleConnInfo(), .size = 4});
  }
  void TearDown() override {
    pool_.reset();
    DbTest::TearDown();
  }

  int Count() {
    pqxx::nontransaction tx(*admin_);
    return tx.exec("SELECT count(*) FROM " + target_.schema + ".items")[0][0]
        .as<int>();
  }
  static absl::Status Insert(pqxx::work& tx, int id, const std::string& v) {
    tx.exec_params("INSERT INTO items (id, v) VALUES ($1, $2)", id, v);
    return absl::OkStatus();
  }

  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(TransactionTest, CommitsOnOk) {
  EXPECT_TRUE(RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
                return Insert(tx, 1, "a");
              }).ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, CallbackErrorRollsBackAndIsReturnedUnchanged) {
  absl::Status s = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    Insert(tx, 1, "a").IgnoreError();
    return absl::InvalidArgumentError("nope");
  });
  EXPECT_EQ(s, absl::InvalidArgumentError("nope"));
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, SerializationFailureIsRetried) {
  int attempts = 0;
  absl::Status s = RunInTransaction(*pool_, {}, [&](pqxx::work& tx) {
    Insert(tx, 1, "a").IgnoreError();
    if (++attempts == 1) throw pqxx::serialization_failure("simulated");
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, GivesUpWithAbortedAfterMaxAttempts) {
  int attempts = 0;
  absl::Status s = RunInTransaction(
      *pool_, {.max_attempts = 3}, [&](pqxx::work&) -> absl::Status {
        ++attempts;
        throw pqxx::deadlock_detected("simulated");
      });
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_FALSE(IsRetryable(s));
  EXPECT_EQ(attempts, 3);
}

TEST_F(TransactionTest, RetryableStatusFromCallbackIsRetried) {
  int attempts = 0;
  absl::Status s = RunInTransaction(*pool_, {}, [&](pqxx::work&) {
    return ++attempts < 3 ? RetryableAbort("again") : absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(attempts, 3);
}

TEST_F(TransactionTest, RealSerializableConflictIsRetried) {
  std::atomic<int> readers{0};
  std::atomic<int> attempts{0};
  auto work = [&](int id) {
    return RunInTransaction(
        *pool_, {.isolation = Isolation::kSerializable},
        [&, id](pqxx::work& tx) {
          const int attempt = ++attempts;
          const int n = tx.exec("SELECT count(*) FROM items")[0][0].as<int>();
          if (attempt <= 2) {
            // Both read before either writes: classic write skew.
            ++readers;
            const absl::Time until = absl::Now() + absl::Seconds(5);
            while (readers < 2 && absl::Now() < until) {
              absl::SleepFor(absl::Milliseconds(1));
            }
          }
          return Insert(tx, id, absl::StrCat("seen ", n));
        });
  };
  absl::Status s1, s2;
  std::thread t1([&] { s1 = work(1); });
  std::thread t2([&] { s2 = work(2); });
  t1.join();
  t2.join();
  EXPECT_TRUE(s1.ok()) << s1;
  EXPECT_TRUE(s2.ok()) << s2;
  EXPECT_EQ(Count(), 2);
  EXPECT_GE(attempts.load(), 3);
}

TEST_F(TransactionTest, ConstraintViolationsMapToCodes) {
  ASSERT_TRUE(RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
                return Insert(tx, 1, "a");
              }).ok());
  absl::Status dup = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    return Insert(tx, 1, "b");
  });
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists) << dup;
  absl::Status check = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    return Insert(tx, 2, "");
  });
  EXPECT_EQ(check.code(), absl::StatusCode::kInvalidArgument) << check;
  absl::Status syntax = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    tx.exec_params("SELEC $1", "secret-value");
    return absl::OkStatus();
  });
  EXPECT_EQ(syntax.code(), absl::StatusCode::kInternal) << syntax;
  EXPECT_EQ(syntax.message().find("secret-value"), std::string::npos);
  EXPECT_EQ(Count(), 1);
}

TEST_F(TransactionTest, ValueOverload) {
  absl::StatusOr<int> n = RunInTransaction<int>(
      *pool_, {.read_only = true}, [](pqxx::work& tx) -> absl::StatusOr<int> {
        return tx.exec("SELECT 41 + 1")[0][0].as<int>();
      });
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 42);
  absl::StatusOr<int> err = RunInTransaction<int>(
      *pool_, {}, [](pqxx::work&) -> absl::StatusOr<int> {
        return absl::NotFoundError("x");
      });
  EXPECT_EQ(err.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TransactionTest, ReadOnlyRefusesWrites) {
  absl::Status s = RunInTransaction(*pool_, {.read_only = true},
                                    [](pqxx::work& tx) {
                                      return Insert(tx, 1, "a");
                                    });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Count(), 0);
}

TEST_F(TransactionTest, DeadlineBecomesStatementTimeout) {
  const absl::Time start = absl::Now();
  absl::Status s = RunInTransaction(
      *pool_, {.deadline = absl::Now() + absl::Milliseconds(200)},
      [](pqxx::work& tx) {
        tx.exec("SELECT pg_sleep(5)");
        return absl::OkStatus();
      });
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));

  int calls = 0;
  absl::Status past = RunInTransaction(
      *pool_, {.deadline = absl::Now() - absl::Seconds(1)},
      [&](pqxx::work&) {
        ++calls;
        return absl::OkStatus();
      });
  EXPECT_EQ(past.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(calls, 0);
}

// The timeout is kept on the session between transactions (pool.h): a call without a deadline
// after one with a deadline must not inherit it.
TEST_F(TransactionTest, StatementTimeoutFollowsEachCallsDeadline) {
  auto show = [&](absl::Time deadline) {
    absl::StatusOr<std::string> v = RunInTransaction<std::string>(
        *pool_, {.deadline = deadline}, [](pqxx::work& tx) -> absl::StatusOr<std::string> {
          return tx.exec("SHOW statement_timeout")[0][0].as<std::string>();
        });
    EXPECT_TRUE(v.ok()) << v.status();
    return v.value_or("");
  };
  // Rounded up to 250 ms: 4 999 ms left → 5 s.
  EXPECT_EQ(show(absl::Now() + absl::Seconds(5)), "5s");
  EXPECT_EQ(show(absl::InfiniteFuture()), "0");
  EXPECT_EQ(show(absl::Now() + absl::Milliseconds(1100)), "1250ms");
  absl::Status s = RunInTransaction(*pool_, {}, [](pqxx::work& tx) {
    tx.exec("SELECT pg_sleep(1.5)");  // longer than the previous call's timeout
    return absl::OkStatus();
  });
  EXPECT_TRUE(s.ok()) << s;
}

TEST_F(TransactionTest, LostConnectionIsRetriedOnceOnAFreshOne) {
  int attempts = 0;
  absl::Status s = RunInTransaction(*pool_, {}, [&](pqxx::work& tx) {
    if (++attempts == 1) {
      // The server ends our own session mid-transaction.
      tx.exec("SELECT pg_terminate_backend(pg_backend_pid())");
    }
    return Insert(tx, 1, "a");
  });
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(Count(), 1);

  int always = 0;
  absl::Status twice = RunInTransaction(*pool_, {}, [&](pqxx::work&) -> absl::Status {
    ++always;
    throw pqxx::broken_connection("simulated");
  });
  EXPECT_EQ(twice.code(), absl::StatusCode::kUnavailable) << twice;
  EXPECT_EQ(always, 2);
}

}  // namespace
}  // namespace collab::db
