// The shapes of one 2-D convolution or pooling (NHWC), with the output size from backend.h's
// formula, shared by the forward, backward and gradient-check cases.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tensor_spec.hpp"

namespace strata::conformance {

struct ConvGeometry {
  std::string label;
  std::vector<int64_t> x;            // [N, H, W, C]
  int64_t kh = 1, kw = 1;            // kernel or pooling window
  int64_t f = 1;                     // convolution filters (pooling keeps C)
  strata_conv2d_params params{};     // stride, padding, dilation, groups (pooling: dilation 1)
  Layout x_layout = Layout::kDense;  // of x or dx
  Layout y_layout = Layout::kDense;  // of y or dy
  Layout w_layout = Layout::kDense;  // of w or dw

  std::vector<int64_t> w_shape() const;       // [KH, KW, C/groups, F]
  std::vector<int64_t> y_shape() const;       // [N, OH, OW, F]
  std::vector<int64_t> pooled_shape() const;  // [N, OH, OW, C]
};

// Convolution params: stride {sh, sw}, padding {top, bottom, left, right}, dilation {dh, dw}.
strata_conv2d_params conv_params(int32_t sh, int32_t sw, std::vector<int32_t> pad = {0, 0, 0, 0},
                                 int32_t dh = 1, int32_t dw = 1, int32_t groups = 1);
strata_pool2d_params pool_params(const ConvGeometry& g);

}  // namespace strata::conformance
