// The GEMM's blocking loops, its 6x16 FMA micro-kernel and the split of work across threads
// (see gemm.hpp).
#include <immintrin.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gemm.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx::gemm {
namespace {

// Below this many flops a problem is not split across threads.
constexpr double kSplitFlops = 1 << 21;

// C[0..rows, 0..cols) = alpha * A_tile @ B_tile + beta * C (beta == 0: C not read), C with unit
// column stride. A is either packed (kPackedA: a sliver, kMr values per depth step) or read
// in place from rows lda apart (rows beyond `rows` repeat the last row; their results are
// dropped). B is a packed sliver. Twelve accumulators: six rows by two 8-lane vectors.
template <bool kPackedA>
void kernel(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict b, float* c,
            int64_t ldc, int rows, int cols, float alpha, float beta) {
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

// C block = alpha * tile + beta * C for an output without unit column stride.
void write_tile(const float* tile, const Output& c, int rows, int cols, float alpha, float beta) {
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) {
      float& out = c.data[i * c.row_stride + j * c.col_stride];
      const float v = alpha * tile[i * kNr + j];
      out = beta != 0 ? v + beta * out : v;
    }
  }
}

// Splits `total` into the fewest blocks of at most `limit`, of near-equal sizes rounded up
// to a multiple of `multiple`: a 784-deep product runs as 3 x 262, not 320 + 320 + 144.
int64_t balanced_block(int64_t total, int64_t limit, int64_t multiple) {
  const int64_t blocks = (total + limit - 1) / limit;
  const int64_t size = (total + blocks - 1) / blocks;
  return (size + multiple - 1) / multiple * multiple;
}

// k == 0: C = beta * C (zeros when beta == 0, without reading C).
void scale_output(const Problem& p) {
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      float& out = p.c.data[i * p.c.row_stride + j * p.c.col_stride];
      out = p.beta != 0 ? p.beta * out : 0.0f;
    }
  }
}

// Few columns: packing A would cost as much as using it, so A is read in place if it can be.
bool reads_a_in_place(const Problem& p) {
  return p.a.matrix != nullptr && p.a.matrix->depth_stride == 1 && p.n <= 2 * kNr;
}

// C^T = B^T A^T, computed in that orientation from then on.
Problem transposed(const Problem& p) {
  Problem t = p;
  std::swap(t.m, t.n);
  std::swap(t.a, t.b);
  t.c = {p.c.data, p.c.col_stride, p.c.row_stride};
  t.keep_orientation = true;
  return t;
}

// The orientation to compute in: a column-major C as C^T = B^T A^T, whose columns are then
// contiguous for the micro-kernel to store; and a C with fewer columns than a register tile
// (and an A that must be packed) as C^T, whose few rows waste fewer lanes (a tile has 6 rows
// but 16 columns).
Problem oriented(const Problem& p) {
  if (p.keep_orientation) return p;
  if (p.c.col_stride != 1 && p.c.row_stride == 1) return transposed(p);
  if (p.n < kNr && p.m > p.n && !reads_a_in_place(p)) return transposed(p);
  return p;
}

// One packed B block against the rows [ic, ic + mc) of A (packed in `a_packed`, or read in
// place from `a_direct`), into C.
void macro_kernel(const Problem& p, int64_t ic, int64_t mc, int64_t jc, int64_t nc, int64_t kc,
                  const float* a_packed, const float* a_direct, int64_t lda, const float* b_packed,
                  float beta) {
  const bool direct_c = p.c.col_stride == 1;
  alignas(32) float tile[kMr * kNr];
  for (int64_t jr = 0; jr < nc; jr += kNr) {
    const int cols = static_cast<int>(std::min<int64_t>(kNr, nc - jr));
    const float* b = b_packed + jr * kc;
    for (int64_t ir = 0; ir < mc; ir += kMr) {
      const int rows = static_cast<int>(std::min<int64_t>(kMr, mc - ir));
      float* c = p.c.data + (ic + ir) * p.c.row_stride + (jc + jr) * p.c.col_stride;
      float* target = direct_c ? c : tile;
      const int64_t ldc = direct_c ? p.c.row_stride : kNr;
      const float alpha = direct_c ? p.alpha : 1.0f;
      const float target_beta = direct_c ? beta : 0.0f;
      if (a_direct != nullptr) {
        kernel<false>(kc, a_direct + ir * lda, lda, b, target, ldc, rows, cols, alpha, target_beta);
      } else {
        kernel<true>(kc, a_packed + ir * kc, 0, b, target, ldc, rows, cols, alpha, target_beta);
      }
      if (!direct_c)
        write_tile(tile, {c, p.c.row_stride, p.c.col_stride}, rows, cols, p.alpha, beta);
    }
  }
}

int64_t round_up(int64_t v, int64_t multiple) {
  return (v + multiple - 1) / multiple * multiple;
}

// The part of `p` covering rows [i0, i1) and columns [j0, j1) of C.
Problem sub_problem(const Problem& p, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  Problem s = p;
  s.m = i1 - i0;
  s.n = j1 - j0;
  s.a.first_row += i0;
  s.b.first_row += j0;
  s.c.data += i0 * p.c.row_stride + j0 * p.c.col_stride;
  return s;
}

