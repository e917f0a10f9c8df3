#include <cstdio>

#include "libs/common/luhn.h"
#include "services/organisations/test/service_test_fixture.h"

namespace collab::organisations::testdata {

std::string OrgNumber(int n) {
  char nine[16];
  std::snprintf(nine, sizeof nine, "2120%05d", n % 100000);
  const std::string digits(nine);
  return digits.substr(0, 6) + "-" + digits.substr(6) +
         static_cast<char>('0' + LuhnCheckDigit(digits));
}

v1::Organisation Org(const std::string& display_name, int n, v1::OrganisationKind kind,
                     const std::string& county) {
  v1::Organisation o;
  o.set_display_name(display_name);
  o.set_kind(kind);
  o.set_organisation_number(OrgNumber(n));
  o.set_sector(v1::SECTOR_PUBLIC);
  o.set_county_code(county);
  o.set_size_band(v1::SIZE_BAND_1000_PLUS);
  return o;
}

}  // namespace collab::organisations::testdata
