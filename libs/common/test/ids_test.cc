#include "libs/common/ids.h"

#include <gtest/gtest.h>

namespace collab {
namespace {

TEST(IdsTest, NewUuidIsCanonicalVersion4AndUnique) {
  std::string a = NewUuid();
  EXPECT_TRUE(IsUuid(a));
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, NewUuid());
}

TEST(IdsTest, IsUuidRejectsMalformed) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
}

}  // namespace
}  // namespace collab
