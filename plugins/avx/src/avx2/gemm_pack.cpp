// Packing plain strided matrices for the GEMM (see gemm.hpp for the packed layout). Three
// shapes of source: consecutive rows contiguous (a copy per depth step), each row contiguous
// along the depth (an 8x8 transpose per step of eight), and anything else (element by
// element). Padding rows of a partial sliver are zero.
#include <immintrin.h>

#include <algorithm>

#include "gemm.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/pack_transpose.hpp"
#include "avx2/pack_width.hpp"
#include "avx2/simd.hpp"

namespace strata_avx::gemm {
namespace {

// Copies the W floats of one depth step of a sliver (`valid` of them from p, zeros after).
// With W not a multiple of 8 the last chunk is a masked load (never reading past the source)
// and, when `spill_ok`, a full store spilling into the next depth step (overwritten next).
template <int W>
void copy_step(const float* p, int valid, bool spill_ok, float* out) {
  constexpr int kChunks = (W + 7) / 8;
  for (int v = 0; v < kChunks; ++v) {
    const int lanes = std::clamp(valid - 8 * v, 0, 8);
    const __m256 x = lanes == 8 ? _mm256_loadu_ps(p + 8 * v)
                                : _mm256_maskload_ps(p + 8 * v, simd::tail_mask(lanes));
    if (8 * v + 8 <= W || spill_ok) {
      _mm256_storeu_ps(out + 8 * v, x);
    } else {
      _mm256_maskstore_ps(out + 8 * v, simd::tail_mask(W % 8), x);
    }
  }
}

// Rows that lie side by side (row_stride 1): at each depth step the block's rows are one
// contiguous run, copied into every sliver in turn, so the source is read sequentially (one
// row of a row-major B at a time) instead of one cache line per depth step per sliver.
template <int W>
void pack_side_by_side(const StridedMatrix& m, int64_t row, int64_t rows, int64_t depth,
                       int64_t count, float* dst) {
  const int64_t full = rows / W;
  const int valid_last = static_cast<int>(rows - full * W);
  const int64_t sliver_size = W * count;
  for (int64_t d = 0; d < count; ++d) {
    const float* p = m.data + row + (depth + d) * m.depth_stride;
    float* out = dst + d * W;
    const bool spill_ok = d + 1 < count;
    for (int64_t s = 0; s < full; ++s, p += W, out += sliver_size) {
      copy_step<W>(p, W, spill_ok, out);
    }
    if (valid_last != 0) copy_step<W>(p, valid_last, spill_ok, out);
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
      pack_rows_contiguous<W>(starts, valid, count, false, dst);
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
  with_pack_width(width, [&](auto w) { pack<w()>(m, row, rows, depth, count, dst); });
}

}  // namespace strata_avx::gemm
