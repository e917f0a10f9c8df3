#include "libs/db/sql_arrays.h"

#include <pqxx/pqxx>

#include "gtest/gtest.h"
#include "libs/db/test/test_util.h"

namespace collab::db {
namespace {

using SqlArraysTest = ::collab::db::testing::DbTest;

// The literal is read by PostgreSQL itself, so quoting mistakes show as wrong elements or errors.
TEST_F(SqlArraysTest, TextLiteralRoundTripsAwkwardElements) {
  const std::vector<std::string> items = {
      "plain", "", "NULL", "with space", "comma,inside", "{braces}", "quote\"d",
      "back\\slash", "åäö Försäkringskassan", "tail\\"};
  pqxx::work tx(*admin_);
  pqxx::result r = tx.exec_params("SELECT $1::text[], cardinality($1::text[]), "
                                  "array_position($1::text[], NULL) IS NULL",
                                  TextArrayLiteral(items));
  EXPECT_EQ(TextArrayOf(r[0][0]), items);
  EXPECT_EQ(r[0][1].as<int>(), static_cast<int>(items.size()));
  EXPECT_TRUE(r[0][2].as<bool>()) << "\"NULL\" must stay a string";
}

TEST_F(SqlArraysTest, EmptyListsAndIntegers) {
  pqxx::work tx(*admin_);
  pqxx::result r = tx.exec_params("SELECT cardinality($1::text[]), $2::smallint[]::text, "
                                  "cardinality($3::int[])",
                                  TextArrayLiteral({}), IntArrayLiteral({3, -1, 12}),
                                  IntArrayLiteral({}));
  EXPECT_EQ(r[0][0].as<int>(), 0);
  EXPECT_EQ(std::string(r[0][1].c_str()), "{3,-1,12}");
  EXPECT_EQ(r[0][2].as<int>(), 0);
}

TEST_F(SqlArraysTest, NullColumnReadsAsEmpty) {
  pqxx::work tx(*admin_);
  EXPECT_TRUE(TextArrayOf(tx.exec("SELECT NULL::text[]")[0][0]).empty());
}

}  // namespace
}  // namespace collab::db
