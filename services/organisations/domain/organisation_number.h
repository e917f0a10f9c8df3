#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace collab::organisations {

// Validates a Swedish organisationsnummer (domain.md, Identity numbers) and returns it in the
// stored form NNNNNN-NNNN. Accepts NNNNNN-NNNN, NNNNNNNNNN and the 12-digit form with the
// "16" century prefix used by Skatteverket. Rules: ten digits, the third digit ≥ 2 (so it never
// reads as a date of birth), the last digit a Luhn check digit over the first nine.
// The error message says which rule failed; it is safe to show (organisation numbers of legal
// persons are public).
absl::StatusOr<std::string> NormaliseOrganisationNumber(std::string_view input);

// The legal form told by the first digit (domain.md): 2 state, regions, municipalities,
// parishes; 5 limited company; 7 economic association; 8 non-profit association or foundation;
// 9 partnership. Other digits: "other".
std::string_view LegalFormOf(std::string_view normalised);

}  // namespace collab::organisations
