#include "libs/db/migrations.h"

#include <filesystem>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "gtest/gtest.h"
#include "libs/db/test/test_util.h"

namespace collab::db {
namespace {

using ::collab::db::testing::UniqueName;
namespace fs = std::filesystem;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = collab::testing::TestDatabase::CreateFromTemplate();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    admin_ = std::make_unique<pqxx::connection>(db_->AdminConnInfo());
    dir_ = fs::temp_directory_path() / UniqueName("collab_mig_test");
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Write(const std::string& name, const std::string& sql) {
    std::ofstream(dir_ / name) << sql;
  }
  MigrationTarget Target(const std::string& schema) {
    return MigrationTarget{schema, "collab_" + schema, dir_, ""};
  }
  std::string Scalar(const std::string& sql) {
    pqxx::nontransaction tx(*admin_);
    return tx.exec(sql).at(0).at(0).as<std::string>();
  }

  std::unique_ptr<collab::testing::TestDatabase> db_;
  std::unique_ptr<pqxx::connection> admin_;
  fs::path dir_;
};

TEST_F(MigrationsTest, AppliesEachFileOnce) {
  Write("0001_items.sql", "CREATE TABLE items (id int PRIMARY KEY, v text);");
  Write("0002_more.sql",
        "ALTER TABLE items ADD COLUMN w int;\n"
        "CREATE INDEX items_w ON items (w);");
  Write("README.md", "not a migration");
  const MigrationTarget t = Target(UniqueName("mig"));
  auto first = ApplyMigrations(*admin_, t);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 2);
  auto second = ApplyMigrations(*admin_, t);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);

  Write("0003_third.sql", "CREATE TABLE third (id int);");
  auto third = ApplyMigrations(*admin_, t);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, 1);
  EXPECT_EQ(Scalar("SELECT string_agg(version || ':' || name || ':' || "
                   "length(checksum), ',' ORDER BY version) FROM " +
                   t.schema + ".schema_migrations"),
            "1:items:64,2:more:64,3:third:64");
}

TEST_F(MigrationsTest, ObjectsBelongToTheRole) {
  Write("0001_items.sql",
        "CREATE TABLE items (id bigserial PRIMARY KEY);\n"
        "CREATE VIEW item_ids AS SELECT id FROM items;");
  const MigrationTarget t = Target(UniqueName("own"));
  ASSERT_TRUE(ApplyMigrations(*admin_, t).ok());
  pqxx::nontransaction tx(*admin_);
  pqxx::result r = tx.exec_params(
      "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1",
      t.schema);
  // items, its sequence, pkey, view, plus the three bookkeeping tables.
  EXPECT_GE(r.size(), 8u);
  for (const auto& row : r) {
    EXPECT_EQ(row[1].as<std::string>(), t.role) << row[0].as<std::string>();
  }
  EXPECT_EQ(tx.exec_params1("SELECT pg_get_userbyid(nspowner) FROM "
                            "pg_namespace WHERE nspname = $1",
                            t.schema)[0]
                .as<std::string>(),
            t.role);
}

TEST_F(MigrationsTest, RefusesAChangedAppliedFile) {
  Write("0001_items.sql", "CREATE TABLE items (id int);");
  const MigrationTarget t = Target(UniqueName("chg"));
  ASSERT_TRUE(ApplyMigrations(*admin_, t).ok());
  Write("0001_items.sql", "CREATE TABLE items (id bigint);");
  Write("0002_next.sql", "CREATE TABLE next (id int);");
  auto r = ApplyMigrations(*admin_, t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("0001_items.sql"), std::string::npos)
      << r.status();
  // Nothing after the bad file was applied.
  EXPECT_EQ(Scalar("SELECT count(*) FROM " + t.schema + ".schema_migrations"),
            "1");
}

TEST_F(MigrationsTest, RefusesAGap) {
  Write("0001_a.sql", "SELECT 1;");
  Write("0003_c.sql", "SELECT 1;");
  auto r = ApplyMigrations(*admin_, Target(UniqueName("gap")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("0003_c.sql"), std::string::npos)
      << r.status();
}

TEST_F(MigrationsTest, RefusesDuplicateNumbers) {
  Write("0001_a.sql", "SELECT 1;");
  Write("0001_b.sql", "SELECT 1;");
  auto r = ApplyMigrations(*admin_, Target(UniqueName("dup")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationsTest, FailingFileRollsBackAndIsNamed) {
  Write("0001_ok.sql", "CREATE TABLE ok (id int);");
  Write("0002_bad.sql", "CREATE TABLE half (id int);\nCREATE TABLE oops (;");
  const MigrationTarget t = Target(UniqueName("bad"));
  auto r = ApplyMigrations(*admin_, t);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("0002_bad.sql"), std::string::npos)
      << r.status();
  EXPECT_EQ(Scalar("SELECT count(*) FROM " + t.schema + ".schema_migrations"),
            "1");
  EXPECT_EQ(Scalar("SELECT to_regclass('" + t.schema + ".half') IS NULL"),
            "t");
}

TEST_F(MigrationsTest, MissingDirectoryMeansBookkeepingOnly) {
  MigrationTarget t = Target(UniqueName("empty"));
  t.dir = dir_ / "does-not-exist";
  auto r = ApplyMigrations(*admin_, t);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, 0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = '" +
                   t.schema + "'"),
            "3");
}

TEST_F(MigrationsTest, RoleCannotReachAnotherSchema) {
  const MigrationTarget a = Target(UniqueName("a"));
  const MigrationTarget b = Target(UniqueName("b"));
  ASSERT_TRUE(ApplyMigrations(*admin_, a).ok());
  ASSERT_TRUE(ApplyMigrations(*admin_, b).ok());

  pqxx::connection as_a(db_->ConnInfoForRole(a.role));
  {
    pqxx::work tx(as_a);
    // Its own tables resolve through the role's search_path.
    EXPECT_EQ(tx.exec("SELECT count(*) FROM outbox")[0][0].as<int>(), 0);
    EXPECT_EQ(tx.exec("SHOW search_path")[0][0].as<std::string>(), a.schema);
  }
  {
    pqxx::work tx(as_a);
    EXPECT_THROW(tx.exec("SELECT * FROM " + b.schema + ".outbox"),
                 pqxx::insufficient_privilege);
  }
  {
    pqxx::work tx(as_a);
    EXPECT_THROW(tx.exec("CREATE TABLE public.sneaky (id int)"),
                 pqxx::insufficient_privilege);
  }
}

TEST_F(MigrationsTest, ConcurrentRunnersApplyEachFileOnce) {
  for (int i = 1; i <= 5; ++i) {
    Write(absl::StrCat("000", i, "_t", i, ".sql"),
          absl::StrCat("CREATE TABLE t", i, " (id int);"));
  }
  const MigrationTarget t = Target(UniqueName("conc"));
  absl::StatusOr<int> results[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      pqxx::connection conn(db_->AdminConnInfo());
      results[i] = ApplyMigrations(conn, t);
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  ASSERT_TRUE(results[1].ok()) << results[1].status();
  EXPECT_EQ(*results[0] + *results[1], 5);
}

}  // namespace
}  // namespace collab::db
