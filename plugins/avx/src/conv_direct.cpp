// The direct convolution's applicability and the instance's kernel set (portable code; the
// kernels are reached only through an instance, made only once the probe has passed).
#include "conv_direct.hpp"

#include "tensor.hpp"

namespace strata_avx::conv_direct {
namespace {

// Channels are processed in blocks of sixteen (input) or vectors (output), zero-padded: with
// more than a quarter of the work on padding, the GEMM (which pads neither) is the better path.
bool little_padding(int64_t channels) {
  const int64_t padded = (channels + kChannelBlock - 1) / kChannelBlock * kChannelBlock;
  return channels > 0 && 4 * padded <= 5 * channels;
}

// The forward convolution that gives backward data's dx from dy (see conv_direct.hpp).
struct Transposed {
  ConvShape s;
  strata_conv2d_params p;
  bool valid;
};

Transposed transposed(const ConvShape& s, const strata_conv2d_params& p) {
  Transposed t{s, p, false};
  t.s.h = s.oh, t.s.w = s.ow, t.s.c = s.f, t.s.f = s.c, t.s.oh = s.h, t.s.ow = s.w;
  t.s.c_per_group = s.f, t.s.f_per_group = s.c;
  const int64_t extent_h = (s.kh - 1) * p.dilation_h, extent_w = (s.kw - 1) * p.dilation_w;
  t.p.pad_top = static_cast<int32_t>(extent_h - p.pad_top);
  t.p.pad_bottom = static_cast<int32_t>(extent_h - p.pad_bottom);
  t.p.pad_left = static_cast<int32_t>(extent_w - p.pad_left);
  t.p.pad_right = static_cast<int32_t>(extent_w - p.pad_right);
  t.valid = p.stride_h == 1 && p.stride_w == 1 && p.groups == 1 && t.p.pad_top >= 0 &&
            t.p.pad_bottom >= 0 && t.p.pad_left >= 0 && t.p.pad_right >= 0;
  return t;
}

Filter filter_of(const strata_tensor& w) {
  return {data_ptr<const float>(w), {w.strides[0], w.strides[1], w.strides[2], w.strides[3]}};
}

void run(ExecContext& ctx, const strata_tensor& x, const Filter& w, const strata_tensor& y,
         const ConvShape& s, const strata_conv2d_params& p) {
  if (ctx.isa == Isa::kAvx512) return avx512::forward(ctx, x, w, y, s, p);
  avx2::forward(ctx, x, w, y, s, p);
}

}  // namespace

bool applies(Isa isa, const ConvShape& s, const strata_conv2d_params& p, const strata_tensor& y) {
  // Each filter vector loaded serves one tile's pixels of a row: in narrow rows the loads
  // outweigh the FMAs, and the GEMM, whose tiles span rows and images, is faster. Measured on
  // a Sapphire Rapids core: AVX-512 (14-pixel tiles) wins from 7x7 images on, AVX2 (6-pixel
  // tiles) loses on 7x7 and breaks even on 14x14 (3x3, 128 to 256 channels).
  const int64_t min_row = isa == Isa::kAvx512 ? 7 : 12;
  // Very few input channels (a first layer) make the GEMM's depth tiny, so that it spends its
  // time on packing and storing; the direct kernel's blocks then hold one to four channels.
  return p.groups == 1 && y.strides[3] == 1 && s.ow >= min_row && s.kh > 0 && s.kw > 0 &&
         (s.c <= kFewChannels || little_padding(s.c)) && little_padding(s.f);
}

void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& w,
             const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p) {
  run(ctx, x, filter_of(w), y, s, p);
}

bool applies_backward_data(Isa isa, const ConvShape& s, const strata_conv2d_params& p,
                           const strata_tensor& dx) {
  const Transposed t = transposed(s, p);
  return t.valid && applies(isa, t.s, t.p, dx);
}

void backward_data(ExecContext& ctx, const strata_tensor& dy, const strata_tensor& w,
                   const strata_tensor& dx, const ConvShape& s, const strata_conv2d_params& p) {
  const Transposed t = transposed(s, p);
  // w'[kh, kw, f, c] = w[KH - 1 - kh, KW - 1 - kw, c, f].
  const Filter flipped{
      data_ptr<const float>(w) + (s.kh - 1) * w.strides[0] + (s.kw - 1) * w.strides[1],
      {-w.strides[0], -w.strides[1], w.strides[3], w.strides[2]}};
  run(ctx, dy, flipped, dx, t.s, t.p);
}

bool applies_backward_filter(const ConvShape& s, const strata_conv2d_params& p,
                             const strata_tensor& dy) {
  if (p.groups != 1 || s.c <= 0 || s.f <= 0 || s.kh <= 0 || s.kw <= 0 || dy.strides[3] != 1) {
    return false;
  }
  // One to four channels: tiles of F in whole vectors on either ISA.
  if (s.c <= kFewChannels) return s.f % kChannelBlock == 0;
  // Many: the padded copy of a whole image (about) within 1 MiB, so that it stays in L2.
  const int64_t width = (s.ow - 1) * p.stride_w + (s.kw - 1) * p.dilation_w + 1 + p.stride_w;
  const int64_t padded_c = (s.c + kChannelBlock - 1) / kChannelBlock * kChannelBlock;
  return little_padding(s.c) && s.h * width * padded_c <= (int64_t{1} << 18);
}

void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p) {
  if (ctx.isa == Isa::kAvx512) return avx512::backward_filter(ctx, x, dy, dw, s, p);
  avx2::backward_filter(ctx, x, dy, dw, s, p);
}

}  // namespace strata_avx::conv_direct
