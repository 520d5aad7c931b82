// The GEMM's blocking loops and the split of work across threads (see gemm.hpp), for any set of
// micro-kernels: a kernel file includes this after its target header and instantiates
// Blocking<Kernels> with its own tiles, so each instantiation is compiled for that file's ISA
// (everything here has internal linkage).
//
// Kernels provides:
//   kMr, kNr            the main tile, which orientation and in-place decisions are made for
//   kKc, kMc, kNc       the blocking: depth, rows of A and columns of B per packed block
//   kMaxTile            floats in the largest tile (mr * nr)
//   kSliverOfAInL1      the loop order of a block (see macro_kernel)
//   shape(n)            the tile for an oriented problem of n columns
//   tile<kPackedA>(shape, kc, a, lda, b, c, ldc, rows, cols, alpha, beta)
//     C[0..rows, 0..cols) = alpha * A_tile @ B_tile + beta * C (beta == 0: C not read), C with
//     unit column stride; A packed (a sliver of shape.mr values per depth step) or read in place
//     from rows lda apart (rows beyond `rows` repeat the last row; their results are dropped);
//     B a packed sliver of shape.nr.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include a target header (avx2/target.hpp, avx512/target.hpp) before gemm_blocking.hpp"
#endif

// The including file includes these before its target header (see avx2/target.hpp), so that
// they stay baseline code.
#include <algorithm>
#include <utility>
#include <vector>

#include "gemm.hpp"

namespace strata_avx::gemm {
namespace {

struct TileShape {
  int mr, nr;
};

template <typename Kernels>
class Blocking {
  static_assert(is_pack_width(Kernels::kMr) && is_pack_width(Kernels::kNr),
                "every tile dimension needs a packer: add it to gemm::kPackWidths");

 public:
  static void run_serial(const Problem& problem, Scratch& scratch) {
    const Problem p = oriented(problem);
    if (p.m == 0 || p.n == 0) return;
    if (p.k == 0) return scale_output(p);
    const TileShape shape = Kernels::shape(p.n);
    const int64_t kc_block = balanced_block(p.k, Kernels::kKc, 1);
    const int64_t mc_block = balanced_block(p.m, Kernels::kMc, shape.mr);
    const int64_t nc_block = std::min(round_up(p.n, shape.nr), Kernels::kNc);
    float* b_packed =
        scratch.get<float>(ScratchSlot::kPackB, static_cast<size_t>(kc_block * nc_block));
    const StridedMatrix* a_matrix = p.a.matrix;
    const bool a_direct = reads_a_in_place(p);
    float* a_packed = a_direct ? nullptr
                               : scratch.get<float>(ScratchSlot::kPackA,
                                                    static_cast<size_t>(mc_block * kc_block));
    for (int64_t jc = 0; jc < p.n; jc += nc_block) {
      const int64_t nc = std::min(nc_block, p.n - jc);
      for (int64_t pc = 0; pc < p.k; pc += kc_block) {
        const int64_t kc = std::min(kc_block, p.k - pc);
        p.b.pack(p.b.source, p.b.first_row + jc, nc, pc, kc, shape.nr, b_packed);
        const float beta = pc == 0 ? p.beta : 1.0f;
        for (int64_t ic = 0; ic < p.m; ic += mc_block) {
          const int64_t mc = std::min(mc_block, p.m - ic);
          const float* direct = nullptr;
          if (a_direct) {
            direct = a_matrix->data + (p.a.first_row + ic) * a_matrix->row_stride + pc;
          } else {
            p.a.pack(p.a.source, p.a.first_row + ic, mc, pc, kc, shape.mr, a_packed);
          }
          const Block block{ic, mc, jc, nc, kc, beta};
          macro_kernel(p, shape, block, a_packed, direct, a_direct ? a_matrix->row_stride : 0,
                       b_packed);
        }
      }
    }
  }

