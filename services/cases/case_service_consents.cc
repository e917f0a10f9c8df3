// Consents: GetConsent, ListConsents, GiveConsent, RevokeConsent (domain.md, "Who sees what":
// restricted fields are shown to an employer or occupational health only while the employee's
// consent to that organisation, naming the field, is in force). Reads take effect at once:
// every case read loads the consents in its own transaction. Which consents a caller sees at all
// is ConsentAudience (domain/visibility.h; GDPR art. 5.1 c): FK all, an employer or occupational
// health provider only those given to its own organisation; another party's consent is
// NOT_FOUND to it, for reads, revocations and replays alike.
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/errors.h"
#include "libs/common/ids.h"
#include "libs/common/resource_name.h"
#include "libs/common/status_macros.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/transaction.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_scope.h"
#include "services/cases/case_service.h"
#include "services/cases/case_validation.h"
#include "services/cases/case_view.h"
#include "services/cases/consent_store.h"

namespace collab::cases {
namespace {

#define METHOD(name) "/collab.cases.v1.CaseService/" name
using google::protobuf::util::TimeUtil;

db::TxOptions Tx(absl::Time deadline) {
  db::TxOptions o;
  o.deadline = deadline;
  return o;
}

// Who may record a consent: every role that sees the case, once the method policy
// (libs/auth/method_policy.cc, kAgency) admitted the call.
const WriterRoles kConsentWriters = {};

absl::Status ValidateConsent(const v1::Consent& c, absl::Time now) {
  FieldViolations v;
  if (OrganisationId(c.party_organisation()).empty()) {
    v.Add("consent.party_organisation", "must be organisations/{organisation}");
  }
  if (c.purpose() == 0 || !v1::ConsentPurpose_IsValid(c.purpose())) {
    v.Add("consent.purpose", "is required");
  }
  if (c.purpose_text().size() > 500) v.Add("consent.purpose_text", "must be at most 500 characters");
  if (c.scope().empty()) v.Add("consent.scope", "must name at least one restricted field");
  for (int f : c.scope()) {
    if (f == 0 || !v1::RestrictedField_IsValid(f)) v.Add("consent.scope", "holds an unknown field");
  }
  // Times as MarkMilestoneMet checks its met_time (CheckedTime, case_validation.h).
  std::optional<absl::Time> given;
  if (!c.has_give_time()) v.Add("consent.give_time", "is required");
  else given = CheckedTime(c.give_time(), "consent.give_time", now, v);
  if (c.has_expire_time()) {
    std::optional<absl::Time> expires =
        CheckedTime(c.expire_time(), "consent.expire_time", std::nullopt, v);
    if (expires && given && *expires <= *given) {
      v.Add("consent.expire_time", "must be after give_time");
    }
  }
  if (c.document_reference().empty()) v.Add("consent.document_reference", "is required");
  else if (c.document_reference().size() > 200) {
    v.Add("consent.document_reference", "must be at most 200 characters");
  }
  return v.ToStatus();
}

// Consent `id` of the visible case `vc`, when `viewer` is of its audience (ConsentAudience):
// another party's consent answers NOT_FOUND like one that does not exist, as foreign objects do
// everywhere in this service (data minimisation, GDPR art. 5.1 c).
absl::StatusOr<v1::Consent> LoadVisibleConsent(pqxx::work& tx, const Viewer& viewer,
                                               const VisibleCase& vc, const std::string& id,
                                               bool lock) {
  std::optional<v1::Consent> c = LoadConsent(tx, vc.row.id, id, lock);
  if (!c || !ConsentAudienceOf(viewer, vc.visibility).Sees(OrganisationId(c->party_organisation()))) {
    return absl::NotFoundError("consent not found");
  }
  return *std::move(c);
}

// The replay of GiveConsent by request_id (whose record keeps the name only): the consent as
// it now stands (revoked, expired), with its READ audit row. A replay is a read, so it shows
// no more than GetConsent would: NOT_FOUND to a caller outside the consent's audience (only a
// caller with mixed roles, admitted by its FK role but seeing the case through another, records
// a consent it cannot read back).
absl::StatusOr<v1::Consent> ReadConsent(const CaseScope& s, const std::string& name) {
  auto ids = ParseResourceName(name, "cases/{}/consents/{}");
  if (!ids) return absl::NotFoundError("consent not found");
  ASSIGN_OR_RETURN(v1::Consent c, LoadVisibleConsent(s.tx, s.viewer, s.vc, (*ids)[1], false));
  RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_READ, c.name(), {"consent"}));
  return c;
}

}  // namespace

