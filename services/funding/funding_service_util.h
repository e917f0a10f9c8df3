#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "libs/common/errors.h"
#include "libs/common/paging.h"
#include "libs/common/resource_name.h"
#include "libs/db/transaction.h"
#include "libs/rpc/call_handler.h"
#include "services/funding/funding_access.h"
#include "services/funding/funding_store.h"
#include "services/funding/request_names.h"

// Helpers shared by the funding_service_*.cc files: names, transactions, loading a project for
// the caller, the DRAFT-only rule and in-memory paging of a project's small child lists.
namespace collab::funding {

#define FUNDING_METHOD(name) "/collab.funding.v1.FundingService/" name

// An organisations/{organisation} reference; INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> OrganisationId(const std::string& name, const std::string& field);

db::TxOptions Tx(const rpc::CallContext& call, bool read_only = false);

// Today in Sweden (calendar days; domain.md: dates carry no zone).
absl::CivilDay SwedishToday();

// Loads the project for the caller and checks `access`: NOT_FOUND when it does not exist, is
// deleted or is outside the caller's reach; PERMISSION_DENIED when visible but not allowed.
absl::StatusOr<ProjectRow> LoadProjectFor(pqxx::work& tx, const std::string& project_id,
                                          const rpc::CallContext& call, ProjectAccess access,
                                          Lock lock);

// Phases, budget lines and commitments change only in DRAFT (FundingService comment).
absl::Status RequireDraft(const ProjectRow& project);

// A page over a project's child resources (tens of rows, loaded whole so budget lines can be
// evaluated together): items after `after_name`, at most `limit`, and the name of the last one
// when more follow.
template <class R>
std::vector<R> PageAfter(const std::vector<R>& all, const std::string& after_name, int limit,
                         std::string* next) {
  std::vector<R> out;
  size_t i = 0;
  if (!after_name.empty()) {
    while (i < all.size() && all[i].name() != after_name) ++i;
    if (i < all.size()) ++i;
  }
  for (; i < all.size() && static_cast<int>(out.size()) < limit; ++i) out.push_back(all[i]);
  next->clear();
  if (i < all.size() && !out.empty()) *next = out.back().name();
  return out;
}

}  // namespace collab::funding
