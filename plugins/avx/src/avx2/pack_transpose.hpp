// The transposing copy of the packers: W rows, each contiguous along the depth, into a sliver
// (W values per depth step). Shared by the plain and the im2col packers; only for files that
// included a target header.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include a target header before avx2/pack_transpose.hpp"
#endif

#include <immintrin.h>

#include <cstdint>

namespace strata_avx::gemm {
namespace {

// Transposes the 8x8 block in r[0..8) in place (row i becomes column i).
void transpose8(__m256 (&r)[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// One sliver whose `valid` rows are each contiguous along the depth: 8x8 transposes of eight
// depth steps at a time, eight rows per group. When W is not a multiple of 8 the last group
// holds zero rows, and its full 8-float stores spill into the next depth step; steps are
// stored in order, so that step's own stores overwrite the spill. The last steps are copied
// element by element, and so is the last block of eight when its spill would land beyond dst's
// `count` steps, unless the caller writes that step later (`spill_past_end`).
template <int W>
void pack_rows_contiguous(const float* const* rows, int valid, int64_t count, bool spill_past_end,
                          float* dst) {
  constexpr int kGroups = (W + 7) / 8;
  int64_t d = 0;
  if (valid == W) {
    for (; d + 8 <= count && (W % 8 == 0 || spill_past_end || d + 9 <= count); d += 8) {
      __m256 r[kGroups][8];
      for (int g = 0; g < kGroups; ++g) {
        for (int i = 0; i < 8; ++i) {
          r[g][i] = g * 8 + i < W ? _mm256_loadu_ps(rows[g * 8 + i] + d) : _mm256_setzero_ps();
        }
        transpose8(r[g]);
      }
      for (int i = 0; i < 8; ++i) {
        for (int g = 0; g < kGroups; ++g) _mm256_storeu_ps(dst + (d + i) * W + g * 8, r[g][i]);
      }
    }
  }
  for (; d < count; ++d) {
    for (int r = 0; r < W; ++r) dst[d * W + r] = r < valid ? rows[r][d] : 0.0f;
  }
}

}  // namespace
}  // namespace strata_avx::gemm
