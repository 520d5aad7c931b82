// data_format handling shared by the convolution, pooling and flatten layers. The ABI's
// convolution and pooling take NHWC; channels_first inputs are handed to them as transposed
// views (no copy) and the results transposed back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/tensor.hpp"

namespace strata::layers_detail {

// "" becomes the current config's image_data_format; anything other than "channels_last" or
// "channels_first" is a ValueError naming `layer`.
std::string resolve_data_format(std::string_view data_format, std::string_view layer);

// Channels moved from axis 1 to the end: (N, C, ...) -> (N, ..., C), a view.
Tensor channels_to_last(const Tensor& x);
// The inverse: (N, ..., C) -> (N, C, ...), a view.
Tensor channels_to_first(const Tensor& x);

// The same permutations applied to a shape.
Shape channels_to_last(const Shape& shape);
Shape channels_to_first(const Shape& shape);

// Positions a window of `window` taps spaced `dilation` apart takes along an axis of `size`
// padded by `total_pad`, moving by `stride`; 0 when it does not fit once.
int64_t window_positions(int64_t size, int64_t total_pad, int64_t window, int64_t stride,
                         int64_t dilation = 1);

// "valid" or "same" (plus "causal" where allowed), else a ValueError naming `layer`.
void check_padding(std::string_view padding, std::string_view layer, bool causal_allowed);

}  // namespace strata::layers_detail
