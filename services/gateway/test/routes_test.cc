#include "services/gateway/routes.h"

#include <gtest/gtest.h>

namespace collab::gateway {
namespace {

TEST(RoutesTest, EveryPublicMethodHasAPolicy) {
  auto table = RouteTable::Build({});
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_GT((*table)->routes().size(), 100u);
  for (const auto& route : (*table)->routes()) {
    EXPECT_NE(route->policy, nullptr) << route->method << " has no entry in the method policy";
    EXPECT_NE(route->request_prototype, nullptr) << route->method;
    EXPECT_NE(route->response_prototype, nullptr) << route->method;
  }
}

TEST(RoutesTest, RoutesByPackage) {
  auto table = RouteTable::Build({"127.0.0.1:1", "", "127.0.0.1:3", ""});
  ASSERT_TRUE(table.ok());
  const Route* get = (*table)->Find("/collab.organisations.v1.OrganisationService/GetOrganisation");
  ASSERT_NE(get, nullptr);
  ASSERT_NE(get->upstream, nullptr);
  EXPECT_EQ(get->upstream->target(), "127.0.0.1:1");
  EXPECT_FALSE(get->server_streaming);
  const Route* order = (*table)->Find("/collab.funding.v1.ProgrammeService/CreateOrder");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->upstream->target(), "127.0.0.1:3");
  const Route* cases = (*table)->Find("/collab.cases.v1.CaseService/GetCase");
  ASSERT_NE(cases, nullptr);
  EXPECT_EQ(cases->upstream, nullptr);
  EXPECT_EQ(cases->backend_flag, "--cases_backend");
  const Route* download = (*table)->Find("/collab.reporting.v1.ReportingService/DownloadExport");
  ASSERT_NE(download, nullptr);
  EXPECT_TRUE(download->server_streaming);
}

TEST(RoutesTest, InternalAndUnknownMethodsAreNotRouted) {
  auto table = RouteTable::Build({"a:1", "b:1", "c:1", "d:1"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ((*table)->Find("/collab.events.v1.EventFeed/Watch"), nullptr);
  EXPECT_EQ((*table)->Find("/collab.organisations.v1.OrganisationService/Nope"), nullptr);
  EXPECT_EQ((*table)->Find(""), nullptr);
  for (const std::string& s : (*table)->service_names()) {
    EXPECT_EQ(s.find("collab.events"), std::string::npos);
  }
}

}  // namespace
}  // namespace collab::gateway
