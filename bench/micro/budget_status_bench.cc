// GetBudgetStatus on a project with 1 000 000 ledger entries (issue 5: "it must stay fast as the
// ledger grows"). Run under tests/support/with_postgres.sh: a fresh database from the migrated
// template, the KUPO project inserted by SQL, the entries inserted in bulk with their running
// totals built the way CreateLedgerEntry keeps them, then the real FundingService over a real
// gRPC channel timed call by call. For contrast it also times the query a status would need
// without running totals (one aggregate over the ledger).
//
//   COLLAB_BIN_DIR=$PWD/build/bin tests/support/with_postgres.sh build/bin/funding_budget_status_bench
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/time/clock.h"
#include "libs/rpc/organisation_directory.h"
#include "libs/rpc/server.h"
#include "services/funding/funding_service.h"
#include "tests/support/signed_context.h"
#include "tests/support/test_database.h"

namespace {

namespace v1 = collab::funding::v1;

constexpr int kEntries = 1'000'000;
constexpr int kCalls = 200;
constexpr char kProject[] = "b0000000-0000-4000-8000-000000000001";

// The KUPO project, active, five lines, six commitments, and the entries spread over its lines,
// its 276 days and its funders; totals grouped exactly as ledger_totals keys them.
void Seed(pqxx::connection& conn) {
  pqxx::work tx(conn);
  tx.exec("SET search_path TO funding");
  tx.exec(std::string("INSERT INTO projects (id, display_name, owner_organisation_id, project_manager, "
                      "start_date, end_date, status, currency_code) VALUES ('") + kProject +
          "', 'KUPO', 'a1000000-0000-4000-8000-000000000001', 'pm', '2016-05-01', '2017-01-31', 4, 'SEK')");
  tx.exec(std::string("INSERT INTO budget_lines (id, project_id, category, entered_minor) "
                      "SELECT ('b1000000-0000-4000-8000-00000000000' || i)::uuid, '") + kProject +
          "', i, (ARRAY[40000000, 14000000, 21000000, 1000000, 10000000])[i] "
          "FROM generate_series(1, 5) i");
  tx.exec(std::string("INSERT INTO funding_commitments (id, project_id, funder_id, kind, amount_minor) "
                      "SELECT ('b2000000-0000-4000-8000-00000000000' || i)::uuid, '") + kProject +
          "', ('a1000000-0000-4000-8000-0000000000' || (ARRAY['09','10','11','12','01','01'])[i])::uuid, "
          "CASE WHEN i <= 4 THEN 1 ELSE 2 END, "
          "(ARRAY[19000000, 12000000, 11000000, 20000000, 10000000, 14000000])[i] "
          "FROM generate_series(1, 6) i");
  // Every tenth entry is FK's in-kind time, the rest cash without a funder; one in fifty is a
  // negative correction.
  tx.exec(std::string("INSERT INTO ledger_entries (id, project_id, budget_line_id, booking_date, "
                      "amount_minor, kind, funder_id, voucher_reference, booked_by) "
                      "SELECT gen_random_uuid(), '") + kProject + "', "
          "('b1000000-0000-4000-8000-00000000000' || (1 + n % 5))::uuid, "
          "date '2016-05-01' + (n % 276), "
          "CASE WHEN n % 50 = 0 THEN -5000 ELSE 10000 + n % 997 END, "
          "CASE WHEN n % 10 = 0 THEN 2 ELSE 1 END, "
          "CASE WHEN n % 10 = 0 THEN 'a1000000-0000-4000-8000-000000000001'::uuid END, "
          "'V-' || n, 'bench' FROM generate_series(1, " + std::to_string(kEntries) + ") n");
  tx.exec(std::string("INSERT INTO ledger_totals (project_id, budget_line_id, funder_id, kind, "
                      "booking_date, spent_minor, entry_count) "
                      "SELECT project_id, budget_line_id, "
                      "coalesce(funder_id, '00000000-0000-0000-0000-000000000000'), kind, "
                      "booking_date, sum(amount_minor), count(*) FROM ledger_entries "
                      "WHERE project_id = '") + kProject + "' GROUP BY 1, 2, 3, 4, 5");
  tx.commit();
  pqxx::nontransaction(conn).exec("ANALYZE funding.ledger_entries; ANALYZE funding.ledger_totals");
}

struct Stats {
  double p50, p95, p99, mean;
};
Stats Summarise(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double u : us) sum += u;
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))]; };
  return {at(0.50), at(0.95), at(0.99), sum / us.size()};
}

}  // namespace

