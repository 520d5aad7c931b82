// strata/kit/window.hpp: the sliding-window geometry convolution and pooling share: the sizes of
// one call, the header's output-size formula and the input coordinate a window tap reads.
// Pooling is convolution's geometry with dilation 1.
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <cstdint>

namespace strata::kit {

// Sizes of one convolution, in the forward op's terms.
struct ConvShape {
  int64_t n, h, w, c;  // x [N, H, W, C]
  int64_t kh, kw, f;   // w [KH, KW, C/groups, F]
  int64_t oh, ow;      // y [N, OH, OW, F]
  int64_t c_per_group, f_per_group;
};

// Sizes of one pooling.
struct PoolShape {
  int64_t n, h, w, c;  // x [N, H, W, C]
  int64_t oh, ow;      // y [N, OH, OW, C]
};

// Division rounding toward negative infinity (C++ truncates toward zero).
constexpr int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// OH = floor((H + pad_lo + pad_hi - dilation * (kernel - 1) - 1) / stride) + 1. Negative when
// the dilated kernel overhangs the padded image by more than a stride.
constexpr int64_t window_output_size(int64_t in, int64_t pad_lo, int64_t pad_hi, int64_t kernel,
                                     int64_t dilation, int64_t stride) {
  return floor_div(in + pad_lo + pad_hi - dilation * (kernel - 1) - 1, stride) + 1;
}

// The input coordinate that output position `o` reads at kernel tap `k` (may be in padding).
constexpr int64_t window_input_coord(int64_t o, int64_t k, int64_t stride, int64_t pad_lo,
                                     int64_t dilation) {
  return o * stride - pad_lo + k * dilation;
}

}  // namespace strata::kit
