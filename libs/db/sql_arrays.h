#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

// PostgreSQL array literals for text parameters (`$1::text[]`, `$1::smallint[]`) and text[]
// columns back: one statement parameter instead of a JSON document unpacked by a subquery.
namespace collab::db {

// {"a","b \"c\""}: every element quoted, `"` and `\` escaped (PostgreSQL 8.15.6).
std::string TextArrayLiteral(const std::vector<std::string>& items);
// {1,2}
std::string IntArrayLiteral(const std::vector<int>& values);
// A text[] column; NULL is empty.
std::vector<std::string> TextArrayOf(const pqxx::field& f);

}  // namespace collab::db
