#include "services/organisations/domain/validation.h"

#include <algorithm>
#include <array>
#include <string>

#include "libs/common/dates.h"
#include "services/organisations/domain/organisation_number.h"

namespace collab::organisations {
namespace {

constexpr size_t kMaxNameLength = 200;

// SCB's county codes in force since 1998 (Skåne 12 and Västra Götaland 14 merged older ones).
constexpr std::array<std::string_view, 21> kCountyCodes = {
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
    "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"};

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Trims a required display name in place and checks its length.
void CheckName(std::string* name, const std::string& field, FieldViolations& out) {
  *name = Trim(*name);
  if (name->empty()) {
    out.Add(field, "is required");
  } else if (name->size() > kMaxNameLength) {
    out.Add(field, "must be at most 200 characters");
  }
}

template <class Enum>
void CheckEnum(int value, bool (*is_valid)(int), const std::string& field, FieldViolations& out) {
  if (value == 0) {
    out.Add(field, "is required");
  } else if (!is_valid(value)) {
    out.Add(field, "is not a known value");
  }
}

bool IsUuidResource(std::string_view name, std::string_view collection) {
  if (name.substr(0, collection.size()) != collection) return false;
  std::string_view id = name.substr(collection.size());
  return id.size() == 36;
}

}  // namespace

bool IsCountyCode(std::string_view code) {
  return std::find(kCountyCodes.begin(), kCountyCodes.end(), code) != kCountyCodes.end();
}

bool IsMunicipalityCode(std::string_view code) {
  return code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         IsCountyCode(code.substr(0, 2));
}

bool IsPlausibleEmail(std::string_view email) {
  if (email.size() > 254 || email.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  const size_t at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

void ValidateOrganisation(v1::Organisation& org, std::string_view prefix, FieldViolations& out) {
  const std::string p(prefix);
  CheckName(org.mutable_display_name(), p + "display_name", out);
  CheckEnum<v1::OrganisationKind>(org.kind(), v1::OrganisationKind_IsValid, p + "kind", out);
  auto number = NormaliseOrganisationNumber(org.organisation_number());
  if (number.ok()) {
    org.set_organisation_number(*number);
  } else {
    out.Add(p + "organisation_number", std::string(number.status().message()));
  }
  if (!v1::Sector_IsValid(org.sector())) out.Add(p + "sector", "is not a known value");
  if (!org.county_code().empty() && !IsCountyCode(org.county_code())) {
    out.Add(p + "county_code", "is not a Swedish county code (01–25)");
  }
  if (!v1::SizeBand_IsValid(org.size_band())) out.Add(p + "size_band", "is not a known value");
}

void ValidateUnit(v1::Unit& unit, std::string_view prefix, FieldViolations& out) {
  const std::string p(prefix);
  CheckName(unit.mutable_display_name(), p + "display_name", out);
  if (!unit.municipality_code().empty() && !IsMunicipalityCode(unit.municipality_code())) {
    out.Add(p + "municipality_code", "is not a four-digit Swedish municipality code");
  }
}

void ValidateContact(v1::Contact& contact, std::string_view prefix, FieldViolations& out) {
  const std::string p(prefix);
  CheckName(contact.mutable_full_name(), p + "full_name", out);
  contact.set_email(Trim(contact.email()));
  if (!contact.email().empty() && !IsPlausibleEmail(contact.email())) {
    out.Add(p + "email", "is not an e-mail address");
  }
  contact.set_phone(Trim(contact.phone()));
  if (contact.phone().size() > 40) out.Add(p + "phone", "must be at most 40 characters");
  CheckEnum<v1::ContactRole>(contact.role(), v1::ContactRole_IsValid, p + "role", out);
  if (!contact.unit().empty() && contact.unit().find("/units/") == std::string::npos) {
    out.Add(p + "unit", "must be a unit name organisations/{organisation}/units/{unit}");
  }
}

void ValidateNetwork(v1::Network& network, std::string_view prefix, FieldViolations& out) {
  const std::string p(prefix);
  CheckName(network.mutable_display_name(), p + "display_name", out);
  CheckEnum<v1::NetworkKind>(network.kind(), v1::NetworkKind_IsValid, p + "kind", out);
  if (!network.owner_organisation().empty() &&
      !IsUuidResource(network.owner_organisation(), "organisations/")) {
    out.Add(p + "owner_organisation", "must be an organisation name organisations/{organisation}");
  }
  if (!network.county_code().empty() && !IsCountyCode(network.county_code())) {
    out.Add(p + "county_code", "is not a Swedish county code (01–25)");
  }
  ValidateDateRange(network.period(), p + "period", out);
}

void ValidateMembership(v1::Membership& membership, std::string_view prefix, FieldViolations& out) {
  const std::string p(prefix);
  if (!IsUuidResource(membership.organisation(), "organisations/")) {
    out.Add(p + "organisation", "must be an organisation name organisations/{organisation}");
  }
  CheckEnum<v1::MembershipRole>(membership.role(), v1::MembershipRole_IsValid, p + "role", out);
  ValidateDateRange(membership.period(), p + "period", out);
}

}  // namespace collab::organisations
