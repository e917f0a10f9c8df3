#include "services/cases/rehab_watch_view.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/crypto.h"
#include "libs/common/dates.h"
#include "libs/common/errors.h"
#include "services/cases/domain/identity_number.h"

namespace collab::cases {
namespace {

using google::protobuf::util::TimeUtil;

void SetDate(const std::string& iso, collab::common::v1::Date* out) {
  if (auto d = ParseIsoDate(iso)) *out = FromCivilDay(*d);
}

std::string Unit(const std::string& employer_id, const std::string& unit_id) {
  return unit_id.empty() ? std::string()
                         : absl::StrCat("organisations/", employer_id, "/units/", unit_id);
}

}  // namespace

std::string SpellName(const std::string& id) { return absl::StrCat("absenceSpells/", id); }
std::string WatchName(const std::string& id) { return absl::StrCat("rehabWatches/", id); }
std::string WatchDisplayNameAad(const std::string& id) {
  return WatchName(id) + "/employee_display_name";
}
std::string WatchNotesAad(const std::string& id) { return WatchName(id) + "/notes"; }

CaseVisibility EarlySignalVisibility(const Viewer& viewer, const std::string& employer_id,
                                     const std::string& unit_id) {
  CaseAccessFacts facts;
  facts.employer_organisation_id = employer_id;
  facts.unit_id = unit_id;
  return DecideVisibility(viewer, facts, {}, absl::Now());
}

absl::StatusOr<SealedIdentity> SealIdentity(const std::string& input, const std::string& field,
                                            const CaseKeys& keys, const std::string& aad,
                                            absl::CivilDay today) {
  if (input.empty()) return InvalidField(field, "is required");
  auto number = ParseIdentityNumber(input, today);
  // The domain's message names the rule, never the number (identity_number.h).
  if (!number.ok()) return InvalidField(field, std::string(number.status().message()));
  SealedIdentity out;
  auto cipher = crypto::AesGcmEncrypt(keys.identity_key, number->normalized, aad);
  if (!cipher.ok()) return cipher.status();
  out.cipher = *std::move(cipher);
  out.hash = crypto::HmacSha256(keys.lookup_key, number->normalized);
  out.mask = MaskIdentityNumber(*number);
  return out;
}

absl::StatusOr<SealedIdentity> ResealIdentity(const std::string& cipher, const std::string& from_aad,
                                              const std::string& hash, const std::string& mask,
                                              const CaseKeys& keys, const std::string& to_aad) {
  auto plain = crypto::AesGcmDecrypt(keys.identity_key, cipher, from_aad);
  if (!plain.ok()) return absl::DataLossError("an identity number does not decrypt");
  auto sealed = crypto::AesGcmEncrypt(keys.identity_key, *plain, to_aad);
  if (!sealed.ok()) return sealed.status();
  return SealedIdentity{*std::move(sealed), hash, mask};
}

v1::AbsenceSpell RenderSpell(const SpellRow& row) {
  v1::AbsenceSpell s;
  s.set_name(SpellName(row.id));
  s.set_employer(absl::StrCat("organisations/", row.employer_id));
  s.set_unit(Unit(row.employer_id, row.unit_id));
  // An erased spell shows as an erased case does (case_view.cc): fully masked, with the time.
  s.set_masked_employee_identity_number(row.erase_micros ? std::string(kFullyMaskedIdentityNumber)
                                                         : row.identity_mask);
  SetDate(row.start_date, s.mutable_period()->mutable_start_date());
  SetDate(row.end_date, s.mutable_period()->mutable_end_date());
  if (!row.rehab_watch_id.empty()) s.set_rehab_watch(WatchName(row.rehab_watch_id));
  *s.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  if (row.delete_micros) *s.mutable_delete_time() = TimeUtil::MicrosecondsToTimestamp(*row.delete_micros);
  s.set_etag(std::to_string(row.version));
  if (row.erase_micros) {
    *s.mutable_personal_data_erase_time() = TimeUtil::MicrosecondsToTimestamp(*row.erase_micros);
  }
  return s;
}

absl::StatusOr<RenderedWatch> RenderWatch(const WatchRow& row, const CaseKeys& keys) {
  RenderedWatch out;
  v1::RehabWatch& w = out.proto;
  w.set_name(WatchName(row.id));
  w.set_employer(absl::StrCat("organisations/", row.employer_id));
  w.set_unit(Unit(row.employer_id, row.unit_id));
  // An erased watch shows as an erased case does (case_view.cc): fully masked, no name or notes
  // (their columns are empty; nothing is decrypted), with the time of the erase.
  const bool erased = row.erase_micros.has_value();
  if (erased) {
    w.set_masked_employee_identity_number(std::string(kFullyMaskedIdentityNumber));
  } else {
    w.set_masked_employee_identity_number(row.identity_mask);
    out.fields_read.push_back("masked_employee_identity_number");
  }
  if (!erased && !row.name_cipher.empty()) {
    auto name = crypto::AesGcmDecrypt(keys.identity_key, row.name_cipher, WatchDisplayNameAad(row.id));
    if (!name.ok()) return absl::DataLossError("employee name of a rehab watch does not decrypt");
    w.set_employee_display_name(*name);
    out.fields_read.push_back("employee_display_name");
  }
  w.set_trigger(static_cast<v1::RehabWatchTrigger>(row.trigger));
  w.set_spell_count(row.spell_count);
  SetDate(row.window_start, w.mutable_window()->mutable_start_date());
  SetDate(row.window_end, w.mutable_window()->mutable_end_date());
  w.set_state(static_cast<v1::RehabWatchState>(row.state));
  if (!erased && !row.notes_cipher.empty()) {
    auto notes = crypto::AesGcmDecrypt(keys.identity_key, row.notes_cipher, WatchNotesAad(row.id));
    if (!notes.ok()) return absl::DataLossError("notes of a rehab watch do not decrypt");
    w.set_notes(*notes);
    out.fields_read.push_back("notes");
  }
  if (!row.case_id.empty()) w.set_case_name(absl::StrCat("cases/", row.case_id));
  *w.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row.create_micros);
  *w.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row.update_micros);
  if (row.close_micros) *w.mutable_close_time() = TimeUtil::MicrosecondsToTimestamp(*row.close_micros);
  w.set_etag(std::to_string(row.version));
  if (erased) *w.mutable_personal_data_erase_time() = TimeUtil::MicrosecondsToTimestamp(*row.erase_micros);
  return out;
}

}  // namespace collab::cases
