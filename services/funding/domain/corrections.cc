#include "services/funding/domain/corrections.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace collab::funding {
namespace {

std::string Hours(int64_t h) { return absl::StrCat(h, h == 1 ? " hour" : " hours"); }

// −x, saturated (−INT64_MIN does not exist).
int64_t Negated(int64_t x) {
  int64_t out = 0;
  return __builtin_sub_overflow(int64_t{0}, x, &out) ? INT64_MAX : out;
}

}  // namespace

std::optional<CorrectionRefusal> CheckCorrection(const Booked& corrected, const Booked& taken_back,
                                                 const Booked& correction) {
  if (correction.amount.minor_units >= 0) {
    return CorrectionRefusal{CorrectionField::kAmount,
                             "must be negative for a correction: it takes back what the corrected "
                             "entry booked"};
  }
  if (corrected.amount.minor_units <= 0) {
    return CorrectionRefusal{CorrectionField::kCorrects,
                             "names a correction; correct the booked entry itself"};
  }
  const int64_t hours_left = corrected.hours - taken_back.hours;
  if (correction.hours > hours_left) {
    return CorrectionRefusal{
        CorrectionField::kHours,
        absl::StrCat("takes back ", Hours(correction.hours), " but the corrected entry has only ",
                     Hours(hours_left), " left (", Hours(corrected.hours), " booked, ",
                     Hours(taken_back.hours), " taken back by earlier corrections)")};
  }
  const std::string& currency = corrected.amount.currency_code;
  const int64_t amount_left = corrected.amount.minor_units + taken_back.amount.minor_units;
  const int64_t taken = Negated(correction.amount.minor_units);
  if (taken > amount_left) {
    return CorrectionRefusal{
        CorrectionField::kAmount,
        absl::StrCat("takes back ", FormatMoney(Money{taken, currency}),
                     " but the corrected entry has only ",
                     FormatMoney(Money{amount_left, currency}), " left (",
                     FormatMoney(corrected.amount), " booked, ",
                     FormatMoney(Money{Negated(taken_back.amount.minor_units), currency}),
                     " taken back by earlier corrections)")};
  }
  return std::nullopt;
}

}  // namespace collab::funding
