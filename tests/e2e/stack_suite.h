#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "collab/organisations/v1/organisations.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/stack.h"

namespace collab::e2e {

// A test suite sharing one stack of real processes, started before its first test and stopped
// after its last (starting one takes about a second). `Suite` is the suite's own class; it may
// declare `static StackOptions Options()` to start more or other processes than the default.
template <typename Suite>
class StackSuite : public ::testing::Test {
 protected:
  static StackOptions Options() { return {}; }

  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<Stack>> stack = Stack::Start(Suite::Options());
    ASSERT_TRUE(stack.ok()) << stack.status();
    stack_ = stack->release();
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  // Suites that make stubs in SetUp call this first: ASSERT_NO_FATAL_FAILURE(StackSuite::SetUp()).
  void SetUp() override { ASSERT_NE(stack_, nullptr) << "the suite's stack did not start"; }

  // An organisation registered through the gateway as ADMIN; its id ("" when that failed).
  static std::string Org(const std::string& name, organisations::v1::OrganisationKind kind) {
    absl::StatusOr<std::string> id = stack_->CreateOrganisation(name, kind);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.value_or("");
  }

  static inline Stack* stack_ = nullptr;
};

}  // namespace collab::e2e
