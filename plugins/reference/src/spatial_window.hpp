// The sliding-window arithmetic that convolution and pooling share: the header's output-size
// formula and the input coordinate a window tap reads. Pooling is convolution's geometry with
// dilation 1.
#pragma once

#include <strata/backend.h>

#include <cstdint>

namespace strata_ref {

// Division rounding toward negative infinity (C++ truncates toward zero).
inline int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// OH = floor((H + pad_lo + pad_hi - dilation * (kernel - 1) - 1) / stride) + 1. Negative when
// the dilated kernel overhangs the padded image by more than a stride.
inline int64_t window_output_size(int64_t in, int64_t pad_lo, int64_t pad_hi, int64_t kernel,
                                  int64_t dilation, int64_t stride) {
  return floor_div(in + pad_lo + pad_hi - dilation * (kernel - 1) - 1, stride) + 1;
}

// The input coordinate that output position `o` reads at kernel tap `k` (may be in padding).
inline int64_t window_input_coord(int64_t o, int64_t k, int64_t stride, int64_t pad_lo,
                                  int64_t dilation) {
  return o * stride - pad_lo + k * dilation;
}

// Position of `index` in a dense row-major array of t's shape: where the ops keep their
// double accumulators before one rounding store into the (possibly strided) output.
inline int64_t dense_offset(const strata_tensor& t, const int64_t* index) {
  int64_t offset = 0;
  for (int k = 0; k < t.rank; ++k) offset = offset * t.shape[k] + index[k];
  return offset;
}

}  // namespace strata_ref
