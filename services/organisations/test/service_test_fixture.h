#pragma once

#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>
#include "libs/rpc/server.h"
#include "services/organisations/service.h"
#include "tests/support/serve.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::organisations {

// The real service on a fresh database copied from the migrated template, served on a real
// port and called over a real gRPC channel. One database per test suite.
class OrganisationServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = collab::testing::TestDatabase::CreateFromTemplate();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db).release();
    pool_ = new db::ConnectionPool(
        db_->ServicePoolOptions("organisations", Store::PrepareStatements));
    store_ = new Store(*pool_);
    handler_ = new rpc::CallHandler(*auth::PrincipalSigner::Create(collab::testing::kTestInternalKey),
                                    "organisations.collab");
    service_ = new OrganisationServiceImpl(*store_, *handler_, PageTokenCodec("page-key"));
    rpc::ServerOptions server_options;
    server_options.ready_check = [] { return pool_->Ping(); };
    collab::testing::Serve<v1::OrganisationService>(service_, &server_, &stub_, server_options);
  }

  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
    delete service_;
    delete handler_;
    delete store_;
    delete pool_;
    delete db_;
  }

  static std::unique_ptr<grpc::ClientContext> As(auth::Role role, const std::string& org = "") {
    return collab::testing::SignedContext(collab::testing::MakePrincipal(role, org));
  }
  static std::unique_ptr<grpc::ClientContext> Admin() { return As(collab::common::v1::ROLE_ADMIN); }

  static inline collab::testing::TestDatabase* db_ = nullptr;
  static inline db::ConnectionPool* pool_ = nullptr;
  static inline Store* store_ = nullptr;
  static inline rpc::CallHandler* handler_ = nullptr;
  static inline OrganisationServiceImpl* service_ = nullptr;
  static inline rpc::Server* server_ = nullptr;
  static inline v1::OrganisationService::Stub* stub_ = nullptr;
};

}  // namespace collab::organisations

namespace collab::organisations::testdata {

// A valid organisationsnummer for test number n: "2120" (municipalities' range) + n, with the
// Luhn check digit computed.
std::string OrgNumber(int n);

v1::Organisation Org(const std::string& display_name, int n,
                     v1::OrganisationKind kind = v1::ORGANISATION_KIND_MUNICIPALITY,
                     const std::string& county = "17");

}  // namespace collab::organisations::testdata