  static void run(ExecContext& ctx, const Problem* problems, int64_t count) {
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

 private:
  // Below this many flops a problem is not split across threads.
  static constexpr double kSplitFlops = 1 << 21;

  struct Block {
    int64_t ic, mc, jc, nc, kc;
    float beta;
  };

  struct Task {
    int64_t problem, i0, i1, j0, j1;
  };

  static int64_t round_up(int64_t v, int64_t multiple) {
    return (v + multiple - 1) / multiple * multiple;
  }

  // Splits `total` into the fewest blocks of at most `limit`, of near-equal sizes rounded up
  // to a multiple of `multiple`: a 784-deep product runs as 3 x 262, not 320 + 320 + 144.
  static int64_t balanced_block(int64_t total, int64_t limit, int64_t multiple) {
    const int64_t blocks = (total + limit - 1) / limit;
    const int64_t size = (total + blocks - 1) / blocks;
    return round_up(size, multiple);
  }

  // k == 0: C = beta * C (zeros when beta == 0, without reading C).
  static void scale_output(const Problem& p) {
    for (int64_t i = 0; i < p.m; ++i) {
      for (int64_t j = 0; j < p.n; ++j) {
        float& out = p.c.data[i * p.c.row_stride + j * p.c.col_stride];
        out = p.beta != 0 ? p.beta * out : 0.0f;
      }
    }
  }

  // Few columns: packing A would cost as much as using it, so A is read in place if it can be.
  static bool reads_a_in_place(const Problem& p) {
    return p.a.matrix != nullptr && p.a.matrix->depth_stride == 1 && p.n <= 2 * Kernels::kNr;
  }

  // C^T = B^T A^T, computed in that orientation from then on.
  static Problem transposed(const Problem& p) {
    Problem t = p;
    std::swap(t.m, t.n);
    std::swap(t.a, t.b);
    t.c = {p.c.data, p.c.col_stride, p.c.row_stride};
    t.keep_orientation = true;
    return t;
  }

  // The orientation to compute in: a column-major C as C^T = B^T A^T, whose columns are then
  // contiguous for the micro-kernel to store; and a C with fewer columns than a register tile
  // (and an A that must be packed) as C^T, whose few rows waste fewer lanes (a tile has fewer
  // rows than columns).
  static Problem oriented(const Problem& p) {
    if (p.keep_orientation) return p;
    if (p.c.col_stride != 1 && p.c.row_stride == 1) return transposed(p);
    if (p.n < Kernels::kNr && p.m > p.n && !reads_a_in_place(p)) return transposed(p);
    return p;
  }

  // C block = alpha * tile + beta * C for an output without unit column stride.
  static void write_tile(const float* tile, int ldt, const Output& c, int rows, int cols,
                         float alpha, float beta) {
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < cols; ++j) {
        float& out = c.data[i * c.row_stride + j * c.col_stride];
        const float v = alpha * tile[i * ldt + j];
        out = beta != 0 ? v + beta * out : v;
      }
    }
  }

  // One packed B block against the rows [ic, ic + mc) of A (packed in `a_packed`, or read in
  // place from `a_direct`), into C. Which sliver stays in L1 while the other streams from L2 is
  // the kernels' choice: kSliverOfAInL1 keeps an A sliver and runs through the B block (which
  // must then fit L2), otherwise a B sliver stays and the A block streams.
  static void macro_kernel(const Problem& p, TileShape shape, const Block& blk,
                           const float* a_packed, const float* a_direct, int64_t lda,
                           const float* b_packed) {
    auto tile_at = [&](int64_t ir, int64_t jr) {
      const int rows = static_cast<int>(std::min<int64_t>(shape.mr, blk.mc - ir));
      const int cols = static_cast<int>(std::min<int64_t>(shape.nr, blk.nc - jr));
      run_tile(p, shape, blk, ir, rows, jr, cols,
               a_direct != nullptr ? a_direct + ir * lda : a_packed + ir * blk.kc, lda,
               a_direct == nullptr, b_packed + jr * blk.kc);
    };
    if constexpr (Kernels::kSliverOfAInL1) {
      for (int64_t ir = 0; ir < blk.mc; ir += shape.mr) {
        for (int64_t jr = 0; jr < blk.nc; jr += shape.nr) tile_at(ir, jr);
      }
    } else {
      for (int64_t jr = 0; jr < blk.nc; jr += shape.nr) {
        for (int64_t ir = 0; ir < blk.mc; ir += shape.mr) tile_at(ir, jr);
      }
    }
  }

