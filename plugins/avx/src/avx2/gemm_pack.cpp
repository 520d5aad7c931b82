// Packing plain strided matrices for the GEMM (see gemm.hpp for the packed layout). Three
// shapes of source: consecutive rows contiguous (a copy per depth step), each row contiguous
// along the depth (an 8x8 transpose per step of eight), and anything else (element by
// element). Padding rows of a partial sliver are zero.
#include <immintrin.h>

#include <algorithm>

#include "gemm.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

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
// depth steps at a time. A 6-row sliver transposes its rows with two zero rows and stores the
// first six lanes of each result with a full 8-float store that spills into the next depth
// step (overwritten next); the last block of steps is copied element by element.
template <int W>
void pack_rows_contiguous(const float* const* rows, int valid, int64_t count, float* dst) {
  int64_t d = 0;
  if (valid == W) {
    constexpr int kGroups = (W + 7) / 8;
    for (; d + 8 <= count && (W % 8 == 0 || d + 9 <= count); d += 8) {
      for (int g = 0; g < kGroups; ++g) {
        __m256 r[8];
        for (int i = 0; i < 8; ++i) {
          r[i] = g * 8 + i < W ? _mm256_loadu_ps(rows[g * 8 + i] + d) : _mm256_setzero_ps();
        }
        transpose8(r);
        for (int i = 0; i < 8; ++i) _mm256_storeu_ps(dst + (d + i) * W + g * 8, r[i]);
      }
    }
  }
  for (; d < count; ++d) {
    for (int r = 0; r < W; ++r) dst[d * W + r] = r < valid ? rows[r][d] : 0.0f;
  }
}

// Rows that lie side by side (row_stride 1): at each depth step the block's rows are one
// contiguous run, copied into every sliver in turn, so the source is read sequentially (one
// row of a row-major B at a time) instead of one cache line per depth step per sliver. Full
// slivers use plain loads and stores (masked ones cost several times more); with W = 6 an
// 8-float store spills two floats into the next depth step, which that step overwrites, and
// the last step copies exactly.
template <int W>
void pack_side_by_side(const StridedMatrix& m, int64_t row, int64_t rows, int64_t depth,
                       int64_t count, float* dst) {
  const int64_t full = rows / W;
  const int valid_last = static_cast<int>(rows - full * W);
  const __m256i lo_mask = simd::tail_mask(std::min(W, 8));
  const __m256i first = _mm256_and_si256(simd::tail_mask(valid_last), lo_mask);
  const __m256i second = simd::tail_mask(valid_last - 8);
  const int64_t sliver_size = W * count;
  for (int64_t d = 0; d < count; ++d) {
    const float* p = m.data + row + (depth + d) * m.depth_stride;
    float* out = dst + d * W;
    const bool spill_ok = W == 16 || d + 1 < count;
    for (int64_t s = 0; s < full; ++s, p += W, out += sliver_size) {
      if constexpr (W == 16) {
        _mm256_store_ps(out, _mm256_loadu_ps(p));
        _mm256_store_ps(out + 8, _mm256_loadu_ps(p + 8));
      } else if (spill_ok) {
        _mm256_storeu_ps(out, _mm256_loadu_ps(p));
      } else {
        std::copy(p, p + W, out);
      }
    }
    if (valid_last == 0) continue;
    if constexpr (W == 16) {
      _mm256_store_ps(out, _mm256_maskload_ps(p, first));
      _mm256_store_ps(out + 8, _mm256_maskload_ps(p + 8, second));
    } else {
      _mm256_maskstore_ps(out, lo_mask, _mm256_maskload_ps(p, first));
    }
  }
}

template <int W>
void pack(const StridedMatrix& m, int64_t row, int64_t rows, int64_t depth, int64_t count,
          float* dst) {
  if (m.row_stride == 1) return pack_side_by_side<W>(m, row, rows, depth, count, dst);
  for (int64_t s = 0; s < rows; s += W, dst += W * count) {
    const int valid = static_cast<int>(std::min<int64_t>(W, rows - s));
    const float* base = m.data + (row + s) * m.row_stride + depth * m.depth_stride;
    const float* starts[W];
    for (int r = 0; r < W; ++r) starts[r] = base + std::min(r, valid - 1) * m.row_stride;
    if (m.depth_stride == 1) {
      pack_rows_contiguous<W>(starts, valid, count, dst);
      continue;
    }
    for (int64_t d = 0; d < count; ++d) {
      for (int r = 0; r < W; ++r) {
        dst[d * W + r] = r < valid ? starts[r][d * m.depth_stride] : 0.0f;
      }
    }
  }
}

}  // namespace

void pack_strided(const void* source, int64_t row, int64_t rows, int64_t depth, int64_t count,
                  int width, float* dst) {
  const auto& m = *static_cast<const StridedMatrix*>(source);
  if (width == kNr) {
    pack<kNr>(m, row, rows, depth, count, dst);
  } else {
    pack<kMr>(m, row, rows, depth, count, dst);
  }
}

}  // namespace strata_avx::gemm
