#include <gtest/gtest.h>

#include <string>

#include "services/cases/domain/case_status.h"

namespace collab::cases {
namespace {

using S = CaseStatus;
using T = CaseTransition;

constexpr S kStatuses[] = {S::kOpen, S::kPlanning, S::kInProgress, S::kReturned, S::kClosed};
constexpr T kTransitions[] = {T::kStartPlanning, T::kStartInterventions, T::kMarkReturned,
                              T::kCloseCase, T::kReopenCase};

struct Row {
  T transition;
  S from;
  std::optional<S> to;  // nullopt: refused
};

// The full table of case.proto: every transition from every status.
const Row kTable[] = {
    {T::kStartPlanning, S::kOpen, S::kPlanning},
    {T::kStartPlanning, S::kPlanning, std::nullopt},
    {T::kStartPlanning, S::kInProgress, std::nullopt},
    {T::kStartPlanning, S::kReturned, std::nullopt},
    {T::kStartPlanning, S::kClosed, std::nullopt},
    {T::kStartInterventions, S::kOpen, std::nullopt},
    {T::kStartInterventions, S::kPlanning, S::kInProgress},
    {T::kStartInterventions, S::kInProgress, std::nullopt},
    {T::kStartInterventions, S::kReturned, std::nullopt},
    {T::kStartInterventions, S::kClosed, std::nullopt},
    {T::kMarkReturned, S::kOpen, S::kReturned},
    {T::kMarkReturned, S::kPlanning, S::kReturned},
    {T::kMarkReturned, S::kInProgress, S::kReturned},
    {T::kMarkReturned, S::kReturned, std::nullopt},
    {T::kMarkReturned, S::kClosed, std::nullopt},
    {T::kCloseCase, S::kOpen, S::kClosed},
    {T::kCloseCase, S::kPlanning, S::kClosed},
    {T::kCloseCase, S::kInProgress, S::kClosed},
    {T::kCloseCase, S::kReturned, S::kClosed},
    {T::kCloseCase, S::kClosed, std::nullopt},
    {T::kReopenCase, S::kOpen, std::nullopt},
    {T::kReopenCase, S::kPlanning, std::nullopt},
    {T::kReopenCase, S::kInProgress, std::nullopt},
    {T::kReopenCase, S::kReturned, S::kOpen},
    {T::kReopenCase, S::kClosed, S::kOpen},
};

TEST(CaseStatusTest, TransitionTable) {
  EXPECT_EQ(std::size(kTable), std::size(kStatuses) * std::size(kTransitions));
  for (const Row& row : kTable) {
    SCOPED_TRACE(std::string(CaseTransitionName(row.transition)) + " from " +
                 std::string(CaseStatusName(row.from)));
    absl::StatusOr<S> got = ApplyTransition(row.from, row.transition, CloseReason::kReturnedToWork);
    if (row.to) {
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(*got, *row.to);
      EXPECT_TRUE(CheckTransition(row.from, *row.to).ok());
    } else {
      EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
    }
  }
}

TEST(CaseStatusTest, RefusalNamesTheStates) {
  absl::Status s = ApplyTransition(S::kClosed, T::kMarkReturned).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "MarkReturned is not allowed in status CLOSED (allowed from OPEN, PLANNING, "
            "IN_PROGRESS)");
  s = CheckTransition(S::kOpen, S::kInProgress);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "case status cannot change from OPEN to IN_PROGRESS");
}

TEST(CaseStatusTest, CheckTransitionByTarget) {
  EXPECT_TRUE(CheckTransition(S::kInProgress, S::kReturned).ok());
  EXPECT_TRUE(CheckTransition(S::kReturned, S::kClosed).ok());
  EXPECT_FALSE(CheckTransition(S::kClosed, S::kClosed).ok());
  EXPECT_FALSE(CheckTransition(S::kReturned, S::kInProgress).ok());
  EXPECT_FALSE(CheckTransition(S::kPlanning, S::kOpen).ok());
  EXPECT_FALSE(CheckTransition(S::kOpen, S::kOpen).ok());
}

TEST(CaseStatusTest, CloseNeedsAReason) {
  EXPECT_EQ(ApplyTransition(S::kOpen, T::kCloseCase).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyTransition(S::kOpen, T::kCloseCase, CloseReason::kSickLeaveEnded).value(),
            S::kClosed);
  // An illegal transition is reported as such even without a reason.
  EXPECT_EQ(ApplyTransition(S::kClosed, T::kCloseCase).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CaseStatusTest, FullLifecycle) {
  S s = S::kOpen;
  for (T t : {T::kStartPlanning, T::kStartInterventions, T::kMarkReturned, T::kReopenCase,
              T::kCloseCase, T::kReopenCase}) {
    absl::StatusOr<S> next = ApplyTransition(s, t, CloseReason::kOther);
    ASSERT_TRUE(next.ok()) << next.status();
    s = *next;
  }
  EXPECT_EQ(s, S::kOpen);
}

}  // namespace
}  // namespace collab::cases
