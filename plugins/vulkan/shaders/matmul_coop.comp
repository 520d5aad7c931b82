#version 450
// STRATA_OP_MATMUL for f16 tensors on the matrix units (VK_NV_cooperative_matrix): the same
// contract as matmul.comp (c = alpha a @ b + beta c, batched, any strides) with f16 products
// summed in f32, as the plain f16 GEMM does, so the two agree to f32 rounding.
//
// A workgroup of 256 invocations in 8 subgroups of 32 computes a 128x128 tile of c, stepping
// through K in slices of 32. Shared memory holds two slices of a and b: while the matrix units
// work on one, each invocation fetches its part of the next into registers and stages it in the
// other, so one barrier per slice suffices. Data moves 8 halves (16 bytes) at a time: straight
// from memory when the rows are contiguous and 16-byte aligned, else gathered element by
// element. Elements outside the matrices are staged as zeros, so edges need no special
// case; the epilogue goes through a small per-subgroup scratch tile so alpha, beta, c's strides
// and the matrix edges are applied element by element.
// ip: 0 M, 1 N, 2 K, 3-4 a's row/column strides, 5-6 b's, 7-8 c's. fp: 0 alpha, 1 beta.
#extension GL_NV_cooperative_matrix : require
#extension GL_KHR_memory_scope_semantics : require
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer A { float16_t a[]; };
layout(std430, set = 0, binding = 1) readonly buffer A8 { uvec4 a8[]; };  // a, 8 at a time
layout(std430, set = 0, binding = 2) readonly buffer B { float16_t b[]; };
layout(std430, set = 0, binding = 2) readonly buffer B8 { uvec4 b8[]; };
layout(std430, set = 0, binding = 3) buffer C { float16_t c[]; };

// The fragment is 16x8x16 (the host picks this variant only where the device lists it for
// f16 x f16 + f32). Each subgroup owns a 64x32 block of the tile: 4 x 4 accumulators, written
// out one by one below rather than as arrays, because drivers keep arrays of cooperative
// matrices in local memory (NVIDIA's did: 384 bytes a thread, and a tenth of the speed).
const uint TILE_M = 128u, TILE_N = 128u, SLICE = 32u, WARP_M = 64u, WARP_N = 32u;
const uint INVOCATIONS = 256u;
// Shared tiles are arrays of 8-half vectors; fragment offsets and strides count vectors. Each
// row is padded by one vector so that consecutive rows start on different banks.
const uint A_ROW = SLICE / 8u, B_ROW = TILE_N / 8u;  // vectors per row of a slice
const uint A_PITCH = A_ROW + 1u, B_PITCH = B_ROW + 1u;
const uint A_SIZE = TILE_M * A_PITCH, B_SIZE = SLICE * B_PITCH;  // one slice, in vectors

shared uvec4 a_tile[2u * A_SIZE];       // two slices of [m][k]
shared uvec4 b_tile[2u * B_SIZE];       // two slices of [k][n]
shared float scratch[8u * 16u * 8u];    // one accumulator per subgroup, for the epilogue

#define ACC fcoopmatNV<32, gl_ScopeSubgroup, 16, 8>
#define FRAG_A fcoopmatNV<16, gl_ScopeSubgroup, 16, 16>
#define FRAG_B fcoopmatNV<16, gl_ScopeSubgroup, 16, 8>

uint M, N, K, a_sm, a_sk, b_sk, b_sn, c_sm, c_sn;
bool a_rows, b_rows;  // a's k and b's n runs are contiguous and 16-byte aligned

// Halves e and e + 1 of 8 gathered one by one (0 outside the matrix), packed in a uint.
uint pair(float16_t x, float16_t y) { return packFloat2x16(f16vec2(x, y)); }

// a[m][k..k+7]; K is a multiple of 8 when a_rows.
uvec4 load_a(uint base, uint m, uint k) {
  if (m >= M || k >= K) return uvec4(0u);
  const uint row = base + m * a_sm;
  if (a_rows) return a8[(row + k) / 8u];
  float16_t h[8];
  [[unroll]] for (uint i = 0u; i < 8u; ++i)
    h[i] = k + i < K ? a[row + (k + i) * a_sk] : float16_t(0.0);
  return uvec4(pair(h[0], h[1]), pair(h[2], h[3]), pair(h[4], h[5]), pair(h[6], h[7]));
}