grpc::Status CaseServiceImpl::GiveConsent(grpc::ServerContext* ctx, const v1::GiveConsentRequest* req,
                                          v1::Consent* resp) {
  return Run(ctx, METHOD("GiveConsent"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    const std::string case_id = (*ids)[0];
    RETURN_IF_ERROR(ValidateConsent(req->consent(), absl::Now()));
    RETURN_IF_ERROR(employers_.CheckOrganisation(
        call, OrganisationId(req->consent().party_organisation()), "consent.party_organisation"));
    // A new disclosure is a write on the case: refused once it is closed (case_scope.h).
    ASSIGN_OR_RETURN(*resp, RunInCase<v1::Consent>(
                                pool_, keys_, call,
                                {METHOD("GiveConsent"), case_id, kConsentWriters, CaseUse::kWrite,
                                 req, req->request_id()},
                                [&](const CaseScope& s) -> absl::StatusOr<v1::Consent> {
      v1::Consent c =
          InsertConsent(s.tx, case_id, NewUuid(), req->consent(), call.principal.subject());
      RETURN_IF_ERROR(s.Audit(v1::AUDIT_ACTION_CREATE, c.name(), {"consent"}));
      return c;
    }, ReadConsent));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::RevokeConsent(grpc::ServerContext* ctx,
                                            const v1::RevokeConsentRequest* req,
                                            v1::Consent* resp) {
  return Run(ctx, METHOD("RevokeConsent"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/consents/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/consents/{consent}");
    const std::string case_id = (*ids)[0], id = (*ids)[1];
    // As MarkMilestoneMet's met_time (CheckedTime): refused before anything is written.
    FieldViolations v;
    const absl::Time now = absl::Now();
    absl::Time revoke_time = now;
    if (req->has_revoke_time()) {
      if (auto t = CheckedTime(req->revoke_time(), "revoke_time", now, v)) revoke_time = *t;
    }
    RETURN_IF_ERROR(v.ToStatus());
    const int64_t at = absl::ToUnixMicros(revoke_time);
    const Viewer viewer = ViewerOf(call.principal);
    ASSIGN_OR_RETURN(*resp, db::RunInTransaction<v1::Consent>(pool_, Tx(call.deadline),
                                                             [&](pqxx::work& tx) -> absl::StatusOr<v1::Consent> {
      // Not refused on a closed case (so not CaseUse::kWrite): the employee may withdraw a
      // consent at any time (GDPR art. 7.3), and a revocation only narrows what is disclosed.
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, case_id, /*lock=*/true));
      // A caller revokes only a consent it may see; a repeated revocation reads it, likewise.
      ASSIGN_OR_RETURN(v1::Consent current, LoadVisibleConsent(tx, viewer, vc, id, /*lock=*/true));
      if (current.has_revoke_time()) {  // a retried revocation writes nothing: a read
        RETURN_IF_ERROR(AppendAudit(tx, call,
                                    {case_id, v1::AUDIT_ACTION_READ, METHOD("RevokeConsent"),
                                     current.name(), {"consent"},
                                     AccessReason(call, AccessBasis(vc.visibility))}));
        return current;
      }
      if (!req->etag().empty() && req->etag() != current.etag()) {
        return absl::AbortedError(absl::StrCat("etag \"", req->etag(), "\" is stale"));
      }
      if (at < TimeUtil::TimestampToMicroseconds(current.give_time())) {
        return InvalidField("revoke_time", "must not be before the consent was given");
      }
      v1::Consent c = RevokeConsentRow(tx, case_id, id, at, call.principal.subject());
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {case_id, v1::AUDIT_ACTION_UPDATE, METHOD("RevokeConsent"),
                                   c.name(), {"revoke_time"},
                                   AccessReason(call, AccessBasis(vc.visibility))}));
      return c;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::GetConsent(grpc::ServerContext* ctx, const v1::GetConsentRequest* req,
                                         v1::Consent* resp) {
  return Run(ctx, METHOD("GetConsent"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->name(), "cases/{}/consents/{}");
    if (!ids) return InvalidField("name", "must be cases/{case}/consents/{consent}");
    const Viewer viewer = ViewerOf(call.principal);
    ASSIGN_OR_RETURN(*resp, db::RunInTransaction<v1::Consent>(pool_, Tx(call.deadline),
                                                             [&](pqxx::work& tx) -> absl::StatusOr<v1::Consent> {
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, (*ids)[0], false));
      ASSIGN_OR_RETURN(v1::Consent c, LoadVisibleConsent(tx, viewer, vc, (*ids)[1], false));
      RETURN_IF_ERROR(AppendAudit(tx, call,
                                  {(*ids)[0], v1::AUDIT_ACTION_READ, METHOD("GetConsent"), c.name(),
                                   {"consent"}, AccessReason(call, AccessBasis(vc.visibility))}));
      return c;
    }));
    return absl::OkStatus();
  });
}

grpc::Status CaseServiceImpl::ListConsents(grpc::ServerContext* ctx,
                                           const v1::ListConsentsRequest* req,
                                           v1::ListConsentsResponse* resp) {
  return Run(ctx, METHOD("ListConsents"), [&](const rpc::CallContext& call) -> absl::Status {
    auto ids = ParseResourceName(req->parent(), "cases/{}");
    if (!ids) return InvalidField("parent", "must be a case name cases/{case}");
    std::string party;
    if (!req->party_organisation().empty() &&
        (party = OrganisationId(req->party_organisation())).empty()) {
      return InvalidField("party_organisation", "must be organisations/{organisation}");
    }
    std::set<int> states;
    for (int st : req->states()) {
      if (st == 0 || !v1::ConsentState_IsValid(st)) return InvalidField("states", "holds an unknown state");
      states.insert(st);
    }
    ASSIGN_OR_RETURN(int limit, EffectivePageSize(req->page_size()));
    const Viewer viewer = ViewerOf(call.principal);
    return db::RunInTransaction(pool_, Tx(call.deadline), [&](pqxx::work& tx) -> absl::Status {
      resp->Clear();
      ASSIGN_OR_RETURN(VisibleCase vc, LoadVisibleCase(tx, viewer, (*ids)[0], false));
      // Only the consents the caller may see are read (GDPR art. 5.1 c), in the query itself.
      const ConsentAudience audience = ConsentAudienceOf(viewer, vc.visibility);
      // The token is bound to every filter (conventions.md), the states included (the state is
      // computed on the rows read, so a page may hold fewer than page_size) and the audience:
      // a cursor issued to FK is no cursor for an employer's narrower list.
      const std::string fp =
          absl::StrCat((*ids)[0], "|", party, "|", absl::StrJoin(states, ","), "|",
                       audience.all ? "*" : audience.party_organisation_id);
      ASSIGN_OR_RETURN(auto after, tokens_.Decode(req->page_token(), fp));
      std::vector<v1::Consent> rows =
          ListConsentRows(tx, (*ids)[0], party, audience, after, limit + 1);
      const bool more = static_cast<int>(rows.size()) > limit;
      if (more) rows.resize(limit);
      for (const v1::Consent& c : rows) {
        if (states.empty() || states.count(c.state())) *resp->add_consents() = c;
      }
      if (more) resp->set_next_page_token(tokens_.Encode(ConsentKey(rows.back()), fp));
      return AppendAudit(tx, call,
                         {(*ids)[0], v1::AUDIT_ACTION_LIST, METHOD("ListConsents"), req->parent(),
                          {"consents"}, AccessReason(call, AccessBasis(vc.visibility))});
    });
  });
}

}  // namespace collab::cases
