// From an op of the catalog to its cases: which family file builds them, and which op of each
// family carries the family's large case in test mode.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <vector>

#include "case.hpp"
#include "grad_case.hpp"

namespace strata::conformance {

// Test mode: the op's cases at `dtype`, plus (when `large`) the family's large case of
// >= 1,000,000 elements if this is the op and dtype that carries it (f32, one op per family:
// the reference backend is slow, so each family pays for one).
std::vector<Case> test_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed,
                             bool large = true);

// Perf mode: the op's large case at `dtype` (compute-bound shapes for matmul and convolution).
Case perf_case(const OpInfo& op, strata_dtype dtype, uint64_t seed);

// Grad mode: the backward op's gradient checks (empty for ops that are not backward ops).
std::vector<GradCase> grad_cases(const OpInfo& op, strata_dtype dtype);

}  // namespace strata::conformance
