#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "collab/funding/v1/programme.pb.h"
#include "libs/common/errors.h"
#include "libs/common/paging.h"
#include "libs/db/transaction.h"
#include "services/funding/domain/order_rules.h"
#include "services/funding/programme_store.h"
#include "services/funding/request_names.h"

// Small helpers shared by the programme_service_*.cc files: resource names, transactions bound
// to the caller's deadline, etags, today's date and list pages.
namespace collab::funding {

namespace v1 = collab::funding::v1;

#define PROGRAMME_METHOD(name) "/collab.funding.v1.ProgrammeService/" name

// As ParseName for an optional filter field: empty stays empty.
absl::StatusOr<std::string> ParseOptionalId(const std::string& name, std::string_view pattern,
                                            const std::string& field);

// The programme, member_organisation and service_offering filters of ListInterests and ListOrders,
// each a resource name or empty; a malformed one is added to `violations` under its field.
void ParseMemberServiceFilter(const std::string& programme, const std::string& member_organisation,
                              const std::string& service_offering, MemberServiceFilter& filter,
                              FieldViolations& violations);

db::TxOptions Tx(absl::Time deadline, bool read_only = false);

// Today in UTC: order dates, retirement dates and the default coverage period end.
absl::CivilDay Today();

// collab.funding.v1.OrderState ↔ the domain's (domain/order_rules.h).
OrderState DomainState(v1::OrderState state);
v1::OrderState ProtoState(OrderState state);

// Fills a List response from a store page, encoding the next cursor.
template <class Page, class Items, class Response>
void FillPage(const Page& page, const PageTokenCodec& tokens, const std::string& fingerprint,
              Items* items, Response* resp) {
  for (const auto& r : page.items) *items->Add() = r;
  if (!page.next_key.empty()) resp->set_next_page_token(tokens.Encode(page.next_key, fingerprint));
}

}  // namespace collab::funding
