#include "libs/rpc/service_main.h"

#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/str_cat.h"
#include "libs/common/config.h"
#include "libs/common/logging.h"
#include "libs/db/conninfo.h"
#include "libs/db/idempotency_purger.h"
#include "libs/rpc/server.h"

ABSL_FLAG(std::string, listen, "", "host:port to serve gRPC on (default per service).");
ABSL_FLAG(std::string, database_url, "",
          "libpq connection string of the suite's database (URI or key=value); the service "
          "connects to it as its own role, so any user in it is replaced.");
ABSL_FLAG(std::string, database_user, "", "Database role (default collab_<service>).");
ABSL_FLAG(std::string, database_password, "", "Password of the database role, if any.");
ABSL_FLAG(int, db_pool_size, 8, "Database connections; gRPC threads are bounded near it.");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warn or error.");
ABSL_FLAG(int, shutdown_grace_seconds, 10, "How long running calls may finish on SIGTERM.");
ABSL_FLAG(absl::Duration, request_id_retention, absl::Hours(24 * 7),
          "How long a write's request_id is remembered for its retries (AIP-155); older records "
          "are purged hourly. 0 keeps them for ever.");

namespace collab::rpc {

int RunServiceMain(int argc, char** argv, const ServiceSpec& spec) {
  BlockTerminationSignals();
  // Debian's Abseil checks every mutex for lock-order cycles, gRPC's own included; measured as
  // the top symbol under load (bench/README.md). Lock order is a build-time concern here.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  config::Init(argc, argv,
               "collab backend; every flag can also be set as COLLAB_<FLAG> in the environment");
  log::Init(spec.name, absl::GetFlag(FLAGS_log_level));

  auto fail = [&](std::string_view what, const absl::Status& status) {
    log::Error(what, {{"error", std::string(status.message())}});
    return 1;
  };
  auto key = auth::LoadInternalKey();
  if (!key.ok()) return fail("no internal key", key.status());
  auto signer = auth::PrincipalSigner::Create(*key);
  if (!signer.ok()) return fail("bad internal key", signer.status());

  if (absl::GetFlag(FLAGS_database_url).empty()) {
    return fail("no database", absl::FailedPreconditionError("set --database_url / COLLAB_DATABASE_URL"));
  }
  std::string user = absl::GetFlag(FLAGS_database_user);
  if (user.empty()) user = absl::StrCat("collab_", spec.name);
  std::vector<std::pair<std::string, std::string>> overrides = {
      {"user", user},
      {"options", absl::StrCat("-c search_path=", spec.name)},
      {"application_name", absl::StrCat("collab-", spec.name)}};
  if (!absl::GetFlag(FLAGS_database_password).empty()) {
    overrides.emplace_back("password", absl::GetFlag(FLAGS_database_password));
  }
  auto conninfo = db::ConnInfoWithOverrides(absl::GetFlag(FLAGS_database_url), overrides);
  if (!conninfo.ok()) return fail("bad database_url", conninfo.status());

  db::ConnectionPool::Options pool_options;
  pool_options.conninfo = *conninfo;
  pool_options.size = absl::GetFlag(FLAGS_db_pool_size);
  pool_options.on_connect = spec.prepare_statements;
  db::ConnectionPool pool(pool_options);
  db::IdempotencyPurger request_ids(pool, absl::GetFlag(FLAGS_request_id_retention));
  CallHandler handler(*std::move(signer), absl::StrCat(spec.name, ".collab"));
  ServiceParts parts{pool, handler, *key};
  BuiltServices built = spec.build(parts);

  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen).empty() ? spec.default_listen
                                                                : absl::GetFlag(FLAGS_listen);
  // gRPC's sync server refuses a call outright (RESOURCE_EXHAUSTED) when it has no thread for
  // it, so threads are not capped at the pool: extra calls wait for a connection in the pool
  // (bounded by its acquire timeout) instead of being refused.
  options.max_threads = std::max(64, pool_options.size * 8);
  options.max_idle_threads = pool_options.size + 4;
  options.shutdown_grace = absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
  options.ready_check = [&pool] { return pool.Ping(); };
  auto server = Server::Start(options, built.services);
  if (!server.ok()) return fail("cannot start", server.status());

  const int sig = WaitForTerminationSignal();
  log::Info("stopping", {{"signal", sig}});
  (*server)->Shutdown();
  return 0;
}

}  // namespace collab::rpc
