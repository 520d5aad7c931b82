// Sliding-window geometry shared by convolution and pooling (pooling is dilation 1).
#pragma once

#include <cstdint>

namespace strata_vk {

// Division rounding toward negative infinity.
inline int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// OH = floor((H + pad_lo + pad_hi - dilation * (kernel - 1) - 1) / stride) + 1; negative
// when the dilated kernel overhangs the padded image by more than a stride.
inline int64_t window_output_size(int64_t in, int64_t pad_lo, int64_t pad_hi, int64_t kernel,
                                  int64_t dilation, int64_t stride) {
  return floor_div(in + pad_lo + pad_hi - dilation * (kernel - 1) - 1, stride) + 1;
}

}  // namespace strata_vk
