#version 450
// STRATA_OP_MATMUL for f16 tensors on the matrix units (VK_NV_cooperative_matrix): the same
// contract as matmul.comp (c = alpha a @ b + beta c, batched, any strides) with f16 products
// summed in f32, as the plain f16 GEMM does, so the two agree to f32 rounding.
//
// A workgroup of 256 invocations in 8 subgroups of 32 computes a 128x128 tile of c. It steps
// through K in slices of 32: each invocation fetches its 16 elements of a and of b for the next
// slice into registers while the matrix units work on the current one, which the workgroup holds
// in shared memory; each subgroup owns a 64x32 block of the tile as CM_M x CM_N accumulators.
// The fragment shape (CM_M, CM_N, CM_K) is one the device lists for f16 x f16 + f32 (the host
// picks the variant). Elements outside the matrices are staged as zeros, so edges need no
// special case; the epilogue goes through a small per-subgroup scratch tile so alpha, beta,
// c's strides and the matrix edges are applied element by element.
// ip: 0 M, 1 N, 2 K, 3-4 a's row/column strides, 5-6 b's, 7-8 c's. fp: 0 alpha, 1 beta.
#extension GL_NV_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer A { float16_t a[]; };
layout(std430, set = 0, binding = 2) readonly buffer B { float16_t b[]; };
layout(std430, set = 0, binding = 3) buffer C { float16_t c[]; };

const uint TILE_M = 128u, TILE_N = 128u, SLICE = 32u;
const uint WARP_M = 64u, WARP_N = 32u;  // one subgroup's block: 2 x 4 subgroups cover the tile
const uint FRAGS_M = WARP_M / CM_M, FRAGS_N = WARP_N / CM_N;
const uint INVOCATIONS = 256u;
const uint PER_INVOCATION = TILE_M * SLICE / INVOCATIONS;  // 16 of a's slice, 16 of b's
// Every loop over fragments or fetched elements is unrolled: an array indexed at run time
// (accumulators above all) would live in local memory.
// Row pitches padded by 8 halves (16 bytes): fragment loads stay 16-byte aligned and rows
// start on different banks.
const uint A_PITCH = SLICE + 8u, B_PITCH = TILE_N + 8u;

shared float16_t a_tile[TILE_M * A_PITCH];  // [m][k]
shared float16_t b_tile[SLICE * B_PITCH];   // [k][n]
shared float scratch[8u * CM_M * CM_N];     // one accumulator per subgroup, for the epilogue

uint M, N, K, a_sm, a_sk, b_sk, b_sn, c_sm, c_sn;

void fetch(uint a_base, uint b_base, uint m0, uint n0, uint k0, out float16_t ra[PER_INVOCATION],
           out float16_t rb[PER_INVOCATION]) {
  const uint lid = gl_LocalInvocationID.x;
  [[unroll]] for (uint l = 0u; l < PER_INVOCATION; ++l) {
    const uint e = l * INVOCATIONS + lid;
    const uint m = m0 + e / SLICE, ka = k0 + e % SLICE;
    ra[l] = m < M && ka < K ? a[a_base + m * a_sm + ka * a_sk] : float16_t(0.0);
    const uint kb = k0 + e / TILE_N, n = n0 + e % TILE_N;
    rb[l] = kb < K && n < N ? b[b_base + kb * b_sk + n * b_sn] : float16_t(0.0);
  }
}

void stage(float16_t ra[PER_INVOCATION], float16_t rb[PER_INVOCATION]) {
  const uint lid = gl_LocalInvocationID.x;
  [[unroll]] for (uint l = 0u; l < PER_INVOCATION; ++l) {
    const uint e = l * INVOCATIONS + lid;
    a_tile[(e / SLICE) * A_PITCH + e % SLICE] = ra[l];
    b_tile[(e / TILE_N) * B_PITCH + e % TILE_N] = rb[l];
  }
}

