#version 450
// STRATA_OP_MATMUL: c = alpha a @ b + beta c, batched, any strides. A tiled shared-memory GEMM:
// each workgroup of 256 invocations computes a 64x64 tile of c, stepping through K in slices of
// 16 that the workgroup stages in shared memory; each invocation accumulates a 4x4 block in
// registers. Workgroups (x, y) cover c's columns and rows; z steps through the batch (the
// iteration space: c's leading axes, along which the three tensors have their batch strides).
// ip: 0 M, 1 N, 2 K, 3-4 a's row/column strides, 5-6 b's, 7-8 c's. fp: 0 alpha, 1 beta.
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer A { TYPE(X_KIND) a[]; };
layout(std430, set = 0, binding = 2) readonly buffer B { TYPE(X_KIND) b[]; };
layout(std430, set = 0, binding = 3) buffer C { TYPE(X_KIND) c[]; };

const uint TILE = 64u, SLICE = 16u, BLOCK = 4u, SIDE = TILE / BLOCK;

shared float a_tile[SLICE][TILE + 1u];  // [k][m]; the pad spreads columns over banks
shared float b_tile[SLICE][TILE + 1u];  // [k][n]

void main() {
  const uint M = uint(P.ip[0]), N = uint(P.ip[1]), K = uint(P.ip[2]);
  const uint a_sm = uint(P.ip[3]), a_sk = uint(P.ip[4]);
  const uint b_sk = uint(P.ip[5]), b_sn = uint(P.ip[6]);
  const uint c_sm = uint(P.ip[7]), c_sn = uint(P.ip[8]);
  const float alpha = P.fp[0], beta = P.fp[1];
  const uint lid = gl_LocalInvocationID.x;
  const uint tm = lid / SIDE, tn = lid % SIDE;  // this invocation's 4x4 block in the tile
  const uint m0 = gl_WorkGroupID.y * TILE, n0 = gl_WorkGroupID.x * TILE;

  for (uint batch = gl_WorkGroupID.z; batch < P.count; batch += gl_NumWorkGroups.z) {
    uint idx[MAX_RANK];
    unravel(batch, idx);
    const uint a_base = at(1, idx), b_base = at(2, idx), c_base = at(3, idx);
    float acc[BLOCK][BLOCK];
    for (uint i = 0u; i < BLOCK; ++i)
      for (uint j = 0u; j < BLOCK; ++j) acc[i][j] = 0.0;

    for (uint k0 = 0u; k0 < K; k0 += SLICE) {
      // 64x16 elements of each operand, four per invocation; zeros outside the matrices.
      for (uint l = 0u; l < TILE * SLICE; l += gl_WorkGroupSize.x) {
        uint e = l + lid;
        uint am = e / SLICE, ak = e % SLICE;
        uint m = m0 + am, k = k0 + ak;
        a_tile[ak][am] = m < M && k < K ? TO_FLOAT(X_KIND, a[a_base + m * a_sm + k * a_sk]) : 0.0;
        uint bk = e / TILE, bn = e % TILE;
        uint n = n0 + bn;
        k = k0 + bk;
        b_tile[bk][bn] = k < K && n < N ? TO_FLOAT(X_KIND, b[b_base + k * b_sk + n * b_sn]) : 0.0;
      }
      barrier();
      for (uint k = 0u; k < SLICE; ++k) {
        float av[BLOCK], bv[BLOCK];
        for (uint i = 0u; i < BLOCK; ++i) av[i] = a_tile[k][tm * BLOCK + i];
        for (uint j = 0u; j < BLOCK; ++j) bv[j] = b_tile[k][tn * BLOCK + j];
        for (uint i = 0u; i < BLOCK; ++i)
          for (uint j = 0u; j < BLOCK; ++j) acc[i][j] += av[i] * bv[j];
      }
      barrier();
    }

    for (uint i = 0u; i < BLOCK; ++i) {
      uint m = m0 + tm * BLOCK + i;
      if (m >= M) break;
      for (uint j = 0u; j < BLOCK; ++j) {
        uint n = n0 + tn * BLOCK + j;
        if (n >= N) break;
        uint e = c_base + m * c_sm + n * c_sn;
        float v = alpha * acc[i][j];
        // beta == 0 makes c write-only: NaN or garbage in it must not leak through 0 * c.
        if (beta != 0.0) v += beta * TO_FLOAT(X_KIND, c[e]);
        c[e] = FROM_FLOAT(X_KIND, v);
      }
    }
  }
}
