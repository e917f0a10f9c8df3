#pragma once

#include <memory>
#include <string>

#include <pqxx/connection>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/db/migrations.h"
#include "tests/support/test_database.h"

namespace collab::db::testing {

#define COLLAB_ASSERT_OK(expr)                         \
  do {                                                 \
    const auto& _s = (expr);                           \
    ASSERT_TRUE(_s.ok()) << _s;                        \
  } while (0)

// Roles are cluster-wide: give every test its own names.
inline std::string UniqueName(const std::string& prefix) {
  absl::BitGen gen;
  return absl::StrCat(prefix, "_", absl::Uniform<uint32_t>(gen));
}

// A fresh database with one service-like target (schema + role +
// bookkeeping tables) to run library code against.
class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = collab::testing::TestDatabase::CreateFromTemplate();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    target_.schema = UniqueName("svc");
    target_.role = "collab_" + target_.schema;
    target_.dir = "/nonexistent/migrations";
    admin_ = std::make_unique<pqxx::connection>(db_->AdminConnInfo());
    auto applied = ApplyMigrations(*admin_, target_);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  void TearDown() override { admin_.reset(); }

  std::string RoleConnInfo() const { return db_->ConnInfoForRole(target_.role); }

  std::unique_ptr<collab::testing::TestDatabase> db_;
  std::unique_ptr<pqxx::connection> admin_;
  MigrationTarget target_;
};

}  // namespace collab::db::testing
