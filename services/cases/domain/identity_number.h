#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

// Swedish personal identity numbers of an employee: personnummer and samordningsnummer
// (co-ordination number). Rules: domain.md, "Identity numbers" (Skatteverket; folkbokföringslagen
// (1991:481) 18 § for personnummer, 18 a § for samordningsnummer).
//
// Accepted input forms (surrounding spaces ignored, nothing else):
//   YYMMDD-NNNC   10 digits, '-': the person is younger than 100 on `today`
//   YYMMDD+NNNC   10 digits, '+': the person is 100 or older on `today`
//   YYMMDDNNNC    10 digits without separator: read as '-'
//   YYYYMMDDNNNC  12 digits
//   YYYYMMDD-NNNC 12 digits with '-' ('+' is refused here: the century is already explicit)
//
// Errors never echo the number, so a status can be logged and returned as it is.
namespace collab::cases {

enum class IdentityNumberKind {
  kPersonnummer,
  kSamordningsnummer,  // day of birth + 60 (61–91)
};

struct IdentityNumber {
  // Always 12 digits, YYYYMMDDNNNC, as the number is written (for a samordningsnummer the day
  // keeps its +60). This is what is encrypted and keyed-hashed for lookup.
  std::string normalized;
  IdentityNumberKind kind = IdentityNumberKind::kPersonnummer;
  // The real date of birth (for a samordningsnummer the day minus 60).
  absl::CivilDay birth_date;
};

// Samordningsnummer add this to the day of birth (folkbokföringslagen 18 a §).
inline constexpr int kSamordningsnummerDayOffset = 60;
// A person who has turned this age writes '+' in the 10-digit form (folkbokföringslagen 18 §).
inline constexpr int kPlusSeparatorAge = 100;

// Parses and validates: form, real date (leap years; day − 60 for samordningsnummer), date of
// birth not after `today`, Luhn check digit over YYMMDDNNN (libs/common/luhn.h).
// 10-digit forms resolve the century against `today`. The separator turns from '-' to '+' at
// the start of the calendar year in which the person turns 100 (domain.md: "from the year the
// person turns 100"), so '-' gives the birth year Y with today.year − 100 < Y ≤ today.year and
// '+' the latest Y ≤ today.year − 100 ending in YY. INVALID_ARGUMENT otherwise, with a message
// naming the rule, never the number.
absl::StatusOr<IdentityNumber> ParseIdentityNumber(std::string_view input, absl::CivilDay today);

// For logs and responses: "YYYYMMDD-****", e.g. "19850101-****". The date part is written as
// the number has it, so a samordningsnummer keeps its day + 60 ("19850161-****"): the masked
// form then still says which kind of number it is and matches what people see on their
// documents; it reveals nothing the real birth date would not. The last four digits (birth
// number and check digit) are never shown.
std::string MaskIdentityNumber(const IdentityNumber& number);

// Masked form for a person with protected identity (skyddade personuppgifter), and for any
// input that failed to parse.
inline constexpr std::string_view kFullyMaskedIdentityNumber = "********-****";

}  // namespace collab::cases
