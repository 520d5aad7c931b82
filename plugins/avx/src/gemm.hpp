// The packed, cache-blocked GEMM behind matmul and convolution: C = alpha * A @ B + beta * C.
//
// A is m x k and B is k x n, each seen through an Operand that packs a block of it into the
// layout the micro-kernel reads: slivers of kMr rows of A (or kNr columns of B), each holding
// for every depth step its kMr (kNr) values side by side. Plain matrices of any strides have a
// packer (so transposes cost nothing extra); convolution supplies packers that read the image
// directly (implicit im2col). The loops are the usual ones (Goto/BLIS): NC columns of B, KC
// depth steps packed into L2-sized blocks, MC rows of A, then a 6x16 FMA register tile.
//
// Declarations only (portable header); the code is in avx2/gemm*.cpp.
#pragma once

#include <cstdint>

#include "op_common.hpp"
#include "scratch.hpp"

namespace strata_avx::gemm {

constexpr int kMr = 6;         // rows of the register tile
constexpr int kNr = 16;        // columns of the register tile: two 8-lane vectors
constexpr int64_t kKc = 320;   // depth per packed block (B sliver 20 KiB: L1)
constexpr int64_t kMc = 144;   // rows of A per packed block (180 KiB: L2)
constexpr int64_t kNc = 1024;  // columns of B per packed block (1.3 MiB: L2)

// An operand viewed as rows x depth, rows being A's rows or B's columns: element (i, d) of a
// plain matrix is data[i * row_stride + d * depth_stride].
struct StridedMatrix {
  const float* data;
  int64_t row_stride;
  int64_t depth_stride;
};

// Packs rows [row, row + rows) over depth [depth, depth + count) into slivers of `width` (kMr
// or kNr) rows; rows beyond the block are zero. dst holds ceil(rows/width) slivers of
// width * count floats, 32-byte aligned.
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
  // rows; a caller whose A is costly to pack in rows of kMr keeps its orientation instead.
  bool keep_orientation = false;
};

// Runs one problem on the calling thread with `scratch` for the packed blocks.
void run_serial(const Problem& problem, Scratch& scratch);

// Runs `count` independent problems (a batch) on all the pool's threads, splitting large ones
// into blocks of C. Every element of C is computed the same way whatever the split, so
// results do not depend on the thread count.
void run(ExecContext& ctx, const Problem* problems, int64_t count);

}  // namespace strata_avx::gemm
