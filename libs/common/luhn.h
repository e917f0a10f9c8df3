#pragma once

#include <string>
#include <string_view>

namespace collab {

// The Luhn (mod 10) check digit over a string of decimal digits, as used by Swedish
// personnummer, samordningsnummer and organisationsnummer: weights 2,1,2,1,… from the left,
// digits of each product summed, check = (10 - sum mod 10) mod 10 (domain.md, Identity numbers).
// Returns -1 when `digits` holds anything but 0-9.
int LuhnCheckDigit(std::string_view digits);

// `digits` followed by their check digit: "850614123" → "8506141238". Empty when `digits` holds
// anything but 0-9.
std::string WithLuhnCheckDigit(std::string_view digits);

}  // namespace collab
