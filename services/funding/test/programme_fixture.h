#pragma once

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "libs/db/pool.h"
#include "libs/rpc/server.h"
#include "services/funding/programme_service.h"
#include "services/organisations/test/in_process_organisations.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace collab::funding {

namespace orgv1 = collab::organisations::v1;

// The real programme service and the real organisations service, each in-process on its own
// port with its own schema of one test database, called over real gRPC channels (no fake
// backends). One database per suite. The suite registers, through the organisations service's
// public RPCs: Partsrådet (owner_) running the programme Hållbart arbetsliv (programme_), whose
// members are two agencies A and B (member_a_, member_b_); an agency C that is no member
// (outsider_); a union (union_) with a representative; another owner (other_owner_) running a
// second programme; contacts on each side of A and B.
class ProgrammeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static auth::Principal P(auth::Role role, const std::string& org) {
    return collab::testing::MakePrincipal(role, org);
  }
  static std::unique_ptr<grpc::ClientContext> Ctx(const auth::Principal& p) {
    return collab::testing::SignedContext(p);
  }
  // The programme's project manager at Partsrådet, and a member's HR.
  static auth::Principal Owner() { return P(collab::common::v1::ROLE_PROJECT_MANAGER, owner_); }
  static auth::Principal Hr(const std::string& org) {
    return P(collab::common::v1::ROLE_EMPLOYER_HR, org);
  }

  // Registry helpers over the organisations service (as ADMIN).
  static std::string CreateOrganisation(const std::string& name, orgv1::OrganisationKind kind);
  static std::string CreateProgramme(const std::string& name, const std::string& owner);
  static void AddMember(const std::string& programme, const std::string& org);
  static std::string CreateContact(const std::string& org, const std::string& name,
                                   orgv1::ContactRole role);

  // A catalogue service of `programme_` created by the owner; fails the test on error.
  static v1::ServiceOffering Offering(
      const std::string& display_name,
      v1::ServiceCategory category = v1::SERVICE_CATEGORY_PREVENTIVE,
      v1::ServiceFormat format = v1::SERVICE_FORMAT_WORKSHOP);
  // A valid order of `offering` by member A (or `member`, with its own contacts), not yet sent.
  static v1::Order SampleOrder(const v1::ServiceOffering& offering);
  // CreateOrder as the member's HR; fails the test on error.
  static v1::Order Order(const v1::Order& order);
  // Moves an order on as the owner: ConfirmOrder, StartOrderDelivery.
  static v1::Order Confirm(const v1::Order& order);
  static v1::Order StartDelivery(const v1::Order& order);
  static v1::Delivery Deliver(const v1::Order& order, int day, int participants);

  // Superuser access to the suite's database for checks the service role cannot make.
  static std::unique_ptr<pqxx::connection> Superuser() {
    return std::make_unique<pqxx::connection>(db_->AdminConnInfo());
  }
  static int64_t Count(const std::string& sql);
  static std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }
  // The ErrorInfo reason of a status.
  static std::string Reason(const grpc::Status& status);

  static inline collab::testing::TestDatabase* db_ = nullptr;
  static inline organisations::testing::InProcessOrganisations* orgs_ = nullptr;
  static inline orgv1::OrganisationService::Stub* org_stub_ = nullptr;

  static inline db::ConnectionPool* pool_ = nullptr;
  static inline rpc::CallHandler* handler_ = nullptr;
  static inline ProgrammeDirectory* directory_ = nullptr;
  static inline ProgrammeServiceImpl* service_ = nullptr;
  static inline rpc::Server* server_ = nullptr;
  static inline v1::ProgrammeService::Stub* stub_ = nullptr;

  static inline std::string owner_, programme_, member_a_, member_b_, outsider_, union_,
      other_owner_, other_programme_;
  // Contacts: employer side and union side of A and B.
  static inline std::string a_hr_, a_union_rep_, b_hr_, b_union_rep_;
};

}  // namespace collab::funding
