#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/db/idempotent_create.h"
#include "libs/db/pool.h"
#include "libs/db/transaction.h"
#include "libs/rpc/call_handler.h"
#include "services/cases/audit.h"
#include "services/cases/case_access.h"
#include "services/cases/case_view.h"
#include "services/cases/keys.h"

// The shape every handler on a case's children repeats (case_service.h: "validate → authorise →
// one transaction (rows, audit row, outbox event) → proto"), written once:
//   RunInCase<v1::Meeting>(pool_, keys_, call, {METHOD("CreateMeeting"), case_id, kMeetingWriters,
//                                               CaseUse::kWrite, req, req->request_id()},
//                          [&](const CaseScope& s) -> absl::StatusOr<v1::Meeting> { … });
// opens one transaction, runs it under IdempotentCreate when a request is given (the request
// fingerprinted with the lookup key, RequestFingerprint in keys.h), loads the case
// the caller may see (NOT_FOUND otherwise: a foreign case is never admitted to exist), refuses a
// caller none of whose roles may write (PERMISSION_DENIED, only once the case is visible),
// refuses a write on a CLOSED case (FAILED_PRECONDITION, before the body writes anything), and
// hands the body a scope whose Audit() appends the audit row with the caller's access basis.
// The body writes its rows, its audit row and its outbox event in that same transaction.
namespace collab::cases {

// Who may write an object (empty: every role that sees the case, i.e. a read).
using WriterRoles = std::vector<Role>;

// Is any of the viewer's roles among `writers` (roles add up, as for visibility)?
bool MayWrite(const Viewer& viewer, const WriterRoles& writers);

struct CaseScope {
  pqxx::work& tx;
  const rpc::CallContext& call;
  const Viewer& viewer;
  const VisibleCase& vc;
  std::string_view method;
  const CaseKeys& keys;

  // Appends the call's audit row: `fields` are names, never values.
  absl::Status Audit(v1::AuditAction action, std::string resource,
                     std::vector<std::string> fields) const;
  // db::IdempotentCreate for a write of this method whose body replays by `request_id` itself
  // (the creates RunInCase replays use it too): the request fingerprinted with the lookup key,
  // since requests carry personal text (notes, goals, a consent's purpose).
  template <class T>
  absl::StatusOr<T> IdempotentCreate(
      std::string_view request_id, const google::protobuf::Message& request,
      std::type_identity_t<absl::FunctionRef<absl::StatusOr<T>(pqxx::work&)>> create) const {
    return db::IdempotentCreateWithFingerprint<T>(tx, request_id, method,
                                                  RequestFingerprint(keys, request), create);
  }
  // cases/{case} and organisations/{employer} of the case, for events.
  std::string CaseName() const;
  std::string EmployerName() const;
};

// What a call does to the case.
enum class CaseUse {
  kRead,
  // Changes the case or its children: FOR UPDATE on the case row (writers of one case's children
  // are serialised by it), and refused on a CLOSED case, which is kept for reading and gallring
  // only until ReopenCase (case.proto, CaseStatus). A RETURNED case stays open for follow-up.
  kWrite,
};

// ErrorInfo of a write refused on a closed case. The domain is the service's, as the call
// handler fills it (libs/rpc/service_main.cc: name + ".collab").
inline constexpr char kCaseClosedReason[] = "CASE_CLOSED";
inline constexpr char kCasesErrorDomain[] = "cases.collab";

struct CaseCall {
  std::string_view method;  // full gRPC method
  std::string case_id;
  WriterRoles writers;
  CaseUse use = CaseUse::kRead;
  // Set for creates: the request is replayed by request_id (CaseScope::IdempotentCreate).
  const google::protobuf::Message* create_request = nullptr;
  // The call's request_id. Also for writes whose body replays by it: a retry of a write accepted
  // before the case was closed is then admitted (and replays) instead of being refused.
  std::string_view request_id;
};

// Loads the case for `call` and checks the writer roles and, for a write, that the case is not
// closed (the non-template part of RunInCase).
absl::StatusOr<VisibleCase> EnterCase(pqxx::work& tx, const Viewer& viewer, const CaseCall& spec);

// For a create whose request is given, RunInCase stores the response whole for the replay: for
// children without personal text (sick-leave periods). Children with personal text use the
// overload with a replay reader below.
template <class T>
absl::StatusOr<T> RunInCase(
    db::ConnectionPool& pool, const CaseKeys& keys, const rpc::CallContext& call,
    const CaseCall& spec,
    std::type_identity_t<absl::FunctionRef<absl::StatusOr<T>(const CaseScope&)>> body) {
  const Viewer viewer = ViewerOf(call.principal);
  db::TxOptions opts;
  opts.deadline = call.deadline;
  auto run = [&](pqxx::work& tx) -> absl::StatusOr<T> {
    absl::StatusOr<VisibleCase> vc = EnterCase(tx, viewer, spec);
    if (!vc.ok()) return vc.status();
    return body(CaseScope{tx, call, viewer, *vc, spec.method, keys});
  };
  return db::RunInTransaction<T>(pool, opts, [&](pqxx::work& tx) -> absl::StatusOr<T> {
    if (spec.create_request == nullptr) return run(tx);
    return db::IdempotentCreateWithFingerprint<T>(
        tx, spec.request_id, spec.method, RequestFingerprint(keys, *spec.create_request), run);
  });
}

// A create of a child with personal text (a plan's goal, a comment, a meeting's notes, a
// consent's purpose). The idempotency record keeps the child's name only — like CreateCase's, so
// no personal text lies outside the child's own (encrypted, erasable) columns — and a replay
// calls `replay` with that name to read the child as it now stands and append its READ audit
// row (a replay is a read; an erased child shows its text erased). The case is entered first,
// so a replay answers only a caller who may still see the case.
template <class T>
absl::StatusOr<T> RunInCase(
    db::ConnectionPool& pool, const CaseKeys& keys, const rpc::CallContext& call,
    const CaseCall& spec,
    std::type_identity_t<absl::FunctionRef<absl::StatusOr<T>(const CaseScope&)>> body,
    std::type_identity_t<absl::FunctionRef<absl::StatusOr<T>(const CaseScope&, const std::string&)>>
        replay) {
  const Viewer viewer = ViewerOf(call.principal);
  db::TxOptions opts;
  opts.deadline = call.deadline;
  return db::RunInTransaction<T>(pool, opts, [&](pqxx::work& tx) -> absl::StatusOr<T> {
    absl::StatusOr<VisibleCase> vc = EnterCase(tx, viewer, spec);
    if (!vc.ok()) return vc.status();
    const CaseScope scope{tx, call, viewer, *vc, spec.method, keys};
    if (spec.create_request == nullptr) return body(scope);
    std::optional<T> fresh;  // set when this call created the child
    absl::StatusOr<T> stub = scope.IdempotentCreate<T>(
        spec.request_id, *spec.create_request,
        [&](pqxx::work&) -> absl::StatusOr<T> {
          absl::StatusOr<T> created = body(scope);
          if (!created.ok()) return created.status();
          fresh = *std::move(created);
          T name_only;
          name_only.set_name(fresh->name());
          return name_only;
        });
    if (!stub.ok()) return stub.status();
    if (fresh) return *std::move(fresh);
    return replay(scope, stub->name());
  });
}

}  // namespace collab::cases
