// The geometry convolution and pooling share: sizes of one convolution in the forward op's
// terms, the header's output-size formula, and the image a convolution reads, as the
// implicit-im2col packers of the GEMM see it.
#pragma once

#include <strata/backend.h>

#include <cstdint>

namespace strata_avx {

struct ConvShape {
  int64_t n, h, w, c;  // x [N, H, W, C]
  int64_t kh, kw, f;   // w [KH, KW, C/groups, F]
  int64_t oh, ow;      // y [N, OH, OW, F]
  int64_t c_per_group, f_per_group;
};

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
