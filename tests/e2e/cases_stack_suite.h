#pragma once

#include <memory>
#include <string>

#include "collab/cases/v1/case_service.grpc.pb.h"
#include "libs/common/luhn.h"
#include "tests/e2e/stack_suite.h"

namespace collab::e2e {

// A StackSuite that also runs collab-cases, with a CaseService stub through the gateway.
template <typename Suite>
class CasesStackSuite : public StackSuite<Suite> {
 public:
  static StackOptions Options() {
    StackOptions options;
    options.start_cases = true;
    return options;
  }

 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StackSuite<Suite>::SetUp());
    cases_ = collab::cases::v1::CaseService::NewStub(StackSuite<Suite>::stack_->GatewayChannel());
  }

  // A personnummer born in the 1900s from its first nine digits (YYMMDDNNN): "19" + digits +
  // their Luhn check digit.
  static std::string PersonNumber(const std::string& nine) {
    return "19" + WithLuhnCheckDigit(nine);
  }

  std::unique_ptr<collab::cases::v1::CaseService::Stub> cases_;
};

}  // namespace collab::e2e