void main() {
  M = uint(P.ip[0]), N = uint(P.ip[1]), K = uint(P.ip[2]);
  a_sm = uint(P.ip[3]), a_sk = uint(P.ip[4]);
  b_sk = uint(P.ip[5]), b_sn = uint(P.ip[6]);
  c_sm = uint(P.ip[7]), c_sn = uint(P.ip[8]);
  const float alpha = P.fp[0], beta = P.fp[1];
  const uint warp = gl_SubgroupID, lane = gl_SubgroupInvocationID;
  const uint wm = (warp / (TILE_N / WARP_N)) * WARP_M, wn = (warp % (TILE_N / WARP_N)) * WARP_N;
  const uint m0 = gl_WorkGroupID.y * TILE_M, n0 = gl_WorkGroupID.x * TILE_N;

  for (uint batch = gl_WorkGroupID.z; batch < P.count; batch += gl_NumWorkGroups.z) {
    uint idx[MAX_RANK];
    unravel(batch, idx);
    const uint a_base = at(1, idx), b_base = at(2, idx), c_base = at(3, idx);

    fcoopmatNV<32, gl_ScopeSubgroup, CM_M, CM_N> acc[FRAGS_M][FRAGS_N];
    [[unroll]] for (uint i = 0u; i < FRAGS_M; ++i)
      [[unroll]] for (uint j = 0u; j < FRAGS_N; ++j)
        acc[i][j] = fcoopmatNV<32, gl_ScopeSubgroup, CM_M, CM_N>(0.0);

    float16_t ra[PER_INVOCATION], rb[PER_INVOCATION];
    fetch(a_base, b_base, m0, n0, 0u, ra, rb);
    for (uint k0 = 0u; k0 < K; k0 += SLICE) {
      barrier();  // the previous slice's fragments are loaded before it is overwritten
      stage(ra, rb);
      barrier();
      if (k0 + SLICE < K) fetch(a_base, b_base, m0, n0, k0 + SLICE, ra, rb);
      [[unroll]] for (uint kk = 0u; kk < SLICE; kk += CM_K) {
        fcoopmatNV<16, gl_ScopeSubgroup, CM_M, CM_K> fa[FRAGS_M];
        fcoopmatNV<16, gl_ScopeSubgroup, CM_K, CM_N> fb[FRAGS_N];
        [[unroll]] for (uint i = 0u; i < FRAGS_M; ++i)
          coopMatLoadNV(fa[i], a_tile, (wm + i * CM_M) * A_PITCH + kk, A_PITCH, false);
        [[unroll]] for (uint j = 0u; j < FRAGS_N; ++j)
          coopMatLoadNV(fb[j], b_tile, kk * B_PITCH + wn + j * CM_N, B_PITCH, false);
        [[unroll]] for (uint i = 0u; i < FRAGS_M; ++i)
          [[unroll]] for (uint j = 0u; j < FRAGS_N; ++j) acc[i][j] = coopMatMulAddNV(fa[i], fb[j], acc[i][j]);
      }
    }

    const uint own = warp * CM_M * CM_N;
    [[unroll]] for (uint i = 0u; i < FRAGS_M; ++i) {
      [[unroll]] for (uint j = 0u; j < FRAGS_N; ++j) {
        coopMatStoreNV(acc[i][j], scratch, own, CM_N, false);
        subgroupMemoryBarrierShared();
        subgroupBarrier();
        for (uint e = lane; e < CM_M * CM_N; e += gl_SubgroupSize) {
          const uint m = m0 + wm + i * CM_M + e / CM_N, n = n0 + wn + j * CM_N + e % CM_N;
          if (m >= M || n >= N) continue;
          const uint at_c = c_base + m * c_sm + n * c_sn;
          float v = alpha * scratch[own + e];
          // beta == 0 makes c write-only: NaN or garbage in it must not leak through 0 * c.
          if (beta != 0.0) v += beta * float(c[at_c]);
          c[at_c] = float16_t(v);
        }
        subgroupBarrier();  // every lane has read the scratch before the next store
      }
    }
  }
}
