// Vector transcendental functions for AVX2/FMA, accurate to a few ulp over the whole float range
// (the conformance bound is 1e-7 NMSE against the reference's double results). Cephes-style
// polynomials with exact argument reductions; NaN in, NaN out. Only for files that included
// target.hpp.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include avx2/target.hpp before avx2/simd_math.hpp"
#endif

#include <immintrin.h>

#include "avx2/simd.hpp"

namespace strata_avx::simd {
namespace {

// Where x is +inf or -inf, r becomes at_pos_inf or at_neg_inf: for functions whose formula
// would compute inf * 0 at the infinities.
inline __m256 at_infinities(__m256 x, __m256 r, float at_pos_inf, float at_neg_inf) {
  const __m256 limit =
      select(_mm256_cmp_ps(x, splat(0.0f), _CMP_GT_OQ), splat(at_pos_inf), splat(at_neg_inf));
  return select(is_inf(x), limit, r);
}

// Horner's rule with FMA: c[0] * x^(N-1) + ... + c[N-1].
template <int N>
inline __m256 polynomial(__m256 x, const float (&c)[N]) {
  __m256 p = splat(c[0]);
  for (int i = 1; i < N; ++i) p = _mm256_fmadd_ps(p, x, splat(c[i]));
  return p;
}

// 2^n for integer n in [-126, 127].
inline __m256 pow2(__m256i n) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

// e^x. Overflows to +inf above ln(FLT_MAX) and goes through the subnormals to 0: the scale
// 2^n is applied in two halves so neither leaves the normal range.
inline __m256 exp(__m256 x) {
  static constexpr float kP[] = {1.9875691500E-4f, 1.3981999507E-3f, 8.3334519073E-3f,
                                 4.1665795894E-2f, 1.6666665459E-1f, 5.0000001201E-1f};
  // min/max return their second operand for a NaN, so NaN passes through.
  x = _mm256_max_ps(splat(-104.0f), _mm256_min_ps(splat(89.0f), x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, splat(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // ln 2 in two parts: n * 0.693359375 is exact for |n| <= 150.
  __m256 r = _mm256_fnmadd_ps(n, splat(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, splat(-2.12194440e-4f), r);
  const __m256 p =
      _mm256_fmadd_ps(polynomial(r, kP), _mm256_mul_ps(r, r), _mm256_add_ps(r, splat(1.0f)));
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256i half = _mm256_srai_epi32(ni, 1);
  return _mm256_mul_ps(_mm256_mul_ps(p, pow2(half)), pow2(_mm256_sub_epi32(ni, half)));
}

// e^x - 1 without the cancellation of exp(x) - 1 near 0: Taylor to x^9 inside |x| < 1/2.
inline __m256 expm1(__m256 x) {
  static constexpr float kTaylor[] = {1.0f / 362880, 1.0f / 40320, 1.0f / 5040, 1.0f / 720,
                                      1.0f / 120,    1.0f / 24,    1.0f / 6,    1.0f / 2};
  const __m256 near_zero = _mm256_fmadd_ps(_mm256_mul_ps(x, x), polynomial(x, kTaylor), x);
  const __m256 far = _mm256_sub_ps(exp(x), splat(1.0f));
  return select(_mm256_cmp_ps(abs(x), splat(0.5f), _CMP_LT_OQ), near_zero, far);
}

// ln x: -inf at 0, NaN below 0, +inf at +inf; subnormals are scaled up first.
inline __m256 log(__m256 x) {
  static constexpr float kP[] = {7.0376836292E-2f,  -1.1514610310E-1f, 1.1676998740E-1f,
                                 -1.2420140846E-1f, 1.4249322787E-1f,  -1.6668057665E-1f,
                                 2.0000714765E-1f,  -2.4999993993E-1f, 3.3333331174E-1f};
  const __m256 tiny = _mm256_cmp_ps(x, splat(1.17549435e-38f), _CMP_LT_OQ);
  const __m256 scaled = select(tiny, _mm256_mul_ps(x, splat(8388608.0f)), x);
  const __m256i bits = _mm256_castps_si256(scaled);
  __m256 e =
      _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
  e = _mm256_sub_ps(e, _mm256_and_ps(tiny, splat(23.0f)));
  // The mantissa in [0.5, 1), then folded to [sqrt(1/2), sqrt(2)) - 1.
  __m256 m = _mm256_castsi256_ps(_mm256_or_si256(
      _mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f000000)));
  const __m256 low = _mm256_cmp_ps(m, splat(0.707106781186547524f), _CMP_LT_OQ);
  e = _mm256_sub_ps(e, _mm256_and_ps(low, splat(1.0f)));
  m = _mm256_add_ps(_mm256_sub_ps(m, splat(1.0f)), _mm256_and_ps(low, m));
  const __m256 z = _mm256_mul_ps(m, m);
  __m256 y = _mm256_mul_ps(_mm256_mul_ps(polynomial(m, kP), m), z);
  y = _mm256_fmadd_ps(e, splat(-2.12194440e-4f), y);
  y = _mm256_fnmadd_ps(z, splat(0.5f), y);
  __m256 r = _mm256_fmadd_ps(e, splat(0.693359375f), _mm256_add_ps(m, y));
  r = select(_mm256_cmp_ps(x, splat(0.0f), _CMP_EQ_OQ), splat(-__builtin_inff()), r);
  r = select(_mm256_cmp_ps(x, splat(0.0f), _CMP_LT_OQ), splat(__builtin_nanf("")), r);
  r = select(_mm256_cmp_ps(x, splat(__builtin_inff()), _CMP_EQ_OQ), x, r);
  return select(is_nan(x), x, r);
}

// ln(1 + u) for u >= -1, accurate for small u: log(w) * u / (w - 1) with w = 1 + u cancels the
// rounding of w (Goldberg).
inline __m256 log1p(__m256 u) {
  const __m256 w = _mm256_add_ps(u, splat(1.0f));
  const __m256 d = _mm256_sub_ps(w, splat(1.0f));
  const __m256 r = _mm256_mul_ps(log(w), _mm256_div_ps(u, d));
  return select(_mm256_or_ps(_mm256_cmp_ps(d, splat(0.0f), _CMP_EQ_OQ), is_inf(w)), u, r);
}

// 1 / (1 + e^-x) and e^-|x| / (1 + e^-|x|): no overflow for any x. Also gives the mirror
// value sigmoid(-x) without cancellation.
struct Sigmoid {
  __m256 of_x;
  __m256 of_minus_x;
};
inline Sigmoid sigmoid_pair(__m256 x) {
  const __m256 e = exp(_mm256_sub_ps(splat(0.0f), abs(x)));
  const __m256 d = _mm256_div_ps(splat(1.0f), _mm256_add_ps(splat(1.0f), e));
  const __m256 ed = _mm256_mul_ps(e, d);
  const __m256 positive = _mm256_cmp_ps(x, splat(0.0f), _CMP_GE_OQ);
  return {select(positive, d, ed), select(positive, ed, d)};
}
inline __m256 sigmoid(__m256 x) {
  return sigmoid_pair(x).of_x;
}

// tanh: odd polynomial below 0.625 (Cephes), 1 - 2/(e^2|x| + 1) above, with x's sign.
inline __m256 tanh(__m256 x) {
  static constexpr float kP[] = {-5.70498872745E-3f, 2.06390887954E-2f, -5.37397155531E-2f,
                                 1.33314422036E-1f, -3.33332819422E-1f};
  const __m256 ax = abs(x);
  const __m256 z = _mm256_mul_ps(x, x);
  const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(polynomial(z, kP), z), x, x);
  const __m256 e = exp(_mm256_add_ps(ax, ax));
  const __m256 large_abs =
      _mm256_sub_ps(splat(1.0f), _mm256_div_ps(splat(2.0f), _mm256_add_ps(e, splat(1.0f))));
  const __m256 large = _mm256_or_ps(large_abs, _mm256_and_ps(x, splat(-0.0f)));
  return select(_mm256_cmp_ps(ax, splat(0.625f), _CMP_LT_OQ), small, large);
}

// sech(x)^2 = 1 - tanh(x)^2 = 4E / (1 + E)^2 with E = e^-2|x|: no cancellation near |tanh| = 1.
inline __m256 sech_squared(__m256 x) {
  const __m256 ax = abs(x);
  const __m256 e = exp(_mm256_sub_ps(splat(0.0f), _mm256_add_ps(ax, ax)));
  const __m256 d = _mm256_add_ps(splat(1.0f), e);
  return _mm256_div_ps(_mm256_mul_ps(splat(4.0f), e), _mm256_mul_ps(d, d));
}

// e^(-x*x*s) for s in {1, 1/2}, with x*x split into hi + lo (FMA) so the rounding of the square
// does not become a relative error of the result for large x. Beyond |x| = 20 the result is 0
// (the clamp keeps x*x finite).
inline __m256 gaussian(__m256 x, float s) {
  x = _mm256_min_ps(splat(20.0f), abs(x));
  const __m256 sx = _mm256_mul_ps(x, splat(s));
  const __m256 hi = _mm256_mul_ps(sx, x);
  const __m256 lo = _mm256_fmsub_ps(sx, x, hi);
  return _mm256_mul_ps(exp(_mm256_sub_ps(splat(0.0f), hi)), _mm256_sub_ps(splat(1.0f), lo));
}

// erfc(z) for z >= 0 (Numerical Recipes' erfcc, fractional error below 1.2e-7 everywhere):
// t * exp(-z^2 + P(t)), t = 1 / (1 + z/2). From z = 10 on erfc is 0 in float.
inline __m256 erfc_nonnegative(__m256 z) {
  static constexpr float kP[] = {0.17087277f, -0.82215223f, 1.48851587f, -1.13520398f,
                                 0.27886807f, -0.18628806f, 0.09678418f, 0.37409196f,
                                 1.00002368f, -1.26551223f};
  const __m256 beyond = _mm256_cmp_ps(z, splat(10.0f), _CMP_GE_OQ);
  z = _mm256_min_ps(splat(10.0f), z);
  const __m256 t = _mm256_div_ps(splat(1.0f), _mm256_fmadd_ps(z, splat(0.5f), splat(1.0f)));
  const __m256 r = _mm256_mul_ps(_mm256_mul_ps(t, gaussian(z, 1.0f)), exp(polynomial(t, kP)));
  return _mm256_andnot_ps(beyond, r);
}

// erfc(z) for any z: 2 - erfc(-z) below 0.
inline __m256 erfc(__m256 z) {
  const __m256 e = erfc_nonnegative(abs(z));
  return select(_mm256_cmp_ps(z, splat(0.0f), _CMP_GE_OQ), e, _mm256_sub_ps(splat(2.0f), e));
}

}  // namespace
}  // namespace strata_avx::simd
