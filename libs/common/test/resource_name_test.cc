#include "libs/common/resource_name.h"

#include <gtest/gtest.h>

namespace collab {
namespace {

constexpr char kOrg[] = "123e4567-e89b-42d3-a456-426614174000";
constexpr char kUnit[] = "223e4567-e89b-42d3-a456-426614174000";

TEST(ResourceNameTest, ParsesIds) {
  auto ids = ParseResourceName(std::string("organisations/") + kOrg + "/units/" + kUnit,
                               "organisations/{}/units/{}");
  ASSERT_TRUE(ids);
  EXPECT_EQ((*ids)[0], kOrg);
  EXPECT_EQ((*ids)[1], kUnit);
}

TEST(ResourceNameTest, RejectsOtherShapes) {
  EXPECT_FALSE(ParseResourceName("organisations/", "organisations/{}"));
  EXPECT_FALSE(ParseResourceName("organisations/abc", "organisations/{}"));
  EXPECT_FALSE(ParseResourceName(std::string("networks/") + kOrg, "organisations/{}"));
  EXPECT_FALSE(ParseResourceName(std::string("organisations/") + kOrg + "/units",
                                 "organisations/{}"));
}

}  // namespace
}  // namespace collab
