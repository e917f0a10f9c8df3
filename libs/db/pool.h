#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace collab::db {

// A bounded pool of libpqxx connections, opened lazily. Thread-safe.
//
// Services point each connection at their own schema by setting
// `options='-c search_path=<schema>'` in the conninfo or by running
// `SET search_path` in on_connect; outbox.h and idempotency.h rely on it.
class ConnectionPool {
 public:
  struct Options {
    std::string conninfo;
    int size = 8;
    // Upper bound on how long Acquire() waits for a free connection.
    absl::Duration acquire_timeout = absl::Seconds(2);
    // Runs once on every new connection (prepare statements, SET ...). An
    // exception thrown here fails that Acquire() and drops the connection.
    std::function<void(pqxx::connection&)> on_connect;
  };

  // A borrowed connection, returned to the pool when destroyed.
  class Lease {
    // A pooled connection and what the pool knows of its session.
    struct Pooled {
      explicit Pooled(const std::string& conninfo) : conn(conninfo) {}
      pqxx::connection conn;
      int64_t statement_timeout_ms = 0;
    };

   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection& operator*() const { return conn_->conn; }
    pqxx::connection* operator->() const { return &conn_->conn; }
    explicit operator bool() const { return conn_ != nullptr; }

    // The connection is unusable (lost mid-transaction, or its session state
    // is unknown): close it instead of returning it.
    void MarkBroken() { broken_ = true; }

    // The session's statement_timeout in ms as last set through this pool (0: the server's
    // default). Kept with the connection so RunInTransaction sets it only when it changes.
    int64_t& statement_timeout_ms() { return conn_->statement_timeout_ms; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Pooled> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    void Release();

    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<Pooled> conn_;
    bool broken_ = false;
  };

  explicit ConnectionPool(Options options);
  // All leases must have been returned before the pool is destroyed.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits until min(now + acquire_timeout, deadline) for a connection.
  // RESOURCE_EXHAUSTED when none frees up in time; UNAVAILABLE when a new
  // connection cannot be opened.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

  // SELECT 1 on a pooled connection with a short timeout; for health checks.
  bool Ping();

  int size() const { return options_.size; }
  // Connections currently open (idle plus leased).
  int open_connections() const;

 private:
  void Return(std::unique_ptr<Lease::Pooled> conn, bool broken);

  const Options options_;
  mutable absl::Mutex mu_;
  absl::CondVar cv_;
  std::vector<std::unique_ptr<Lease::Pooled>> idle_ ABSL_GUARDED_BY(mu_);
  // Open connections plus connections being opened.
  int total_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace collab::db
