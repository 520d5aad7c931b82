// The AVX-512 GEMM: register tiles of 16-lane FMA accumulators under the blocking loops of
// avx2/gemm_blocking.hpp. A 14x32 tile (28 accumulators, two B vectors and a broadcast: 31 of
// the 32 ZMM registers) for most shapes; for at most 16 columns, where a 32-wide tile would be
// mostly padding, an 8x16 one. Column tails are masked loads and stores.
#include <immintrin.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gemm.hpp"

// Everything below is compiled for AVX-512 (see avx512/target.hpp).
#include "avx512/target.hpp"

#include "avx2/gemm_blocking.hpp"

namespace strata_avx::gemm {
namespace {

constexpr int kLanes = 16;

// See gemm_blocking.hpp for the contract: a kMr x (16 kVectors) tile.
template <int kMr, int kVectors, bool kPackedA>
void kernel(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict b, float* c,
            int64_t ldc, int rows, int cols, float alpha, float beta) {
  constexpr int kNr = kLanes * kVectors;
  __m512 acc[kMr][kVectors];
#pragma GCC unroll 16
  for (int i = 0; i < kMr; ++i) {
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) acc[i][v] = _mm512_setzero_ps();
  }
  for (int i = 0; i < rows; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + kNr - 1), _MM_HINT_T0);
  }
  // Row i's value at depth step k is rows[i][k * step].
  constexpr int64_t step = kPackedA ? kMr : 1;
  const float* row[kMr];
#pragma GCC unroll 16
  for (int i = 0; i < kMr; ++i) row[i] = kPackedA ? a + i : a + std::min(i, rows - 1) * lda;
#pragma GCC unroll 2
  for (int64_t k = 0; k < kc; ++k) {
    __m512 bv[kVectors];
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) bv[v] = _mm512_load_ps(b + v * kLanes);
#pragma GCC unroll 16
    for (int i = 0; i < kMr; ++i) {
      const __m512 av = _mm512_set1_ps(row[i][k * step]);
#pragma GCC unroll 4
      for (int v = 0; v < kVectors; ++v) acc[i][v] = _mm512_fmadd_ps(av, bv[v], acc[i][v]);
    }
    b += kNr;
  }
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
  __mmask16 masks[kVectors];
#pragma GCC unroll 4
  for (int v = 0; v < kVectors; ++v) {
    const int lanes = std::clamp(cols - v * kLanes, 0, kLanes);
    masks[v] = static_cast<__mmask16>((1u << lanes) - 1);
  }
  for (int i = 0; i < rows; ++i, c += ldc) {
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) {
      __m512 r = _mm512_mul_ps(va, acc[i][v]);
      float* p = c + v * kLanes;
      if (cols == kNr) {
        if (beta != 0) r = _mm512_fmadd_ps(vb, _mm512_loadu_ps(p), r);
        _mm512_storeu_ps(p, r);
      } else {
        if (beta != 0) r = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(masks[v], p), r);
        _mm512_mask_storeu_ps(p, masks[v], r);
      }
    }
  }
}

struct Avx512Kernels {
  static constexpr int kMr = 14, kNr = 32;             // the main tile
  static constexpr int kNarrowMr = 8, kNarrowNr = 16;  // for at most 16 columns
  static constexpr int kMaxTile = kMr * kNr;
  // An A sliver (14 x 320: 18 KiB) stays in L1 (48 KiB) while the B block (320 x 1024: 1.25 MiB)
  // streams from L2 (2 MiB); the A block only passes through. Measured on a Sapphire Rapids
  // core against 12x32 tiles and KC 256..512, NC 512..1024: the squares within a few percent of
  // each other, and KC 320 keeps the 3x3x32-deep convolutions (288) in one depth block.
  static constexpr int64_t kKc = 320;
  static constexpr int64_t kMc = 476;
  static constexpr int64_t kNc = 1024;
  static constexpr bool kSliverOfAInL1 = true;
  static_assert(is_pack_width(kNarrowMr) && is_pack_width(kNarrowNr));
  static TileShape shape(int64_t n) {
    return n <= kNarrowNr ? TileShape{kNarrowMr, kNarrowNr} : TileShape{kMr, kNr};
  }
  template <bool kPackedA>
  static void tile(TileShape shape, int64_t kc, const float* a, int64_t lda, const float* b,
                   float* c, int64_t ldc, int rows, int cols, float alpha, float beta) {
    if (shape.nr == kNarrowNr) {
      kernel<kNarrowMr, 1, kPackedA>(kc, a, lda, b, c, ldc, rows, cols, alpha, beta);
    } else {
      kernel<kMr, 2, kPackedA>(kc, a, lda, b, c, ldc, rows, cols, alpha, beta);
    }
  }
};

}  // namespace

namespace avx512 {

void run_serial(const Problem& problem, Scratch& scratch) {
  Blocking<Avx512Kernels>::run_serial(problem, scratch);
}

void run(ExecContext& ctx, const Problem* problems, int64_t count) {
  Blocking<Avx512Kernels>::run(ctx, problems, count);
}

}  // namespace avx512
}  // namespace strata_avx::gemm
