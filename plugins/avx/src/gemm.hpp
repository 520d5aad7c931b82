// The packed, cache-blocked GEMM behind matmul and convolution: C = alpha * A @ B + beta * C.
//
// A is m x k and B is k x n, each seen through an Operand that packs a block of it into the
// layout the micro-kernel reads: slivers of mr rows of A (or nr columns of B), each holding
// for every depth step its mr (nr) values side by side. Plain matrices of any strides have a
// packer (so transposes cost nothing extra); convolution supplies packers that read the image
// directly (implicit im2col). The loops are the usual ones (Goto/BLIS): NC columns of B, KC
// depth steps packed into L2-sized blocks, MC rows of A, then an mr x nr FMA register tile.
//
// Two sets of kernels run these loops (avx2/gemm_blocking.hpp): AVX2 (avx2/gemm_kernel.cpp, a
// 6x16 tile) and AVX-512 (avx512/gemm_kernel.cpp, 14x32 and, for at most 16 columns, 8x16);
// ExecContext::isa picks one.
//
// Declarations only (portable header); the code is in avx2/ and avx512/.
#pragma once

#include <cstdint>

#include "isa.hpp"
#include "op_common.hpp"
#include "scratch.hpp"

namespace strata_avx::gemm {

// The sliver widths the packers take: every tile dimension of every kernel set.
constexpr int kPackWidths[] = {6, 8, 14, 16, 32};

constexpr bool is_pack_width(int width) {
  for (int w : kPackWidths) {
    if (w == width) return true;
  }
  return false;
}

// An operand viewed as rows x depth, rows being A's rows or B's columns: element (i, d) of a
// plain matrix is data[i * row_stride + d * depth_stride].
struct StridedMatrix {
  const float* data;
  int64_t row_stride;
  int64_t depth_stride;
};

// Packs rows [row, row + rows) over depth [depth, depth + count) into slivers of `width` (the
// tile's mr or nr, one of kPackWidths) rows; rows beyond the block are zero. dst holds
// ceil(rows/width) slivers of width * count floats, 64-byte aligned.
using PackFn = void (*)(const void* source, int64_t row, int64_t rows, int64_t depth, int64_t count,
                        int width, float* dst);

struct Operand {
  PackFn pack;
  const void* source;
  // Set for plain matrices: lets the driver read A in place when packing would not pay off.
  const StridedMatrix* matrix = nullptr;
  int64_t first_row = 0;  // rows of this operand start here in `source`
  // Relative cost of packing one element (a plain copy is 1): the split across threads, where
  // each block packs its own rows of A and columns of B, duplicates the cheaper operand.
  double pack_cost = 1;
};

// The packer of plain strided matrices, and an Operand for one.
void pack_strided(const void* source, int64_t row, int64_t rows, int64_t depth, int64_t count,
                  int width, float* dst);
inline Operand strided_operand(const StridedMatrix* m) {
  return {pack_strided, m, m, 0};
}

// Element (i, j) of C is data[i * row_stride + j * col_stride].
struct Output {
  float* data;
  int64_t row_stride;
  int64_t col_stride;
};

struct Problem {
  int64_t m, n, k;
  float alpha, beta;  // beta == 0: C is write-only (never read)
  Operand a, b;
  Output c;
  // A column-major C is normally computed as C^T = B^T A^T, so the micro-kernel stores whole
  // rows; a caller whose A is costly to pack in rows of mr keeps its orientation instead.
  bool keep_orientation = false;
};

// Runs one problem on the calling thread with `scratch` for the packed blocks.
void run_serial(Isa isa, const Problem& problem, Scratch& scratch);

// Runs `count` independent problems (a batch) on all the pool's threads, splitting large ones
// into blocks of C. Every element of C is computed the same way whatever the split, so
// results do not depend on the thread count.
void run(ExecContext& ctx, const Problem* problems, int64_t count);

// The two kernel sets behind run and run_serial.
namespace avx2 {
void run_serial(const Problem& problem, Scratch& scratch);
void run(ExecContext& ctx, const Problem* problems, int64_t count);
}  // namespace avx2
namespace avx512 {
void run_serial(const Problem& problem, Scratch& scratch);
void run(ExecContext& ctx, const Problem* problems, int64_t count);
}  // namespace avx512

}  // namespace strata_avx::gemm
