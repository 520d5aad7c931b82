// The geometry convolution and pooling share: sizes of one convolution or pooling and the
// header's output-size formula (strata/kit/window.hpp), and the image a convolution reads, as
// the implicit-im2col packers of the GEMM see it.
#pragma once

#include <strata/backend.h>
#include <strata/kit/window.hpp>

#include <cstdint>

namespace strata_avx {

using strata::kit::ConvShape;
using strata::kit::PoolShape;
using strata::kit::window_output_size;

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
