#include "libs/common/luhn.h"

namespace collab {

int LuhnCheckDigit(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    if (c < '0' || c > '9') return -1;
    int product = (c - '0') * (i % 2 == 0 ? 2 : 1);
    sum += product / 10 + product % 10;
  }
  return (10 - sum % 10) % 10;
}

std::string WithLuhnCheckDigit(std::string_view digits) {
  const int check = LuhnCheckDigit(digits);
  if (check < 0) return "";
  std::string out(digits);
  out += static_cast<char>('0' + check);
  return out;
}

}  // namespace collab
