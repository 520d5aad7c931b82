// Direct convolution forward for f32 with many channels (or very few), where the implicit-im2col
// GEMM spends a sizeable share of its time packing: a register tile of output pixels along a row
// by output channels accumulates over (kh, kw, c) with broadcast input values and filter
// vectors. The input rows a block of output rows reads are first copied into a zero-padded
// buffer, blocked by channels, so that every broadcast is at a fixed offset from one pointer and
// the borders need no bounds checks.
//
// Declarations only (portable header); the shared code is avx2/conv_direct_loops.hpp, compiled per
// ISA in avx2/conv_direct.cpp and avx512/conv_direct.cpp.
#pragma once

#include <strata/backend.h>

#include "conv_geometry.hpp"
#include "op_common.hpp"

namespace strata_avx::conv_direct {

// Input channels per block of the padded buffer (and per unrolled step of the kernel), where C
// is more than kFewChannels; up to that, the block is one channel (C = 1) or kFewChannels, so
// that a first layer on one to four channels spends little on padding.
constexpr int64_t kChannelBlock = 16;
constexpr int64_t kFewChannels = 4;

// The filters [KH, KW, C, F] as the kernel reads them: a base and strides in elements, which
// may be negative (the flipped view of backward data).
struct Filter {
  const float* data;
  int64_t strides[4];
};

// Whether the direct kernel of `isa` takes this f32 forward convolution (x and w may have any
// strides).
bool applies(Isa isa, const ConvShape& s, const strata_conv2d_params& p, const strata_tensor& y);

// y = conv2d(x, w) with the instance's kernel set.
void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& w,
             const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p);

// With stride 1, the data gradient is itself a convolution: of dy, padded by the kernel's
// extent less the forward padding, with the filters flipped in both axes and C and F swapped.
// Whether the direct kernel takes it, and dx from dy that way (s and p are the forward's).
bool applies_backward_data(Isa isa, const ConvShape& s, const strata_conv2d_params& p,
                           const strata_tensor& dx);
void backward_data(ExecContext& ctx, const strata_tensor& dy, const strata_tensor& w,
                   const strata_tensor& dx, const ConvShape& s, const strata_conv2d_params& p);

// The filter gradient from a padded copy of each image: with one to four input channels, a
// register tile of the taps of a kernel row by output channel vectors along each output row;
// with many (nearly multiples of sixteen), of output channels by input channel vectors at each
// kernel position over the image. Whether the direct kernel takes it, and dw from x and dy
// that way.
bool applies_backward_filter(const ConvShape& s, const strata_conv2d_params& p,
                             const strata_tensor& dy);
void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p);

namespace avx2 {
void forward(ExecContext& ctx, const strata_tensor& x, const Filter& w, const strata_tensor& y,
             const ConvShape& s, const strata_conv2d_params& p);
void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p);
}  // namespace avx2
namespace avx512 {
void forward(ExecContext& ctx, const strata_tensor& x, const Filter& w, const strata_tensor& y,
             const ConvShape& s, const strata_conv2d_params& p);
void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p);
}  // namespace avx512

}  // namespace strata_avx::conv_direct
