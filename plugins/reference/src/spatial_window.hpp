// The sliding-window arithmetic that convolution and pooling share (strata/kit/window.hpp),
// and where the ops keep their accumulators.
#pragma once

#include <strata/backend.h>
#include <strata/kit/window.hpp>

#include <cstdint>

namespace strata_ref {

using strata::kit::window_input_coord;
using strata::kit::window_output_size;

// Position of `index` in a dense row-major array of t's shape: where the ops keep their
// double accumulators before one rounding store into the (possibly strided) output.
inline int64_t dense_offset(const strata_tensor& t, const int64_t* index) {
  int64_t offset = 0;
  for (int k = 0; k < t.rank; ++k) offset = offset * t.shape[k] + index[k];
  return offset;
}

}  // namespace strata_ref
