#include "services/cases/domain/identity_number.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "libs/common/luhn.h"

namespace collab::cases {
namespace {

constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// absl::CivilDay normalises 31 September into 1 October, so check the fields first.
std::optional<absl::CivilDay> RealDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  int max_day = kDaysInMonth[month - 1];
  if (month == 2 && IsLeapYear(year)) max_day = 29;
  if (day > max_day) return std::nullopt;
  return absl::CivilDay(year, month, day);
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int TwoDigits(std::string_view s, size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

// The largest year ≤ max_year whose last two digits are yy.
int LatestYearEndingIn(int yy, int max_year) {
  int year = max_year - ((max_year % 100) - yy);
  if (year > max_year) year -= 100;
  return year;
}

absl::Status Invalid(const char* rule) {
  // Never include the input: it is personal data (domain.md, "Identity numbers").
  return absl::InvalidArgumentError(std::string("identity number: ") + rule);
}

}  // namespace

absl::StatusOr<IdentityNumber> ParseIdentityNumber(std::string_view input, absl::CivilDay today) {
  std::string text(absl::StripAsciiWhitespace(std::string(input)));

  // Split into the date part, the separator (if any) and the last four digits.
  char separator = 0;
  std::string date_part;
  std::string tail;
  if (text.size() == 11 || text.size() == 13) {
    separator = text[text.size() - 5];
    if (separator != '-' && separator != '+') {
      return Invalid("expected YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC");
    }
    date_part = text.substr(0, text.size() - 5);
    tail = text.substr(text.size() - 4);
  } else if (text.size() == 10 || text.size() == 12) {
    date_part = text.substr(0, text.size() - 4);
    tail = text.substr(text.size() - 4);
  } else {
    return Invalid("expected YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC");
  }
  if (!AllDigits(date_part) || !AllDigits(tail)) {
    return Invalid("expected YYMMDD-NNNC, YYMMDD+NNNC or YYYYMMDDNNNC");
  }
  const bool long_form = date_part.size() == 8;
  if (long_form && separator == '+') {
    return Invalid("'+' is only used with a two-digit year (YYMMDD+NNNC)");
  }

  // Kind: a samordningsnummer has 60 added to the day (folkbokföringslagen 18 a §).
  const size_t yy_pos = long_form ? 2 : 0;
  const int month = TwoDigits(date_part, yy_pos + 2);
  const int written_day = TwoDigits(date_part, yy_pos + 4);
  IdentityNumberKind kind = IdentityNumberKind::kPersonnummer;
  int day = written_day;
  if (written_day > kSamordningsnummerDayOffset) {
    kind = IdentityNumberKind::kSamordningsnummer;
    day = written_day - kSamordningsnummerDayOffset;
  }

  // Century. 10-digit: '-' until the year of the 100th birthday, '+' from it (domain.md).
  const int yy = TwoDigits(date_part, yy_pos);
  int year;
  if (long_form) {
    year = TwoDigits(date_part, 0) * 100 + yy;
  } else if (separator == '+') {
    year = LatestYearEndingIn(yy, static_cast<int>(today.year()) - kPlusSeparatorAge);
  } else {
    year = LatestYearEndingIn(yy, static_cast<int>(today.year()));
  }

  std::optional<absl::CivilDay> birth = RealDate(year, month, day);
  if (!birth) {
    return Invalid(kind == IdentityNumberKind::kSamordningsnummer
                       ? "date of birth (day − 60) is not a real date"
                       : "date of birth is not a real date");
  }
  if (*birth > today) return Invalid("date of birth is in the future");

  // Luhn check digit over YYMMDDNNN (domain.md, "Identity numbers").
  std::string nine = date_part.substr(yy_pos) + tail.substr(0, 3);
  if (LuhnCheckDigit(nine) != tail[3] - '0') return Invalid("check digit does not match");

  IdentityNumber out;
  out.normalized = std::to_string(year / 100) + date_part.substr(yy_pos) + tail;
  if (year / 100 < 10) out.normalized = "0" + out.normalized;  // years before 1000: never real
  out.kind = kind;
  out.birth_date = *birth;
  return out;
}

std::string MaskIdentityNumber(const IdentityNumber& number) {
  if (number.normalized.size() != 12) return std::string(kFullyMaskedIdentityNumber);
  return number.normalized.substr(0, 8) + "-****";
}

}  // namespace collab::cases
