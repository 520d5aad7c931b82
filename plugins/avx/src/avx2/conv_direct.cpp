// The direct convolution forward on AVX2: a tile of 6 pixels by 16 output channels (12
// accumulators, two filter vectors and a broadcast: 15 of the 16 YMM registers), the shape of
// the GEMM's tile.
#include <strata/kit/window.hpp>

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "conv_direct.hpp"
#include "tensor.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/conv_direct_loops.hpp"
#include "avx2/simd.hpp"

namespace strata_avx::conv_direct {
namespace {

struct Avx2Vectors {
  using Vec = __m256;
  static constexpr int kLanes = simd::kLanes, kPixels = 6, kVectors = 2, kFilterTaps = 6;
  static Vec zero() { return _mm256_setzero_ps(); }
  static Vec load(const float* p) { return _mm256_loadu_ps(p); }
  static Vec broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static Vec fmadd(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
  static Vec add(Vec a, Vec b) { return _mm256_add_ps(a, b); }
  static void store(float* p, Vec v, int lanes) { simd::store_lanes(p, lanes, v); }
};

}  // namespace

namespace avx2 {

void forward(ExecContext& ctx, const strata_tensor& x, const Filter& w, const strata_tensor& y,
             const ConvShape& s, const strata_conv2d_params& p) {
  forward_blocked<Avx2Vectors>(ctx, x, w, y, s, p);
}

void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p) {
  backward_filter_blocked<Avx2Vectors>(ctx, x, dy, dw, s, p);
}

}  // namespace avx2
}  // namespace strata_avx::conv_direct