struct Task {
  int64_t problem, i0, i1, j0, j1;
};

// Splits one problem into up to `parts` blocks of C, choosing the grid (rows x columns of
// blocks) that packs the least: each block packs its rows of A and its columns of B, at their
// operands' pack_cost.
void split(const Problem& p, int64_t index, int64_t parts, std::vector<Task>& tasks) {
  const int64_t row_tiles = (p.m + kMr - 1) / kMr, col_tiles = (p.n + kNr - 1) / kNr;
  int64_t best_rows = 1, best_cols = 1;
  double best_cost = -1;
  for (int64_t by_rows = 1; by_rows <= parts; ++by_rows) {
    if (parts % by_rows != 0) continue;
    const int64_t by_cols = parts / by_rows;
    if (by_rows > row_tiles || by_cols > col_tiles) continue;
    const double cost = p.a.pack_cost * static_cast<double>(p.m) / static_cast<double>(by_rows) +
                        p.b.pack_cost * static_cast<double>(p.n) / static_cast<double>(by_cols);
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best_rows = by_rows;
      best_cols = by_cols;
    }
  }
  for (int64_t r = 0; r < best_rows; ++r) {
    const int64_t i0 = std::min(p.m, round_up(p.m * r / best_rows, kMr));
    const int64_t i1 =
        r + 1 == best_rows ? p.m : std::min(p.m, round_up(p.m * (r + 1) / best_rows, kMr));
    for (int64_t c = 0; c < best_cols; ++c) {
      const int64_t j0 = std::min(p.n, round_up(p.n * c / best_cols, kNr));
      const int64_t j1 =
          c + 1 == best_cols ? p.n : std::min(p.n, round_up(p.n * (c + 1) / best_cols, kNr));
      if (i1 > i0 && j1 > j0) tasks.push_back({index, i0, i1, j0, j1});
    }
  }
}

}  // namespace

void run_serial(const Problem& problem, Scratch& scratch) {
  const Problem p = oriented(problem);
  if (p.m == 0 || p.n == 0) return;
  if (p.k == 0) return scale_output(p);
  const int64_t kc_block = balanced_block(p.k, kKc, 1);
  const int64_t mc_block = balanced_block(p.m, kMc, kMr);
  const int64_t nc_block = std::min(round_up(p.n, kNr), kNc);
  float* b_packed =
      scratch.get<float>(ScratchSlot::kPackB, static_cast<size_t>(kc_block * nc_block));
  const StridedMatrix* a_matrix = p.a.matrix;
  const bool a_direct = reads_a_in_place(p);
  float* a_packed =
      a_direct ? nullptr
               : scratch.get<float>(ScratchSlot::kPackA, static_cast<size_t>(mc_block * kc_block));
  for (int64_t jc = 0; jc < p.n; jc += nc_block) {
    const int64_t nc = std::min(nc_block, p.n - jc);
    for (int64_t pc = 0; pc < p.k; pc += kc_block) {
      const int64_t kc = std::min(kc_block, p.k - pc);
      p.b.pack(p.b.source, p.b.first_row + jc, nc, pc, kc, kNr, b_packed);
      const float beta = pc == 0 ? p.beta : 1.0f;
      for (int64_t ic = 0; ic < p.m; ic += mc_block) {
        const int64_t mc = std::min(mc_block, p.m - ic);
        const float* direct = nullptr;
        if (a_direct) {
          direct = a_matrix->data + (p.a.first_row + ic) * a_matrix->row_stride + pc;
        } else {
          p.a.pack(p.a.source, p.a.first_row + ic, mc, pc, kc, kMr, a_packed);
        }
        macro_kernel(p, ic, mc, jc, nc, kc, a_packed, direct, a_direct ? a_matrix->row_stride : 0,
                     b_packed, beta);
      }
    }
  }
}

void run(ExecContext& ctx, const Problem* problems, int64_t count) {
  const int64_t threads = ctx.pool.size();
  const int64_t parts = count >= threads ? 1 : (threads + count - 1) / count;
  std::vector<Task> tasks;
  tasks.reserve(static_cast<size_t>(count * parts));
  double flops = 0;
  for (int64_t i = 0; i < count; ++i) {
    const Problem p = oriented(problems[i]);
    const double f =
        2.0 * static_cast<double>(p.m) * static_cast<double>(p.n) * static_cast<double>(p.k);
    flops += f;
    split(p, i, f < kSplitFlops ? 1 : parts, tasks);
  }
  if (flops < kSplitFlops || tasks.size() == 1) {
    for (int64_t i = 0; i < count; ++i) run_serial(problems[i], ctx.scratch[0]);
    return;
  }
  auto task = [&](int64_t t, int worker) {
    const Task& job = tasks[static_cast<size_t>(t)];
    const Problem p = oriented(problems[job.problem]);
    run_serial(sub_problem(p, job.i0, job.i1, job.j0, job.j1), ctx.scratch[worker]);
  };
  ctx.pool.run(static_cast<int64_t>(tasks.size()), task);
}

}  // namespace strata_avx::gemm
