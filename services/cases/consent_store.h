#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "collab/cases/v1/consent.pb.h"
#include "services/cases/domain/visibility.h"

// SQL of consents (the employee's consent to share restricted fields with one organisation).
// Rows are never deleted; revoking sets revoke_time. Runs inside the caller's transaction.
namespace collab::cases {

void PrepareConsentStatements(pqxx::connection& conn);

// `c` validated; party_organisation as organisations/{id}; times set.
collab::cases::v1::Consent InsertConsent(pqxx::work& tx, const std::string& case_id,
                                         const std::string& id, const collab::cases::v1::Consent& c,
                                         const std::string& recorded_by);
std::optional<collab::cases::v1::Consent> LoadConsent(pqxx::work& tx, const std::string& case_id,
                                                      const std::string& id, bool lock);
collab::cases::v1::Consent RevokeConsentRow(pqxx::work& tx, const std::string& case_id,
                                            const std::string& id, int64_t revoke_micros,
                                            const std::string& revoked_by);
// By create time then id, after `after` ({micros, id}) — at most `limit`, of the consents
// `audience` sees (filtered in the query, so pages stay full and bounded), given to `party_id`
// when it is not empty.
std::vector<collab::cases::v1::Consent> ListConsentRows(pqxx::work& tx, const std::string& case_id,
                                                        const std::string& party_id,
                                                        const ConsentAudience& audience,
                                                        const std::vector<std::string>& after,
                                                        int limit);
// The keyset of a consent for paging.
std::vector<std::string> ConsentKey(const collab::cases::v1::Consent& c);

}  // namespace collab::cases
