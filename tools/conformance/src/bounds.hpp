// How close a plugin's result must be to the expected one. docs/conformance.md carries the
// same table with the reasoning; change both together.
#pragma once

#include <strata/backend.h>

#include <string_view>

namespace strata::conformance {

enum class Tolerance {
  kExact,         // integer results, indices, selections, data movement, Philox draws
  kElementwise,   // one rounding per element: unary, binary, optimizer steps, normal draws
  kAccumulating,  // sums whose order is free: matmul, convolution, reductions, softmax,
                  // average pooling, pooling gradients, float scatter-add
};

std::string_view tolerance_name(Tolerance tolerance);

// The largest NMSE = sum((a-b)^2) / sum(b^2) accepted, b the expected values; 0 for kExact
// (which compares values, not NMSE).
double nmse_bound(Tolerance tolerance, strata_dtype dtype);

// --mode grad: the finite-difference step (data is of order 1) and the largest accepted
// relative difference of the two sides of the directional check (see grad_mode.cpp).
double grad_step(strata_dtype dtype);
double grad_bound(strata_dtype dtype);

}  // namespace strata::conformance
