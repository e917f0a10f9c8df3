// The project state machine (collab.funding.v1.ProjectStatus; issue 5: DRAFT → SUBMITTED →
// APPROVED → ACTIVE → CLOSED, ReturnProject back to DRAFT).
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "libs/common/errors.h"
#include "services/funding/domain/error_reasons.h"
#include "services/funding/domain/project_status.h"

namespace collab::funding {
namespace {

using S = ProjectStatus;
using T = ProjectTransition;

TEST(ProjectStatusTest, HappyPath) {
  S s = S::kDraft;
  for (auto [t, expected] : {std::pair{T::kSubmit, S::kSubmitted},
                             {T::kApprove, S::kApproved},
                             {T::kActivate, S::kActive},
                             {T::kClose, S::kClosed}}) {
    absl::StatusOr<S> next = ApplyProjectTransition(s, t);
    ASSERT_TRUE(next.ok()) << ProjectTransitionName(t);
    EXPECT_EQ(*next, expected);
    s = *next;
  }
  EXPECT_EQ(*ApplyProjectTransition(S::kSubmitted, T::kReturn), S::kDraft);
}

TEST(ProjectStatusTest, ExactlyTheDocumentedEdgesAreAllowed) {
  const std::vector<std::tuple<S, T, S>> allowed = {
      {S::kDraft, T::kSubmit, S::kSubmitted}, {S::kSubmitted, T::kApprove, S::kApproved},
      {S::kSubmitted, T::kReturn, S::kDraft}, {S::kApproved, T::kActivate, S::kActive},
      {S::kActive, T::kClose, S::kClosed},
  };
  int ok_count = 0;
  for (S from : {S::kDraft, S::kSubmitted, S::kApproved, S::kActive, S::kClosed}) {
    for (T t : {T::kSubmit, T::kApprove, T::kReturn, T::kActivate, T::kClose}) {
      absl::StatusOr<S> next = ApplyProjectTransition(from, t);
      bool listed = false;
      for (const auto& [f, tt, to] : allowed) {
        if (f == from && tt == t) {
          listed = true;
          EXPECT_EQ(*next, to);
        }
      }
      EXPECT_EQ(next.ok(), listed) << ProjectStatusName(from) << " " << ProjectTransitionName(t);
      if (!next.ok()) {
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      }
      ok_count += next.ok();
    }
  }
  EXPECT_EQ(ok_count, 5);
}

TEST(ProjectStatusTest, RefusalNamesMethodStatusAndReason) {
  absl::Status s = ApplyProjectTransition(S::kDraft, T::kActivate).status();
  EXPECT_EQ(s.message(), "ActivateProject is not allowed in status DRAFT (allowed from APPROVED)");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(info.ParseFromString(std::string(*s.GetPayload(kErrorInfoTypeUrl))));
  EXPECT_EQ(info.reason(), kProjectTransitionReason);
  EXPECT_EQ(info.domain(), kErrorDomain);
}

TEST(ProjectStatusTest, ApprovedOnlyWhenEveryFunderHasApproved) {
  // KUPO's six funders.
  const std::set<std::string> funders = {"arvika-eda", "fryksdalen",     "klaralvdalen",
                                         "samspelet",  "fk-sf-varmland", "samtliga-parter"};
  std::set<std::string> approved;
  for (const std::string& f : funders) {
    absl::StatusOr<S> s = StatusAfterApproval(S::kSubmitted, funders, approved, f);
    ASSERT_TRUE(s.ok());
    approved.insert(f);
    EXPECT_EQ(*s, approved.size() == funders.size() ? S::kApproved : S::kSubmitted);
  }
  EXPECT_EQ(StatusAfterApproval(S::kSubmitted, funders, {}, "someone-else").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(StatusAfterApproval(S::kDraft, funders, {}, "samspelet").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ProjectStatusTest, BookingOnlyWhileActive) {
  EXPECT_TRUE(CheckCanBook(S::kActive).ok());
  for (S s : {S::kDraft, S::kSubmitted, S::kApproved, S::kClosed}) {
    EXPECT_EQ(CheckCanBook(s).code(), absl::StatusCode::kFailedPrecondition);
  }
}

}  // namespace
}  // namespace collab::funding
