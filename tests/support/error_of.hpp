// The message of the strata::Error a piece of test code throws, for tests that check what an
// error says. Header-only, so a suite needs no extra library.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "strata/error.hpp"

namespace strata_test_support {

// The message of the strata::Error `fn` throws; fails the test when it throws none.
inline std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const strata::Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no strata::Error was thrown";
  return {};
}

}  // namespace strata_test_support
