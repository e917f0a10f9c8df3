// Organisations over a real gRPC channel on a real database: every method, paging, filters,
// etags, idempotent creates, soft delete and refusal of bad input with nothing written.
#include <set>

#include "libs/common/ids.h"
#include "services/organisations/test/service_test_fixture.h"
#include "tests/support/status_details.h"

namespace collab::organisations {
namespace {

using collab::testing::ViolatedFields;
using testdata::Org;
using ::testing::Contains;

class OrganisationsTest : public OrganisationServiceTest {
 protected:
  v1::Organisation Create(const v1::Organisation& org, const std::string& request_id = "") {
    v1::CreateOrganisationRequest req;
    *req.mutable_organisation() = org;
    req.set_request_id(request_id);
    v1::Organisation out;
    grpc::Status s = stub_->CreateOrganisation(Admin().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  std::vector<v1::Organisation> ListAll(v1::ListOrganisationsRequest req) {
    std::vector<v1::Organisation> all;
    do {
      v1::ListOrganisationsResponse resp;
      grpc::Status s = stub_->ListOrganisations(Admin().get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), resp.organisations().begin(), resp.organisations().end());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return all;
  }

  size_t CountWithPrefix(const std::string& prefix) {
    v1::ListOrganisationsRequest req;
    req.set_display_name_prefix(prefix);
    req.set_show_deleted(true);
    return ListAll(req).size();
  }
};

TEST_F(OrganisationsTest, CreateGetUpdateRoundTrip) {
  v1::Organisation created = Create(Org("  Eda kommun ", 101));
  EXPECT_EQ(created.name().rfind("organisations/", 0), 0u);
  EXPECT_EQ(created.display_name(), "Eda kommun");  // trimmed
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(created.has_create_time());

  v1::GetOrganisationRequest get;
  get.set_name(created.name());
  v1::Organisation fetched;
  ASSERT_TRUE(stub_->GetOrganisation(As(collab::common::v1::ROLE_ANALYST).get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());

  v1::UpdateOrganisationRequest update;
  *update.mutable_organisation() = fetched;
  update.mutable_organisation()->set_display_name("Eda kommun (Värmland)");
  update.mutable_organisation()->set_size_band(v1::SIZE_BAND_250_TO_999);
  update.mutable_update_mask()->add_paths("display_name");
  v1::Organisation updated;
  ASSERT_TRUE(stub_->UpdateOrganisation(Admin().get(), update, &updated).ok());
  EXPECT_EQ(updated.display_name(), "Eda kommun (Värmland)");
  EXPECT_EQ(updated.size_band(), v1::SIZE_BAND_1000_PLUS);  // not in the mask: unchanged
  EXPECT_NE(updated.etag(), fetched.etag());
}

TEST_F(OrganisationsTest, StaleEtagIsAborted) {
  v1::Organisation created = Create(Org("Etag kommun", 102));
  v1::UpdateOrganisationRequest update;
  *update.mutable_organisation() = created;
  update.mutable_organisation()->set_display_name("Etag kommun 2");
  update.mutable_update_mask()->add_paths("display_name");
  v1::Organisation first;
  ASSERT_TRUE(stub_->UpdateOrganisation(Admin().get(), update, &first).ok());
  // Same (now stale) etag again.
  update.mutable_organisation()->set_display_name("Etag kommun 3");
  v1::Organisation second;
  EXPECT_EQ(stub_->UpdateOrganisation(Admin().get(), update, &second).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(OrganisationsTest, UpdateMaskMustNameUpdatableFields) {
  v1::Organisation created = Create(Org("Mask kommun", 103));
  v1::UpdateOrganisationRequest update;
  *update.mutable_organisation() = created;
  v1::Organisation out;
  grpc::Status empty = stub_->UpdateOrganisation(Admin().get(), update, &out);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(empty), Contains("update_mask"));
  update.mutable_update_mask()->add_paths("create_time");
  EXPECT_EQ(stub_->UpdateOrganisation(Admin().get(), update, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrganisationsTest, InvalidUpdateChangesNothing) {
  v1::Organisation created = Create(Org("Invalid update kommun", 104));
  v1::UpdateOrganisationRequest update;
  *update.mutable_organisation() = created;
  update.mutable_organisation()->set_organisation_number("212000-0000");
  update.mutable_update_mask()->add_paths("organisation_number");
  v1::Organisation out;
  grpc::Status s = stub_->UpdateOrganisation(Admin().get(), update, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), Contains("organisation.organisation_number"));
  v1::GetOrganisationRequest get;
  get.set_name(created.name());
  v1::Organisation after;
  ASSERT_TRUE(stub_->GetOrganisation(Admin().get(), get, &after).ok());
  EXPECT_EQ(after.etag(), created.etag());
  EXPECT_EQ(after.organisation_number(), created.organisation_number());
}

TEST_F(OrganisationsTest, InvalidCreateNamesFieldsAndWritesNothing) {
  v1::CreateOrganisationRequest req;
  req.mutable_organisation()->set_display_name("Broken AB");
  req.mutable_organisation()->set_organisation_number("556000-0002");  // check digit should be 1
  req.mutable_organisation()->set_county_code("77");
  v1::Organisation out;
  grpc::Status s = stub_->CreateOrganisation(Admin().get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto fields = ViolatedFields(s);
  EXPECT_THAT(fields, Contains("organisation.organisation_number"));
  EXPECT_THAT(fields, Contains("organisation.kind"));
  EXPECT_THAT(fields, Contains("organisation.county_code"));
  EXPECT_EQ(CountWithPrefix("Broken AB"), 0u);
}

TEST_F(OrganisationsTest, DuplicateOrganisationNumberIsAlreadyExists) {
  Create(Org("Dup One", 105));
  v1::CreateOrganisationRequest req;
  *req.mutable_organisation() = Org("Dup Two", 105);
  v1::Organisation out;
  grpc::Status s = stub_->CreateOrganisation(Admin().get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(s.error_message().find("organisation_number"), std::string::npos);
  EXPECT_EQ(CountWithPrefix("Dup Two"), 0u);
}

TEST_F(OrganisationsTest, CreateIsIdempotentByRequestId) {
  const std::string request_id = NewUuid();
  v1::Organisation first = Create(Org("Idempotent kommun", 106), request_id);
  v1::Organisation replay = Create(Org("Idempotent kommun", 106), request_id);
  EXPECT_EQ(replay.name(), first.name());
  EXPECT_EQ(CountWithPrefix("Idempotent kommun"), 1u);

  v1::CreateOrganisationRequest other;
  *other.mutable_organisation() = Org("Idempotent other", 107);
  other.set_request_id(request_id);
  v1::Organisation out;
  grpc::Status s = stub_->CreateOrganisation(Admin().get(), other, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountWithPrefix("Idempotent other"), 0u);

  other.set_request_id("not-a-uuid");
  EXPECT_EQ(stub_->CreateOrganisation(Admin().get(), other, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(OrganisationsTest, PagesThroughMoreThanTwoPagesInOrder) {
  for (int i = 0; i < 7; ++i) Create(Org("Paging " + std::to_string(i), 200 + i));
  v1::ListOrganisationsRequest req;
  req.set_display_name_prefix("paging");  // case-insensitive
  req.set_page_size(3);
  std::vector<std::string> names;
  int pages = 0;
  do {
    v1::ListOrganisationsResponse resp;
    ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), req, &resp).ok());
    EXPECT_LE(resp.organisations_size(), 3);
    for (const auto& o : resp.organisations()) names.push_back(o.display_name());
    req.set_page_token(resp.next_page_token());
    ++pages;
  } while (!req.page_token().empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 7u);
}

TEST_F(OrganisationsTest, PageTokenIsBoundToFiltersAndTamperChecked) {
  for (int i = 0; i < 3; ++i) Create(Org("Token " + std::to_string(i), 220 + i));
  v1::ListOrganisationsRequest req;
  req.set_display_name_prefix("Token");
  req.set_page_size(1);
  v1::ListOrganisationsResponse resp;
  ASSERT_TRUE(stub_->ListOrganisations(Admin().get(), req, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());

  v1::ListOrganisationsRequest other = req;
  other.set_page_token(resp.next_page_token());
  other.set_display_name_prefix("Tok");
  grpc::Status s = stub_->ListOrganisations(Admin().get(), other, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), Contains("page_token"));

  other.set_display_name_prefix("Token");
  other.set_page_token("AAAA" + other.page_token());
  EXPECT_EQ(stub_->ListOrganisations(Admin().get(), other, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  req.set_page_size(-1);
  s = stub_->ListOrganisations(Admin().get(), req, &resp);
  EXPECT_THAT(ViolatedFields(s), Contains("page_size"));
}

TEST_F(OrganisationsTest, FiltersByKindCountyAndPrefix) {
  Create(Org("Filter kommun", 230, v1::ORGANISATION_KIND_MUNICIPALITY, "17"));
  Create(Org("Filter förbund", 231, v1::ORGANISATION_KIND_COORDINATION_ASSOCIATION, "17"));
  Create(Org("Filter region", 232, v1::ORGANISATION_KIND_REGION, "01"));

  v1::ListOrganisationsRequest req;
  req.set_display_name_prefix("Filter");
  req.set_kind(v1::ORGANISATION_KIND_COORDINATION_ASSOCIATION);
  auto by_kind = ListAll(req);
  ASSERT_EQ(by_kind.size(), 1u);
  EXPECT_EQ(by_kind[0].display_name(), "Filter förbund");

  req.set_kind(v1::ORGANISATION_KIND_UNSPECIFIED);
  req.set_county_code("01");
  auto by_county = ListAll(req);
  ASSERT_EQ(by_county.size(), 1u);
  EXPECT_EQ(by_county[0].display_name(), "Filter region");

  req.set_county_code("99");
  v1::ListOrganisationsResponse resp;
  grpc::Status s = stub_->ListOrganisations(Admin().get(), req, &resp);
  EXPECT_THAT(ViolatedFields(s), Contains("county_code"));
}

TEST_F(OrganisationsTest, SoftDeleteKeepsTheRowButHidesIt) {
  v1::Organisation created = Create(Org("Deleted kommun", 240));
  v1::DeleteOrganisationRequest del;
  del.set_name(created.name());
  del.set_etag("999");
  v1::Organisation deleted;
  EXPECT_EQ(stub_->DeleteOrganisation(Admin().get(), del, &deleted).error_code(),
            grpc::StatusCode::ABORTED);
  del.set_etag(created.etag());
  ASSERT_TRUE(stub_->DeleteOrganisation(Admin().get(), del, &deleted).ok());
  EXPECT_TRUE(deleted.has_delete_time());

  v1::GetOrganisationRequest get;
  get.set_name(created.name());
  v1::Organisation fetched;
  ASSERT_TRUE(stub_->GetOrganisation(Admin().get(), get, &fetched).ok());
  EXPECT_TRUE(fetched.has_delete_time());

  v1::ListOrganisationsRequest list;
  list.set_display_name_prefix("Deleted kommun");
  EXPECT_TRUE(ListAll(list).empty());
  list.set_show_deleted(true);
  EXPECT_EQ(ListAll(list).size(), 1u);

  // A retried delete answers the same resource; an update of it answers NOT_FOUND.
  v1::Organisation again;
  del.clear_etag();
  ASSERT_TRUE(stub_->DeleteOrganisation(Admin().get(), del, &again).ok());
  EXPECT_EQ(again.etag(), deleted.etag());
  v1::UpdateOrganisationRequest update;
  *update.mutable_organisation() = deleted;
  update.mutable_update_mask()->add_paths("display_name");
  v1::Organisation out;
  EXPECT_EQ(stub_->UpdateOrganisation(Admin().get(), update, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Its number is free again for a new registration.
  Create(Org("Deleted kommun re-registered", 240));
}

TEST_F(OrganisationsTest, UnknownAndMalformedNames) {
  v1::GetOrganisationRequest get;
  get.set_name("organisations/" + NewUuid());
  v1::Organisation out;
  EXPECT_EQ(stub_->GetOrganisation(Admin().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_name("organisations/karlstad");
  grpc::Status s = stub_->GetOrganisation(Admin().get(), get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), Contains("name"));
}

}  // namespace
}  // namespace collab::organisations
