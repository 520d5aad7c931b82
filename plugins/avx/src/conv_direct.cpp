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

bool applies(const ConvShape& s, const strata_conv2d_params& p, const strata_tensor& y) {
  // Each filter vector loaded serves one tile's pixels of a row: in narrower rows the loads
  // outweigh the FMAs, and the GEMM, whose tiles span rows and images, is faster (measured on
  // 2x2 and 4x4 images; 7x7 ones are faster here).
  constexpr int64_t kMinRow = 7;
  return p.groups == 1 && y.strides[3] == 1 && s.ow >= kMinRow && s.kh > 0 && s.kw > 0 &&
         little_padding(s.c) && little_padding(s.f);
}

void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& w,
             const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p) {
  if (ctx.isa == Isa::kAvx512) return avx512::forward(ctx, x, w, y, s, p);
  avx2::forward(ctx, x, w, y, s, p);
}

}  // namespace strata_avx::conv_direct
