// The direct convolution forward on AVX-512: a tile of 14 pixels by 32 output channels (28
// accumulators, two filter vectors and a broadcast: 31 of the 32 ZMM registers), the shape of
// the GEMM's main tile.
#include <strata/kit/window.hpp>

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "conv_direct.hpp"
#include "tensor.hpp"

// Everything below is compiled for AVX-512 (see avx512/target.hpp).
#include "avx512/target.hpp"

#include "avx2/conv_direct_loops.hpp"

namespace strata_avx::conv_direct {
namespace {

struct Avx512Vectors {
  using Vec = __m512;
  static constexpr int kLanes = 16, kPixels = 14, kVectors = 2, kFilterTaps = 14;
  static Vec zero() { return _mm512_setzero_ps(); }
  static Vec load(const float* p) { return _mm512_loadu_ps(p); }
  static Vec broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static Vec fmadd(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm512_add_ps(a, b); }
  static void store(float* p, Vec v, int lanes) {
    if (lanes == kLanes) {
      _mm512_storeu_ps(p, v);
    } else {
      _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << lanes) - 1), v);
    }
  }
};

}  // namespace

namespace avx512 {

void forward(ExecContext& ctx, const strata_tensor& x, const Filter& w, const strata_tensor& y,
             const ConvShape& s, const strata_conv2d_params& p) {
  forward_blocked<Avx512Vectors>(ctx, x, w, y, s, p);
}

void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p) {
  backward_filter_blocked<Avx512Vectors>(ctx, x, dy, dw, s, p);
}

}  // namespace avx512
}  // namespace strata_avx::conv_direct
