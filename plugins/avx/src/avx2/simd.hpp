// AVX2 helpers for kernels: tail masks, and running a contiguous kernel over runs of any stride.
// Only for files that included target.hpp.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include avx2/target.hpp before avx2/simd.hpp"
#endif

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace strata_avx::simd {
namespace {

constexpr int kLanes = 8;

inline __m256 splat(float v) {
  return _mm256_set1_ps(v);
}
inline __m256 is_nan(__m256 x) {
  return _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
}
inline __m256 abs(__m256 x) {
  return _mm256_andnot_ps(splat(-0.0f), x);
}
inline __m256 is_inf(__m256 x) {
  return _mm256_cmp_ps(abs(x), splat(__builtin_inff()), _CMP_EQ_OQ);
}
// Lane by lane: mask ? if_true : if_false.
inline __m256 select(__m256 mask, __m256 if_true, __m256 if_false) {
  return _mm256_blendv_ps(if_false, if_true, mask);
}

// Lane i is on (all ones) when i < n, for n in [0, 8].
inline __m256i tail_mask(int64_t n) {
  alignas(32) static constexpr int32_t kTable[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                     0,  0,  0,  0,  0,  0,  0,  0};
  return _mm256_loadu_si256(
      reinterpret_cast<const __m256i*>(kTable + 8 - std::clamp<int64_t>(n, 0, 8)));
}

inline __m256 load_tail(const float* p, int64_t n) {
  return _mm256_maskload_ps(p, tail_mask(n));
}

inline void store_tail(float* p, int64_t n, __m256 v) {
  _mm256_maskstore_ps(p, tail_mask(n), v);
}

// n (<= 8) lanes at p: a plain load or store when all eight are wanted (masked ones cost more).
inline __m256 load_lanes(const float* p, int64_t n) {
  return n == kLanes ? _mm256_loadu_ps(p) : load_tail(p, n);
}
inline void store_lanes(float* p, int64_t n, __m256 v) {
  if (n == kLanes) {
    _mm256_storeu_ps(p, v);
  } else {
    store_tail(p, n, v);
  }
}

// y[i] = f(x[i]) on contiguous arrays; f maps __m256 -> __m256.
template <typename F>
inline void map_contiguous(const float* x, float* y, int64_t n, F&& f) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
  if (i < n) store_tail(y + i, n - i, f(load_tail(x + i, n - i)));
}

// y[i] = f(a[i], b[i]) on contiguous arrays.
template <typename F>
inline void map_contiguous(const float* a, const float* b, float* y, int64_t n, F&& f) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  }
  if (i < n) store_tail(y + i, n - i, f(load_tail(a + i, n - i), load_tail(b + i, n - i)));
}

// Elements staged per round for strided operands: small enough for the stack and L1.
constexpr int64_t kStage = 256;

// Gathers n (<= kStage) elements of stride `stride` into `stage`, or returns `p` unchanged
// when the stride is 1. Stride 0 repeats the one element.
template <typename T>
inline const T* staged_input(const T* p, int64_t stride, int64_t n, T* stage) {
  if (stride == 1) return p;
  if (stride == 0) {
    std::fill(stage, stage + n, *p);
  } else {
    for (int64_t i = 0; i < n; ++i) stage[i] = p[i * stride];
  }
  return stage;
}

// Runs kernel(inputs..., out, n) on contiguous arrays for a run whose operands have any
// strides: unit-stride operands pass straight through, the others go through stack buffers in
// rounds of kStage elements. In is the input element type, Out the output's.
template <int NIn, typename In, typename Out, typename Kernel>
inline void run_strided(const In* const (&in)[NIn], const int64_t (&in_stride)[NIn], Out* out,
                        int64_t out_stride, int64_t n, Kernel&& kernel) {
  bool contiguous = out_stride == 1;
  for (int i = 0; i < NIn; ++i) contiguous = contiguous && in_stride[i] == 1;
  if (contiguous) {
    [&]<int... I>(std::integer_sequence<int, I...>) {
      kernel(in[I]..., out, n);
    }
    (std::make_integer_sequence<int, NIn>());
    return;
  }
  alignas(32) In in_stage[NIn][kStage];
  alignas(32) Out out_stage[kStage];
  for (int64_t done = 0; done < n; done += kStage) {
    const int64_t m = std::min(kStage, n - done);
    const In* staged[NIn];
    for (int i = 0; i < NIn; ++i) {
      staged[i] = staged_input(in[i] + done * in_stride[i], in_stride[i], m, in_stage[i]);
    }
    Out* target = out_stride == 1 ? out + done : out_stage;
    [&]<int... I>(std::integer_sequence<int, I...>) {
      kernel(staged[I]..., target, m);
    }
    (std::make_integer_sequence<int, NIn>());
    if (out_stride != 1) {
      for (int64_t i = 0; i < m; ++i) out[(done + i) * out_stride] = out_stage[i];
    }
  }
}

}  // namespace
}  // namespace strata_avx::simd
