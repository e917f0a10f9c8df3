// The audit chain: append-only for the service role, verified by VerifyAuditChain (ADMIN), an
// altered, deleted or reordered row found at the first broken link.
#include "services/cases/test/case_service_fixture.h"

namespace collab::cases {
namespace {

class AuditChainTest : public CaseServiceTest {};

v1::VerifyAuditChainResponse Verify(v1::CaseService::Stub* stub, auth::Principal admin) {
  v1::VerifyAuditChainRequest req;
  v1::VerifyAuditChainResponse resp;
  grpc::Status s = stub->VerifyAuditChain(collab::testing::SignedContext(admin).get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp;
}

TEST_F(AuditChainTest, OnlyAdminsVerify) {
  v1::VerifyAuditChainRequest req;
  v1::VerifyAuditChainResponse resp;
  EXPECT_EQ(stub_->VerifyAuditChain(Ctx(CaseWorker()).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuditChainTest, TheServiceRoleCannotAlterTheLog) {
  Create(SampleCase(30));
  pqxx::connection conn(db_->ConnInfoForRole("collab_cases"));
  for (const char* sql : {"UPDATE cases.audit_events SET actor = 'x'",
                          "DELETE FROM cases.audit_events", "TRUNCATE cases.audit_events"}) {
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec(sql), pqxx::sql_error) << sql;
  }
}

TEST_F(AuditChainTest, VerifiesAndFindsTheFirstAlteredRow) {
  // Two cases, several events each, interleaved.
  const v1::Case a = Create(SampleCase(31));
  const v1::Case b = Create(SampleCase(32));
  for (const auto& c : {a, b, a}) {
    v1::GetCaseRequest get;
    get.set_name(c.name());
    v1::Case out;
    ASSERT_TRUE(stub_->GetCase(Ctx(CaseWorker()).get(), get, &out).ok());
  }
  v1::VerifyAuditChainResponse ok = Verify(stub_, Admin());
  EXPECT_TRUE(ok.intact());
  EXPECT_GE(ok.events_checked(), 5);

  // The superuser alters one event (replica mode skips the append-only trigger, as an attacker
  // with database access could).
  int64_t altered = 0;
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    altered = tx.exec1("SELECT min(seq) FROM cases.audit_events WHERE case_id = '" + IdOf(a.name()) +
                       "' AND case_seq = 2")[0].as<int64_t>();
    tx.exec("SET LOCAL session_replication_role = replica");
    tx.exec("UPDATE cases.audit_events SET actor = 'someone-else' WHERE seq = " +
            std::to_string(altered));
    tx.commit();
  }
  v1::VerifyAuditChainResponse broken = Verify(stub_, Admin());
  EXPECT_FALSE(broken.intact());
  EXPECT_EQ(broken.first_break().seq(), altered);
  EXPECT_EQ(broken.first_break().kind(), v1::AUDIT_CHAIN_BREAK_KIND_HASH_MISMATCH);
}

// Its own suite, so its database holds no break from the test above.
class AuditDeletionTest : public CaseServiceTest {};

TEST_F(AuditDeletionTest, FindsADeletedRow) {
  const v1::Case a = Create(SampleCase(33));
  v1::GetCaseRequest get;
  get.set_name(a.name());
  v1::Case out;
  ASSERT_TRUE(stub_->GetCase(Ctx(CaseWorker()).get(), get, &out).ok());
  ASSERT_TRUE(stub_->GetCase(Ctx(CaseWorker()).get(), get, &out).ok());
  {
    auto conn = Superuser();
    pqxx::work tx(*conn);
    tx.exec("SET LOCAL session_replication_role = replica");
    tx.exec("DELETE FROM cases.audit_events WHERE case_id = '" + IdOf(a.name()) + "' AND case_seq = 2");
    tx.commit();
  }
  v1::VerifyAuditChainResponse broken = Verify(stub_, Admin());
  EXPECT_FALSE(broken.intact());
  EXPECT_EQ(broken.first_break().kind(), v1::AUDIT_CHAIN_BREAK_KIND_SEQUENCE_GAP);
}

}  // namespace
}  // namespace collab::cases

namespace collab::cases {
namespace {

class ListAuditEventsTest : public CaseServiceTest {};

TEST_F(ListAuditEventsTest, CaseWorkersReadTheLogOfTheirCasesAdminsReadAll) {
  const v1::Case c = Create(SampleCase(34));
  v1::GetCaseRequest get;
  get.set_name(c.name());
  v1::Case out;
  ASSERT_TRUE(stub_->GetCase(Ctx(P(collab::common::v1::ROLE_EMPLOYER_HR, employer_a_, "hr-7")).get(), get, &out).ok());

  v1::ListAuditEventsRequest req;
  req.set_case_name(c.name());
  v1::ListAuditEventsResponse resp;
  grpc::Status s = stub_->ListAuditEvents(Ctx(CaseWorker()).get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(resp.audit_events_size(), 2);
  EXPECT_EQ(resp.audit_events(0).action(), v1::AUDIT_ACTION_CREATE);
  EXPECT_EQ(resp.audit_events(1).actor(), "hr-7");
  EXPECT_EQ(resp.audit_events(1).case_name(), c.name());
  EXPECT_EQ(resp.audit_events(1).hash().size(), 32u);
  EXPECT_EQ(resp.audit_events(1).previous_hash(), resp.audit_events(0).hash());

  // A case worker of another office: not found; without a case: refused.
  EXPECT_EQ(stub_->ListAuditEvents(Ctx(P(collab::common::v1::ROLE_CASE_WORKER, fk_, "cw-f2", "", f2_)).get(),
                                   req, &resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListAuditEventsRequest all;
  EXPECT_EQ(stub_->ListAuditEvents(Ctx(CaseWorker()).get(), all, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  all.set_actor("hr-7");
  all.set_page_size(1);
  ASSERT_TRUE(stub_->ListAuditEvents(Ctx(Admin()).get(), all, &resp).ok());
  ASSERT_EQ(resp.audit_events_size(), 1);
  EXPECT_EQ(resp.audit_events(0).actor(), "hr-7");
}

}  // namespace
}  // namespace collab::cases
