#include "libs/db/conninfo.h"

#include "gtest/gtest.h"

namespace collab::db {
namespace {

TEST(ConnInfoTest, RewritesUriAsKeyValueWithNewUser) {
  auto s = ConnInfoWithUser("postgresql://admin:secret@db.example:5433/app",
                            "collab_cases", "pw");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(ConnInfoValue(*s, "user").value(), "collab_cases");
  EXPECT_EQ(ConnInfoValue(*s, "password").value(), "pw");
  EXPECT_EQ(ConnInfoValue(*s, "host").value(), "db.example");
  EXPECT_EQ(ConnInfoValue(*s, "port").value(), "5433");
  EXPECT_EQ(ConnInfoValue(*s, "dbname").value(), "app");
}

TEST(ConnInfoTest, EmptyPasswordKeepsTheStoredOne) {
  auto s = ConnInfoWithUser("host=/tmp/x user=postgres password=old", "r", "");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(ConnInfoValue(*s, "user").value(), "r");
  EXPECT_EQ(ConnInfoValue(*s, "password").value(), "old");
}

TEST(ConnInfoTest, QuotesSpacesQuotesAndBackslashes) {
  auto s = ConnInfoWithUser("host=/tmp/x dbname=postgres", "u",
                            "a b'c\\d");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_NE(s->find("password='a b\\'c\\\\d'"), std::string::npos) << *s;
  // And it parses back to the same value.
  EXPECT_EQ(ConnInfoValue(*s, "password").value(), "a b'c\\d");
}

TEST(ConnInfoTest, ReplacesDatabaseAndKeepsOtherOptions) {
  auto s = ConnInfoWithDatabase(
      "postgresql://u@%2Ftmp%2Fsock:5555/old?sslmode=disable&application_name=x",
      "new");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(ConnInfoValue(*s, "dbname").value(), "new");
  EXPECT_EQ(ConnInfoValue(*s, "host").value(), "/tmp/sock");
  EXPECT_EQ(ConnInfoValue(*s, "sslmode").value(), "disable");
  EXPECT_EQ(ConnInfoValue(*s, "application_name").value(), "x");
  EXPECT_EQ(ConnInfoValue(*s, "user").value(), "u");
}

TEST(ConnInfoTest, BadStringIsInvalidArgumentWithoutEchoingIt) {
  auto s = ConnInfoWithUser("host=x password=hunter2 bogus", "u", "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.status().message()).find("hunter2"),
            std::string::npos);
  auto u = ConnInfoWithDatabase("postgresql://u:hunter2@h/%zz", "d");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(std::string(u.status().message()).find("hunter2"),
            std::string::npos);
}

TEST(ConnInfoTest, UnsetValueIsEmpty) {
  EXPECT_EQ(ConnInfoValue("host=/tmp", "password").value(), "");
}

}  // namespace
}  // namespace collab::db
