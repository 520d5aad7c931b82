// The direct convolution's applicability and the instance's kernel set (portable code; the
// kernels are reached only through an instance, made only once the probe has passed).
#include "conv_direct.hpp"

namespace strata_avx::conv_direct {
namespace {

// Channels are processed in blocks of sixteen (input) or vectors (output), zero-padded: with
// more than a quarter of the work on padding, the GEMM (which pads neither) is the better path.
bool little_padding(int64_t channels) {
  const int64_t padded = (channels + kChannelBlock - 1) / kChannelBlock * kChannelBlock;
  return channels > 0 && 4 * padded <= 5 * channels;
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
  if (ctx.isa == Isa::kAvx512) return avx512::forward(ctx, x, w, y, s, p);
  avx2::forward(ctx, x, w, y, s, p);
}

}  // namespace strata_avx::conv_direct
