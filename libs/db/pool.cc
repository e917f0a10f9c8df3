#include "libs/db/pool.h"

#include <pqxx/pqxx>
#include <pqxx/transaction>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libs/db/conninfo.h"
#include "libs/db/errors.h"

namespace collab::db {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      conn_(std::move(other.conn_)),
      broken_(std::exchange(other.broken_, false)) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    conn_ = std::move(other.conn_);
    broken_ = std::exchange(other.broken_, false);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { Release(); }

void ConnectionPool::Lease::Release() {
  if (pool_ != nullptr && conn_ != nullptr) {
    pool_->Return(std::move(conn_), broken_);
  }
  pool_ = nullptr;
  conn_.reset();
  broken_ = false;
}

ConnectionPool::ConnectionPool(Options options) : options_(std::move(options)) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

int ConnectionPool::open_connections() const {
  absl::MutexLock lock(&mu_);
  return total_;
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(
    absl::Time deadline) {
  const absl::Time start = absl::Now();
  const absl::Time wait_until =
      std::min(start + options_.acquire_timeout, deadline);
  std::unique_ptr<Lease::Pooled> conn;
  {
    absl::MutexLock lock(&mu_);
    while (true) {
      // Drop idle connections that broke while parked (server restart).
      while (!idle_.empty() && !idle_.back()->conn.is_open()) {
        idle_.pop_back();
        --total_;
      }
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(conn));
      }
      if (total_ < options_.size) {
        ++total_;  // Reserve the slot; open outside the lock.
        break;
      }
      if (cv_.WaitWithDeadline(&mu_, wait_until) &&
          idle_.empty() && total_ >= options_.size) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "database connection pool exhausted (", total_,
            " connections busy, waited ",
            absl::ToInt64Milliseconds(absl::Now() - start), " ms)"));
      }
    }
  }
  // libpq's parse errors can quote the string (and its password): check it
  // ourselves first so only a sanitized message comes back.
  if (absl::StatusOr<std::string> ok = ConnInfoValue(options_.conninfo, "host");
      !ok.ok()) {
    {
      absl::MutexLock lock(&mu_);
      --total_;
    }
    cv_.Signal();
    return ok.status();
  }
  try {
    conn = std::make_unique<Lease::Pooled>(options_.conninfo);
    // pqxx 6 would otherwise silently reconnect a broken connection and
    // lose session state such as SET search_path; the pool replaces it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    conn->conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
    if (options_.on_connect) options_.on_connect(conn->conn);
  } catch (const std::exception& e) {
    conn.reset();
    {
      absl::MutexLock lock(&mu_);
      --total_;
    }
    cv_.Signal();
    absl::Status s = StatusFromException(e);
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
      // The string parsed, so libpq's text names host and port, not secrets.
      return absl::UnavailableError(
          absl::StrCat("cannot connect to database: ", s.message()));
    }
    return absl::Status(s.code(), absl::StrCat("setting up database connection: ",
                                               s.message()));
  }
  return Lease(this, std::move(conn));
}

void ConnectionPool::Return(std::unique_ptr<Lease::Pooled> conn,
                            bool broken) {
  {
    absl::MutexLock lock(&mu_);
    if (broken || !conn->conn.is_open()) {
      --total_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  // Close a discarded connection outside the lock; its slot is free now.
  conn.reset();
  cv_.Signal();
}

bool ConnectionPool::Ping() {
  absl::StatusOr<Lease> lease = Acquire(absl::Now() + absl::Seconds(1));
  if (!lease.ok()) return false;
  try {
    // SET LOCAL keeps any session setting made by on_connect intact.
    pqxx::work tx(**lease);
    tx.exec("SET LOCAL statement_timeout = 1000");
    tx.exec("SELECT 1");
    tx.commit();
    return true;
  } catch (const std::exception&) {
    lease->MarkBroken();
    return false;
  }
}

}  // namespace collab::db
