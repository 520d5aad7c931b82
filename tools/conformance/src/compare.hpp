// Judging a run: guard regions and inputs untouched, then each output's values against the
// expected ones by the case's tolerance: exact, or NaN where (and only where) expected,
// infinities of the same sign, and NMSE = sum((a-b)^2) / sum(b^2) within the bound, b the
// expected values.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "case.hpp"
#include "staging.hpp"

namespace strata::conformance {

struct Finding {
  std::string check;    // "guard", "input modified", "exact", "nan", "inf", "nmse"
  std::string message;  // names the tensor, the element or byte, both values, the bound
  std::string index;    // "y[2,7]" where one element is to blame
  std::optional<double> got;
  std::optional<double> expected;
};

struct Comparison {
  std::optional<Finding> failure;
  double nmse = 0;   // the largest over the outputs compared by NMSE
  double bound = 0;  // the NMSE bound of the case's tolerance and dtype (0: exact)
};

// Every byte of `after` that `t`'s view does not address must equal `before`'s.
std::optional<Finding> check_guards(const TensorSpec& t, std::span<const std::byte> before,
                                    std::span<const std::byte> after);

// The view's elements of `got` against those of `expected`. Sets `nmse` for bounded
// tolerances.
std::optional<Finding> compare_values(const TensorSpec& t, Tolerance tolerance,
                                      std::span<const std::byte> got,
                                      std::span<const std::byte> expected, double& nmse);

// A whole run of `c` (inputs and outputs read back) against `expected` output images.
Comparison compare_run(const Case& c, const StagedCase& staged, const std::vector<Image>& inputs,
                       const std::vector<Image>& outputs, const std::vector<Image>& expected);

}  // namespace strata::conformance
