#include "services/organisations/domain/organisation_number.h"

#include "libs/common/luhn.h"

namespace collab::organisations {

absl::StatusOr<std::string> NormaliseOrganisationNumber(std::string_view input) {
  std::string digits;
  if (input.size() == 11 && input[6] == '-') {
    digits = std::string(input.substr(0, 6)) + std::string(input.substr(7));
  } else if (input.size() == 12 && input.substr(0, 2) == "16") {
    digits = std::string(input.substr(2));
  } else if (input.size() == 10) {
    digits = std::string(input);
  } else {
    return absl::InvalidArgumentError("must be 10 digits written NNNNNN-NNNN");
  }
  for (char c : digits) {
    if (c < '0' || c > '9') return absl::InvalidArgumentError("must contain only digits and one hyphen");
  }
  if (digits[2] < '2') {
    return absl::InvalidArgumentError("third digit must be 2 or more (an organisation number is never a date)");
  }
  const int check = LuhnCheckDigit(std::string_view(digits).substr(0, 9));
  if (check != digits[9] - '0') return absl::InvalidArgumentError("check digit does not match");
  return digits.substr(0, 6) + "-" + digits.substr(6);
}

std::string_view LegalFormOf(std::string_view normalised) {
  if (normalised.empty()) return "other";
  switch (normalised[0]) {
    case '2': return "state, region, municipality or parish";
    case '5': return "limited company";
    case '7': return "economic association";
    case '8': return "non-profit association or foundation";
    case '9': return "partnership";
    default: return "other";
  }
}

}  // namespace collab::organisations