int main() {
  auto db = collab::testing::TestDatabase::CreateFromTemplate();
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n(run under tests/support/with_postgres.sh)\n",
                 std::string(db.status().message()).c_str());
    return 2;
  }
  auto admin = std::make_unique<pqxx::connection>((*db)->AdminConnInfo());
  const auto seed_start = std::chrono::steady_clock::now();
  Seed(*admin);
  const double seed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();
  const int64_t rows = pqxx::work(*admin).exec1(
      "SELECT count(*) FROM funding.ledger_entries")[0].as<int64_t>();
  const int64_t buckets = pqxx::work(*admin).exec1(
      "SELECT count(*) FROM funding.ledger_totals")[0].as<int64_t>();

  const std::string key = collab::testing::kTestInternalKey;
  collab::db::ConnectionPool pool((*db)->ServicePoolOptions(
      "funding", collab::funding::FundingServiceImpl::PrepareStatements, /*size=*/2));
  collab::rpc::CallHandler handler(*collab::auth::PrincipalSigner::Create(key), "funding.collab.se");
  // Reads never ask the registry.
  collab::rpc::OrganisationDirectory nowhere("127.0.0.1:1", *collab::auth::PrincipalSigner::Create(key),
                                             "funding");
  collab::funding::FundingServiceImpl service(pool, handler, collab::PageTokenCodec("bench"), nowhere);
  auto server = collab::rpc::Server::Start(collab::rpc::ServerOptions{}, {&service});
  if (!server.ok()) return 1;
  auto stub = v1::FundingService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));

  v1::GetBudgetStatusRequest req;
  req.set_project(std::string("projects/") + kProject);
  req.mutable_as_of_date()->set_year(2016);
  req.mutable_as_of_date()->set_month(12);
  req.mutable_as_of_date()->set_day(15);
  const auto principal = collab::testing::MakePrincipal(collab::common::v1::ROLE_ANALYST, "", "bench");
  v1::BudgetStatus status;
  std::vector<double> rpc_us;
  for (int i = 0; i < kCalls + 20; ++i) {
    auto ctx = collab::testing::SignedContext(principal);
    const auto t0 = std::chrono::steady_clock::now();
    grpc::Status s = stub->GetBudgetStatus(ctx.get(), req, &status);
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    if (!s.ok()) {
      std::fprintf(stderr, "GetBudgetStatus: %s\n", s.error_message().c_str());
      return 1;
    }
    if (i >= 20) rpc_us.push_back(us);  // 20 warm-up calls
  }

  // Without running totals: one aggregate over the project's ledger (what a status would scan).
  std::vector<double> scan_us;
  for (int i = 0; i < 10; ++i) {
    pqxx::work tx(*admin);
    const auto t0 = std::chrono::steady_clock::now();
    tx.exec(std::string("SELECT budget_line_id, funder_id, kind, date_trunc('month', booking_date), "
                        "sum(amount_minor) FROM funding.ledger_entries WHERE project_id = '") +
            kProject + "' AND booking_date <= '2016-12-15' GROUP BY 1, 2, 3, 4");
    scan_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }

  const Stats r = Summarise(rpc_us), sc = Summarise(scan_us);
  std::printf("command: tests/support/with_postgres.sh build/bin/funding_budget_status_bench\n");
  std::printf("cores:   %u\n", std::thread::hardware_concurrency());
  std::printf("date:    %s\n", absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::Now(), absl::UTCTimeZone()).c_str());
  std::printf("ledger:  %lld entries, %lld running-total rows (seeded in %.1f s)\n",
              static_cast<long long>(rows), static_cast<long long>(buckets), seed_s);
  std::printf("status:  spent %lld öre, %d lines, %d funders, %d periods, %d warnings\n",
              static_cast<long long>(status.total().spent().minor_units()), status.lines_size(),
              status.funders_size(), status.periods_size(), status.warnings_size());
  std::printf("GetBudgetStatus over gRPC, %d calls: p50 %.0f µs, p95 %.0f µs, p99 %.0f µs, mean %.0f µs\n",
              kCalls, r.p50, r.p95, r.p99, r.mean);
  std::printf("for contrast, one aggregate over the ledger, 10 runs: p50 %.0f µs, mean %.0f µs\n",
              sc.p50, sc.mean);
  (*server)->Shutdown();
  return 0;
}
