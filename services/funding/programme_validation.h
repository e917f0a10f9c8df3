#pragma once

#include <string_view>

#include "collab/funding/v1/programme.pb.h"
#include "libs/common/errors.h"

// Field checks of the programme resources as a client sends them. `prefix` names the request
// field they came in ("service_offering.", "order.", "delivery."), so every violation names the
// field exactly. Rules of the programme (joint ordering, orderability, order state) are in
// domain/order_rules.h, not here.
namespace collab::funding {

// display_name required (≤ 200), category and format known and set, availability a valid range.
void ValidateOffering(const v1::ServiceOffering& o, std::string_view prefix, FieldViolations& v);

// Shapes of what a member fills in: orderers are contact names, the employer side a contact of
// the member organisation itself; desired_period a valid range; expected_participants ≥ 0.
// Whether both sides are present is the joint-ordering rule (CheckJointOrder).
void ValidateOrderFields(const v1::Order& o, std::string_view prefix, FieldViolations& v);

// delivery_date required and real, participant_count ≥ 0, format known and set.
void ValidateDelivery(const v1::Delivery& d, std::string_view prefix, FieldViolations& v);

// A free-text note of at most 2000 characters.
void ValidateNote(const std::string& note, std::string_view field, FieldViolations& v);

}  // namespace collab::funding
