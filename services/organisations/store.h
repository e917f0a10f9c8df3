#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "collab/organisations/v1/organisations.pb.h"
#include "libs/db/pool.h"

// SQL of the organisations service: one transaction per call, named prepared statements,
// rows mapped to the proto resources. No rule lives here beyond what the schema enforces.
namespace collab::organisations {

namespace v1 = collab::organisations::v1;

// One page of a list: the items and, when more follow, the sort key of the last one.
template <class R>
struct Page {
  std::vector<R> items;
  std::vector<std::string> next_key;  // empty at the end
};

// Where a write came from, for idempotent creates.
struct WriteRequest {
  std::string request_id;
  std::string method;
  const google::protobuf::Message* request = nullptr;
  absl::Time deadline = absl::InfiniteFuture();
};

// Applies a caller's change to the current version of a resource inside the update
// transaction (mask, then validation); a non-OK status aborts the update.
template <class R>
using Mutation = std::function<absl::Status(R&)>;

struct OrganisationFilter {
  int kind = 0;
  std::string county_code;
  std::string network_id;  // memberships in force today
  std::string display_name_prefix;
  bool show_deleted = false;
};

struct NetworkFilter {
  int kind = 0;
  std::string county_code;
  std::string display_name_prefix;
  bool show_deleted = false;
};

class Store {
 public:
  explicit Store(db::ConnectionPool& pool) : pool_(pool) {}

  // Prepares this store's statements; pass as ConnectionPool::Options::on_connect.
  static void PrepareStatements(pqxx::connection& conn);

  absl::StatusOr<v1::Organisation> GetOrganisation(const std::string& id, absl::Time deadline);
  absl::StatusOr<Page<v1::Organisation>> ListOrganisations(const OrganisationFilter& filter,
                                                           const std::vector<std::string>& after,
                                                           int limit, absl::Time deadline);
  absl::StatusOr<v1::Organisation> CreateOrganisation(const v1::Organisation& org,
                                                      const WriteRequest& write);
  absl::StatusOr<v1::Organisation> UpdateOrganisation(const std::string& id, const std::string& etag,
                                                      const Mutation<v1::Organisation>& mutate,
                                                      absl::Time deadline);
  absl::StatusOr<v1::Organisation> DeleteOrganisation(const std::string& id, const std::string& etag,
                                                      absl::Time deadline);

  absl::StatusOr<v1::Unit> GetUnit(const std::string& org_id, const std::string& id,
                                   absl::Time deadline);
  absl::StatusOr<Page<v1::Unit>> ListUnits(const std::string& org_id, const std::string& prefix,
                                           bool show_deleted, const std::vector<std::string>& after,
                                           int limit, absl::Time deadline);
  absl::StatusOr<v1::Unit> CreateUnit(const std::string& org_id, const v1::Unit& unit,
                                      const WriteRequest& write);
  absl::StatusOr<v1::Unit> UpdateUnit(const std::string& org_id, const std::string& id,
                                      const std::string& etag, const Mutation<v1::Unit>& mutate,
                                      absl::Time deadline);
  absl::StatusOr<v1::Unit> DeleteUnit(const std::string& org_id, const std::string& id,
                                      const std::string& etag, absl::Time deadline);

  absl::StatusOr<v1::Contact> GetContact(const std::string& org_id, const std::string& id,
                                         absl::Time deadline);
  absl::StatusOr<Page<v1::Contact>> ListContacts(const std::string& org_id, int role,
                                                 bool show_deleted,
                                                 const std::vector<std::string>& after, int limit,
                                                 absl::Time deadline);
  absl::StatusOr<v1::Contact> CreateContact(const std::string& org_id, const v1::Contact& contact,
                                            const WriteRequest& write);
  absl::StatusOr<v1::Contact> UpdateContact(const std::string& org_id, const std::string& id,
                                            const std::string& etag,
                                            const Mutation<v1::Contact>& mutate,
                                            absl::Time deadline);
  absl::StatusOr<v1::Contact> DeleteContact(const std::string& org_id, const std::string& id,
                                            const std::string& etag, absl::Time deadline);

  absl::StatusOr<v1::Network> GetNetwork(const std::string& id, absl::Time deadline);
  absl::StatusOr<Page<v1::Network>> ListNetworks(const NetworkFilter& filter,
                                                 const std::vector<std::string>& after, int limit,
                                                 absl::Time deadline);
  absl::StatusOr<v1::Network> CreateNetwork(const v1::Network& network, const WriteRequest& write);
  absl::StatusOr<v1::Network> UpdateNetwork(const std::string& id, const std::string& etag,
                                            const Mutation<v1::Network>& mutate,
                                            absl::Time deadline);
  absl::StatusOr<v1::Network> DeleteNetwork(const std::string& id, const std::string& etag,
                                            absl::Time deadline);

  absl::StatusOr<v1::Membership> GetMembership(const std::string& network_id,
                                               const std::string& id, absl::Time deadline);
  absl::StatusOr<Page<v1::Membership>> ListMemberships(const std::string& network_id,
                                                       const std::string& organisation_id,
                                                       bool show_deleted,
                                                       const std::vector<std::string>& after,
                                                       int limit, absl::Time deadline);
  absl::StatusOr<v1::Membership> CreateMembership(const std::string& network_id,
                                                  const v1::Membership& membership,
                                                  const WriteRequest& write);
  absl::StatusOr<v1::Membership> UpdateMembership(const std::string& network_id,
                                                  const std::string& id, const std::string& etag,
                                                  const Mutation<v1::Membership>& mutate,
                                                  absl::Time deadline);
  absl::StatusOr<v1::Membership> DeleteMembership(const std::string& network_id,
                                                  const std::string& id, const std::string& etag,
                                                  absl::Time deadline);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace collab::organisations