// b[k][n..n+7]; N is a multiple of 8 when b_rows.
uvec4 load_b(uint base, uint k, uint n) {
  if (k >= K || n >= N) return uvec4(0u);
  const uint row = base + k * b_sk;
  if (b_rows) return b8[(row + n) / 8u];
  float16_t h[8];
  [[unroll]] for (uint i = 0u; i < 8u; ++i)
    h[i] = n + i < N ? b[row + (n + i) * b_sn] : float16_t(0.0);
  return uvec4(pair(h[0], h[1]), pair(h[2], h[3]), pair(h[4], h[5]), pair(h[6], h[7]));
}

// Vector `v` (0..511) of a's and of b's slice at k0: 2 of each per invocation.
void fetch(uint v, uint a_base, uint b_base, uint m0, uint n0, uint k0, out uvec4 va,
           out uvec4 vb) {
  va = load_a(a_base, m0 + v / A_ROW, k0 + (v % A_ROW) * 8u);
  vb = load_b(b_base, k0 + v / B_ROW, n0 + (v % B_ROW) * 8u);
}

void stage(uint v, uint slot, uvec4 va, uvec4 vb) {
  a_tile[slot * A_SIZE + (v / A_ROW) * A_PITCH + v % A_ROW] = va;
  b_tile[slot * B_SIZE + (v / B_ROW) * B_PITCH + v % B_ROW] = vb;
}

// Accumulator `acc`, fragment (i, j) of this subgroup's block, into c with alpha and beta.
void store(ACC acc, uint i, uint j, uint own, uint m_at, uint n_at, uint c_base) {
  coopMatStoreNV(acc, scratch, own, 8u, false);
  subgroupMemoryBarrierShared();
  subgroupBarrier();
  const float alpha = P.fp[0], beta = P.fp[1];
  for (uint e = gl_SubgroupInvocationID; e < 16u * 8u; e += gl_SubgroupSize) {
    const uint m = m_at + i * 16u + e / 8u, n = n_at + j * 8u + e % 8u;
    if (m >= M || n >= N) continue;
    const uint at_c = c_base + m * c_sm + n * c_sn;
    float v = alpha * scratch[own + e];
    // beta == 0 makes c write-only: NaN or garbage in it must not leak through 0 * c.
    if (beta != 0.0) v += beta * float(c[at_c]);
    c[at_c] = float16_t(v);
  }
  subgroupBarrier();  // every lane has read the scratch before the next store
}

#define MMA_ROW(i)                                \
  c##i##0 = coopMatMulAddNV(fa##i, fb0, c##i##0); \
  c##i##1 = coopMatMulAddNV(fa##i, fb1, c##i##1); \
  c##i##2 = coopMatMulAddNV(fa##i, fb2, c##i##2); \
  c##i##3 = coopMatMulAddNV(fa##i, fb3, c##i##3);