  // One register tile at rows ir, columns jr of the block, through a buffer when C has no unit
  // column stride.
  static void run_tile(const Problem& p, TileShape shape, const Block& blk, int64_t ir, int rows,
                       int64_t jr, int cols, const float* a, int64_t lda, bool packed_a,
                       const float* b) {
    float* c = p.c.data + (blk.ic + ir) * p.c.row_stride + (blk.jc + jr) * p.c.col_stride;
    if (p.c.col_stride != 1) {
      alignas(64) float tile[Kernels::kMaxTile];
      call_tile(shape, blk.kc, a, lda, packed_a, b, tile, shape.nr, rows, cols, 1.0f, 0.0f);
      write_tile(tile, shape.nr, {c, p.c.row_stride, p.c.col_stride}, rows, cols, p.alpha,
                 blk.beta);
      return;
    }
    call_tile(shape, blk.kc, a, lda, packed_a, b, c, p.c.row_stride, rows, cols, p.alpha, blk.beta);
  }

  static void call_tile(TileShape shape, int64_t kc, const float* a, int64_t lda, bool packed_a,
                        const float* b, float* c, int64_t ldc, int rows, int cols, float alpha,
                        float beta) {
    if (packed_a) {
      Kernels::template tile<true>(shape, kc, a, 0, b, c, ldc, rows, cols, alpha, beta);
    } else {
      Kernels::template tile<false>(shape, kc, a, lda, b, c, ldc, rows, cols, alpha, beta);
    }
  }

  // The part of oriented `p` covering rows [i0, i1) and columns [j0, j1) of C, in the same
  // orientation (so every block is computed as the whole would be).
  static Problem sub_problem(const Problem& p, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
    Problem s = p;
    s.m = i1 - i0;
    s.n = j1 - j0;
    s.a.first_row += i0;
    s.b.first_row += j0;
    s.c.data += i0 * p.c.row_stride + j0 * p.c.col_stride;
    s.keep_orientation = true;
    return s;
  }

  // Splits one problem into up to `parts` blocks of C, choosing the grid (rows x columns of
  // blocks) that packs the least: each block packs its rows of A and its columns of B, at their
  // operands' pack_cost.
  static void split(const Problem& p, int64_t index, int64_t parts, std::vector<Task>& tasks) {
    const TileShape shape = Kernels::shape(p.n);
    const int64_t row_tiles = (p.m + shape.mr - 1) / shape.mr;
    const int64_t col_tiles = (p.n + shape.nr - 1) / shape.nr;
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
    auto bound = [](int64_t total, int64_t part, int64_t parts_count, int64_t multiple) {
      return part == parts_count ? total
                                 : std::min(total, round_up(total * part / parts_count, multiple));
    };
    for (int64_t r = 0; r < best_rows; ++r) {
      const int64_t i0 = bound(p.m, r, best_rows, shape.mr);
      const int64_t i1 = bound(p.m, r + 1, best_rows, shape.mr);
      for (int64_t c = 0; c < best_cols; ++c) {
        const int64_t j0 = bound(p.n, c, best_cols, shape.nr);
        const int64_t j1 = bound(p.n, c + 1, best_cols, shape.nr);
        if (i1 > i0 && j1 > j0) tasks.push_back({index, i0, i1, j0, j1});
      }
    }
  }
};

}  // namespace
}  // namespace strata_avx::gemm
