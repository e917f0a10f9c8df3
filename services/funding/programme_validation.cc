#include "services/funding/programme_validation.h"

#include "absl/strings/str_cat.h"
#include "libs/common/dates.h"
#include "libs/common/resource_name.h"

namespace collab::funding {
namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxText = 2000;

std::string F(std::string_view prefix, std::string_view field) {
  return absl::StrCat(absl::string_view(prefix.data(), prefix.size()),
                      absl::string_view(field.data(), field.size()));
}

}  // namespace

void ValidateNote(const std::string& note, std::string_view field, FieldViolations& v) {
  if (note.size() > kMaxText) v.Add(std::string(field), "must be at most 2000 characters");
}

void ValidateOffering(const v1::ServiceOffering& o, std::string_view prefix, FieldViolations& v) {
  if (o.display_name().empty()) v.Add(F(prefix, "display_name"), "is required");
  if (o.display_name().size() > kMaxName) {
    v.Add(F(prefix, "display_name"), "must be at most 200 characters");
  }
  ValidateNote(o.description(), F(prefix, "description"), v);
  if (o.category() == v1::SERVICE_CATEGORY_UNSPECIFIED ||
      !v1::ServiceCategory_IsValid(o.category())) {
    v.Add(F(prefix, "category"), "is required: remedial, preventive, promotive or developmental");
  }
  if (o.format() == v1::SERVICE_FORMAT_UNSPECIFIED || !v1::ServiceFormat_IsValid(o.format())) {
    v.Add(F(prefix, "format"), "is required");
  }
  if (o.duration_description().size() > kMaxName) {
    v.Add(F(prefix, "duration_description"), "must be at most 200 characters");
  }
  ValidateDateRange(o.availability(), F(prefix, "availability"), v);
}

void ValidateOrderFields(const v1::Order& o, std::string_view prefix, FieldViolations& v) {
  const auto member = ParseResourceName(o.member_organisation(), "organisations/{}");
  if (!o.employer_orderer().empty()) {
    auto ids = ParseResourceName(o.employer_orderer(), "organisations/{}/contacts/{}");
    if (!ids) {
      v.Add(F(prefix, "employer_orderer"),
            "must be a contact name organisations/{organisation}/contacts/{contact}");
    } else if (member && (*ids)[0] != (*member)[0]) {
      v.Add(F(prefix, "employer_orderer"), "must be a contact of the member organisation");
    }
  }
  if (!o.union_orderer().empty() &&
      !ParseResourceName(o.union_orderer(), "organisations/{}/contacts/{}")) {
    v.Add(F(prefix, "union_orderer"),
          "must be a contact name organisations/{organisation}/contacts/{contact}");
  }
  ValidateDateRange(o.desired_period(), F(prefix, "desired_period"), v);
  if (o.expected_participants() < 0) {
    v.Add(F(prefix, "expected_participants"), "must not be negative");
  }
  ValidateNote(o.note(), F(prefix, "note"), v);
}

void ValidateDelivery(const v1::Delivery& d, std::string_view prefix, FieldViolations& v) {
  if (IsUnset(d.delivery_date())) {
    v.Add(F(prefix, "delivery_date"), "is required");
  } else if (!ToCivilDay(d.delivery_date())) {
    v.Add(F(prefix, "delivery_date"), "is not a real calendar date");
  }
  if (d.participant_count() < 0) v.Add(F(prefix, "participant_count"), "must not be negative");
  if (d.format() == v1::DELIVERY_FORMAT_UNSPECIFIED || !v1::DeliveryFormat_IsValid(d.format())) {
    v.Add(F(prefix, "format"), "is required: on site, digital or hybrid");
  }
  ValidateNote(d.note(), F(prefix, "note"), v);
}

}  // namespace collab::funding
