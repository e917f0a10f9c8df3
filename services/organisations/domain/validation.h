#pragma once

#include <string>
#include <string_view>

#include "collab/organisations/v1/organisations.pb.h"
#include "libs/common/errors.h"

// Pure validation rules of the registry; the service runs them on the whole resource after an
// update mask is applied, so a create and an update are checked alike.
namespace collab::organisations {

namespace v1 = collab::organisations::v1;

// Swedish county codes (länskoder, SCB): 01 Stockholm … 25 Norrbotten, 17 Värmland.
bool IsCountyCode(std::string_view code);
// Four-digit municipality code (kommunkod) whose first two digits are a county code.
bool IsMunicipalityCode(std::string_view code);
// A plausible e-mail address: one @, a non-empty local part and a dotted domain, no spaces.
bool IsPlausibleEmail(std::string_view email);

// Each adds violations under `prefix` (e.g. "organisation.") and may normalise fields in place
// (organisation_number to NNNNNN-NNNN, trimmed names).
void ValidateOrganisation(v1::Organisation& org, std::string_view prefix, FieldViolations& out);
void ValidateUnit(v1::Unit& unit, std::string_view prefix, FieldViolations& out);
void ValidateContact(v1::Contact& contact, std::string_view prefix, FieldViolations& out);
void ValidateNetwork(v1::Network& network, std::string_view prefix, FieldViolations& out);
void ValidateMembership(v1::Membership& membership, std::string_view prefix, FieldViolations& out);

}  // namespace collab::organisations
