#include "conv_geometry.hpp"

#include "case.hpp"

namespace strata::conformance {
namespace {

// floor((in + pads - dilation * (kernel - 1) - 1) / stride) + 1; the geometries keep the
// numerator >= 0, where C++ division is already the floor.
int64_t output_size(int64_t in, int64_t pads, int64_t kernel, int64_t dilation, int64_t stride) {
  return (in + pads - dilation * (kernel - 1) - 1) / stride + 1;
}

}  // namespace

std::vector<int64_t> ConvGeometry::w_shape() const {
  return {kh, kw, x[3] / params.groups, f};
}

std::vector<int64_t> ConvGeometry::y_shape() const {
  const strata_conv2d_params& p = params;
  return {x[0], output_size(x[1], p.pad_top + p.pad_bottom, kh, p.dilation_h, p.stride_h),
          output_size(x[2], p.pad_left + p.pad_right, kw, p.dilation_w, p.stride_w), f};
}

std::vector<int64_t> ConvGeometry::pooled_shape() const {
  std::vector<int64_t> y = y_shape();
  y[3] = x[3];
  return y;
}

strata_conv2d_params conv_params(int32_t sh, int32_t sw, std::vector<int32_t> pad, int32_t dh,
                                 int32_t dw, int32_t groups) {
  auto p = make_params<strata_conv2d_params>();
  p.stride_h = sh;
  p.stride_w = sw;
  p.pad_top = pad[0];
  p.pad_bottom = pad[1];
  p.pad_left = pad[2];
  p.pad_right = pad[3];
  p.dilation_h = dh;
  p.dilation_w = dw;
  p.groups = groups;
  return p;
}

strata_pool2d_params pool_params(const ConvGeometry& g) {
  auto p = make_params<strata_pool2d_params>();
  p.window_h = static_cast<int32_t>(g.kh);
  p.window_w = static_cast<int32_t>(g.kw);
  p.stride_h = g.params.stride_h;
  p.stride_w = g.params.stride_w;
  p.pad_top = g.params.pad_top;
  p.pad_bottom = g.params.pad_bottom;
  p.pad_left = g.params.pad_left;
  p.pad_right = g.params.pad_right;
  return p;
}

}  // namespace strata::conformance