#define STORE_ROW(i)                             \
  store(c##i##0, i, 0, own, m_at, n_at, c_base); \
  store(c##i##1, i, 1, own, m_at, n_at, c_base); \
  store(c##i##2, i, 2, own, m_at, n_at, c_base); \
  store(c##i##3, i, 3, own, m_at, n_at, c_base);

void main() {
  M = uint(P.ip[0]), N = uint(P.ip[1]), K = uint(P.ip[2]);
  a_sm = uint(P.ip[3]), a_sk = uint(P.ip[4]);
  b_sk = uint(P.ip[5]), b_sn = uint(P.ip[6]);
  c_sm = uint(P.ip[7]), c_sn = uint(P.ip[8]);
  const uint warp = gl_SubgroupID, lid = gl_LocalInvocationID.x;
  const uint wm = (warp / (TILE_N / WARP_N)) * WARP_M, wn = (warp % (TILE_N / WARP_N)) * WARP_N;
  const uint m0 = gl_WorkGroupID.y * TILE_M, n0 = gl_WorkGroupID.x * TILE_N;
  const uint v0 = lid, v1 = lid + INVOCATIONS;  // this invocation's two vectors of each slice

  for (uint batch = gl_WorkGroupID.z; batch < P.count; batch += gl_NumWorkGroups.z) {
    uint idx[MAX_RANK];
    unravel(batch, idx);
    const uint a_base = at(1, idx), b_base = at(2, idx), c_base = at(3, idx);
    a_rows = a_sk == 1u && a_sm % 8u == 0u && a_base % 8u == 0u && K % 8u == 0u;
    b_rows = b_sn == 1u && b_sk % 8u == 0u && b_base % 8u == 0u && N % 8u == 0u;

    ACC c00 = ACC(0.0), c01 = ACC(0.0), c02 = ACC(0.0), c03 = ACC(0.0);
    ACC c10 = ACC(0.0), c11 = ACC(0.0), c12 = ACC(0.0), c13 = ACC(0.0);
    ACC c20 = ACC(0.0), c21 = ACC(0.0), c22 = ACC(0.0), c23 = ACC(0.0);
    ACC c30 = ACC(0.0), c31 = ACC(0.0), c32 = ACC(0.0), c33 = ACC(0.0);

    uvec4 va0, vb0, va1, vb1;
    fetch(v0, a_base, b_base, m0, n0, 0u, va0, vb0);
    fetch(v1, a_base, b_base, m0, n0, 0u, va1, vb1);
    stage(v0, 0u, va0, vb0);
    stage(v1, 0u, va1, vb1);
    barrier();
    uint slot = 0u;
    for (uint k0 = 0u; k0 < K; k0 += SLICE) {
      const bool more = k0 + SLICE < K;
      if (more) {
        fetch(v0, a_base, b_base, m0, n0, k0 + SLICE, va0, vb0);
        fetch(v1, a_base, b_base, m0, n0, k0 + SLICE, va1, vb1);
      }
      const uint a_at = slot * A_SIZE + wm * A_PITCH, b_at = slot * B_SIZE + wn / 8u;
      [[unroll]] for (uint kk = 0u; kk < SLICE; kk += 16u) {
        FRAG_A fa0, fa1, fa2, fa3;
        FRAG_B fb0, fb1, fb2, fb3;
        coopMatLoadNV(fa0, a_tile, a_at + 0u * A_PITCH + kk / 8u, A_PITCH, false);
        coopMatLoadNV(fa1, a_tile, a_at + 16u * A_PITCH + kk / 8u, A_PITCH, false);
        coopMatLoadNV(fa2, a_tile, a_at + 32u * A_PITCH + kk / 8u, A_PITCH, false);
        coopMatLoadNV(fa3, a_tile, a_at + 48u * A_PITCH + kk / 8u, A_PITCH, false);
        coopMatLoadNV(fb0, b_tile, b_at + kk * B_PITCH + 0u, B_PITCH, false);
        coopMatLoadNV(fb1, b_tile, b_at + kk * B_PITCH + 1u, B_PITCH, false);
        coopMatLoadNV(fb2, b_tile, b_at + kk * B_PITCH + 2u, B_PITCH, false);
        coopMatLoadNV(fb3, b_tile, b_at + kk * B_PITCH + 3u, B_PITCH, false);
        MMA_ROW(0)
        MMA_ROW(1)
        MMA_ROW(2)
        MMA_ROW(3)
      }
      // The other slot was last read before the previous barrier.
      if (more) {
        stage(v0, slot ^ 1u, va0, vb0);
        stage(v1, slot ^ 1u, va1, vb1);
      }
      barrier();
      slot ^= 1u;
    }

    const uint own = warp * 16u * 8u, m_at = m0 + wm, n_at = n0 + wn;
    STORE_ROW(0)
    STORE_ROW(1)
    STORE_ROW(2)
    STORE_ROW(3)
  }
}
