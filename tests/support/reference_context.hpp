// The reference backend's context, opened once per test program, for suites whose fixtures run
// every test on it. Header-only, so a suite needs no extra library.
#pragma once

#include "strata/context.hpp"

namespace strata_test_support {

inline strata::Context& reference_context() {
  static strata::Context context("reference");
  return context;
}

}  // namespace strata_test_support
