// The geometry convolution and pooling share: sizes of one convolution or pooling and the
// header's output-size formula (strata/kit/window.hpp), and the image a convolution reads, as
// the implicit-im2col packers of the GEMM see it.
#pragma once

#include <strata/backend.h>
#include <strata/kit/window.hpp>

#include <algorithm>
#include <cstdint>

namespace strata_avx {

using strata::kit::ConvShape;
using strata::kit::PoolShape;
using strata::kit::window_output_size;

// The real pixels of one pooling output pixel's window: rows [h0, h1) x columns [w0, w1).
struct Window {
  int64_t h0, h1, w0, w1;
  int64_t count() const { return (h1 - h0) * (w1 - w0); }
};

// The window of output pixel (oh, ow), clipped to the image (empty, never inverted, when it
// lies wholly in the padding).
inline Window window_of(const PoolShape& s, const strata_pool2d_params& p, int64_t oh, int64_t ow) {
  const int64_t top = oh * p.stride_h - p.pad_top, left = ow * p.stride_w - p.pad_left;
  Window win{std::max<int64_t>(top, 0), std::min<int64_t>(top + p.window_h, s.h),
             std::max<int64_t>(left, 0), std::min<int64_t>(left + p.window_w, s.w)};
  win.h1 = std::max(win.h1, win.h0);
  win.w1 = std::max(win.w1, win.w0);
  return win;
}

// An NHWC image with its strides, a channel offset (the group's first channel) and the
// convolution that reads it: the source of the im2col packers (avx2/conv_pack.cpp).
struct ImageSource {
  const float* data;
  int64_t stride_n, stride_h, stride_w, stride_c;  // in elements
  ConvShape shape;
  strata_conv2d_params params;
  int64_t channel0;
};

namespace gemm {

// What packing an im2col element costs relative to a plain copy (gemm::Operand::pack_cost):
// an address and a bounds check per run of channels.
constexpr double kIm2colPackCost = 4;

// Packs the implicit im2col matrix of an ImageSource: rows are output pixels (n, oh, ow),
// depth is (kh, kw, c) with c fastest; taps in the padding read 0. A gemm::PackFn.
void pack_im2col(const void* source, int64_t row, int64_t rows, int64_t depth, int64_t count,
                 int width, float* dst);

// Its transpose: rows are (kh, kw, c), depth is output pixels (the backward-filter GEMM).
void pack_im2col_transposed(const void* source, int64_t row, int64_t rows, int64_t depth,
                            int64_t count, int width, float* dst);

}  // namespace gemm
}  // namespace strata_avx
