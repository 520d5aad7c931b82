// The AVX2 GEMM: a 6x16 FMA micro-kernel of twelve 8-lane accumulators under the blocking loops
// of gemm_blocking.hpp.
#include <immintrin.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gemm.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/gemm_blocking.hpp"
#include "avx2/simd.hpp"

namespace strata_avx::gemm {
namespace {

constexpr int kMr = 6;   // rows of the register tile
constexpr int kNr = 16;  // columns of the register tile: two 8-lane vectors

// See gemm_blocking.hpp for the contract. Twelve accumulators: six rows by two 8-lane vectors.
template <bool kPackedA>
void kernel_6x16(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict b,
                 float* c, int64_t ldc, int rows, int cols, float alpha, float beta) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
         c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int i = 0; i < rows; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + kNr - 1), _MM_HINT_T0);
  }
  const int64_t step = kPackedA ? kMr : 1;
  const float *a0 = a, *a1, *a2, *a3, *a4, *a5;
  if constexpr (kPackedA) {
    a1 = a + 1, a2 = a + 2, a3 = a + 3, a4 = a + 4, a5 = a + 5;
  } else {
    auto row = [&](int i) { return a + std::min(i, rows - 1) * lda; };
    a1 = row(1), a2 = row(2), a3 = row(3), a4 = row(4), a5 = row(5);
  }
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; ++k) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 av = _mm256_broadcast_ss(a0 + k * step);
    c00 = _mm256_fmadd_ps(av, b0, c00);
    c01 = _mm256_fmadd_ps(av, b1, c01);
    av = _mm256_broadcast_ss(a1 + k * step);
    c10 = _mm256_fmadd_ps(av, b0, c10);
    c11 = _mm256_fmadd_ps(av, b1, c11);
    av = _mm256_broadcast_ss(a2 + k * step);
    c20 = _mm256_fmadd_ps(av, b0, c20);
    c21 = _mm256_fmadd_ps(av, b1, c21);
    av = _mm256_broadcast_ss(a3 + k * step);
    c30 = _mm256_fmadd_ps(av, b0, c30);
    c31 = _mm256_fmadd_ps(av, b1, c31);
    av = _mm256_broadcast_ss(a4 + k * step);
    c40 = _mm256_fmadd_ps(av, b0, c40);
    c41 = _mm256_fmadd_ps(av, b1, c41);
    av = _mm256_broadcast_ss(a5 + k * step);
    c50 = _mm256_fmadd_ps(av, b0, c50);
    c51 = _mm256_fmadd_ps(av, b1, c51);
    b += kNr;
  }
  const __m256 acc[kMr][2] = {{c00, c01}, {c10, c11}, {c20, c21},
                              {c30, c31}, {c40, c41}, {c50, c51}};
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
  const __m256i m0 = simd::tail_mask(cols), m1 = simd::tail_mask(cols - 8);
  for (int i = 0; i < rows; ++i, c += ldc) {
    __m256 r0 = _mm256_mul_ps(va, acc[i][0]), r1 = _mm256_mul_ps(va, acc[i][1]);
    if (cols == kNr) {
      if (beta != 0) {
        r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(c + 8), r1);
      }
      _mm256_storeu_ps(c, r0);
      _mm256_storeu_ps(c + 8, r1);
      continue;
    }
    if (beta != 0) {
      r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(c, m0), r0);
      r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(c + 8, m1), r1);
    }
    _mm256_maskstore_ps(c, m0, r0);
    _mm256_maskstore_ps(c + 8, m1, r1);
  }
}

struct Avx2Kernels {
  static constexpr int kMr = gemm::kMr, kNr = gemm::kNr, kMaxTile = kMr * kNr;
  static constexpr int64_t kKc = 320;   // B sliver 20 KiB: L1
  static constexpr int64_t kMc = 144;   // A block 180 KiB: L2
  static constexpr int64_t kNc = 1024;  // B block 1.3 MiB: L2
  static constexpr bool kSliverOfAInL1 = false;
  static TileShape shape(int64_t) { return {kMr, kNr}; }
  template <bool kPackedA>
  static void tile(TileShape, int64_t kc, const float* a, int64_t lda, const float* b, float* c,
                   int64_t ldc, int rows, int cols, float alpha, float beta) {
    kernel_6x16<kPackedA>(kc, a, lda, b, c, ldc, rows, cols, alpha, beta);
  }
};

}  // namespace

namespace avx2 {

void run_serial(const Problem& problem, Scratch& scratch) {
  Blocking<Avx2Kernels>::run_serial(problem, scratch);
}

void run(ExecContext& ctx, const Problem* problems, int64_t count) {
  Blocking<Avx2Kernels>::run(ctx, problems, count);
}

}  // namespace avx2
}  // namespace strata_avx::gemm
