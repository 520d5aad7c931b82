// The unary functions of STRATA_OP_UNARY and their derivatives, eight lanes at a time: one
// struct per strata_unary_op with value(x) and slope(x) = f'(x) side by side (the kink
// conventions of backend.h). NaN handling is the caller's (a NaN input gives a NaN in both
// directions). Only for files that included target.hpp.
#pragma once

#ifndef STRATA_AVX2_REGION
#error "include avx2/target.hpp before avx2/unary_functions.hpp"
#endif

#include <immintrin.h>

#include "avx2/simd_math.hpp"

namespace strata_avx::unary {
namespace {

using simd::select;
using simd::splat;

// strata_unary_params as vectors.
struct Args {
  __m256 alpha;  // rounded to nearest
  __m256 beta;
  // CLIP's slope compares x with the double bounds: alpha < x is floor_f32(alpha) < x, and
  // x < beta is x < ceil_f32(beta), for every float x.
  __m256 alpha_down;
  __m256 beta_up;
  bool tanh_gelu;  // GELU: beta != 0 selects the tanh approximation
};

inline __m256 positive(__m256 x) {
  return _mm256_cmp_ps(x, splat(0.0f), _CMP_GT_OQ);
}
inline __m256 negative(__m256 x) {
  return _mm256_cmp_ps(x, splat(0.0f), _CMP_LT_OQ);
}
inline __m256 neg(__m256 x) {
  return _mm256_xor_ps(x, splat(-0.0f));
}
// -1, 0 or 1; a zero keeps its sign bit.
inline __m256 sign(__m256 x) {
  return select(positive(x), splat(1.0f), select(negative(x), splat(-1.0f), x));
}

constexpr float kSeluAlpha = 1.6732632423543772848170429916717f;
constexpr float kSeluScale = 1.0507009873554804934193349852946f;
constexpr float kSqrt2OverPi = 0.79788456080286535588f;
constexpr float kGeluCubic = 0.044715f;
constexpr float kInvSqrt2 = 0.70710678118654752440f;
constexpr float kInvSqrt2Pi = 0.39894228040143267794f;

struct Neg {
  static __m256 value(__m256 x, const Args&) { return neg(x); }
  static __m256 slope(__m256, const Args&) { return splat(-1.0f); }
};
struct Abs {
  static __m256 value(__m256 x, const Args&) { return simd::abs(x); }
  static __m256 slope(__m256 x, const Args&) { return sign(x); }
};
struct Sign {
  static __m256 value(__m256 x, const Args&) { return sign(x); }
  static __m256 slope(__m256, const Args&) { return splat(0.0f); }
};
struct Square {
  static __m256 value(__m256 x, const Args&) { return _mm256_mul_ps(x, x); }
  static __m256 slope(__m256 x, const Args&) { return _mm256_add_ps(x, x); }
};
struct Sqrt {
  static __m256 value(__m256 x, const Args&) { return _mm256_sqrt_ps(x); }
  static __m256 slope(__m256 x, const Args&) {
    return _mm256_div_ps(splat(0.5f), _mm256_sqrt_ps(x));
  }
};
struct Rsqrt {
  static __m256 value(__m256 x, const Args&) {
    return _mm256_div_ps(splat(1.0f), _mm256_sqrt_ps(x));
  }
  static __m256 slope(__m256 x, const Args&) {
    return _mm256_div_ps(splat(-0.5f), _mm256_mul_ps(x, _mm256_sqrt_ps(x)));
  }
};
struct Reciprocal {
  static __m256 value(__m256 x, const Args&) { return _mm256_div_ps(splat(1.0f), x); }
  static __m256 slope(__m256 x, const Args&) {
    return _mm256_div_ps(splat(-1.0f), _mm256_mul_ps(x, x));
  }
};
struct Exp {
  static __m256 value(__m256 x, const Args&) { return simd::exp(x); }
  static __m256 slope(__m256 x, const Args&) { return simd::exp(x); }
};
struct Log {
  static __m256 value(__m256 x, const Args&) { return simd::log(x); }
  static __m256 slope(__m256 x, const Args&) { return _mm256_div_ps(splat(1.0f), x); }
};
struct Tanh {
  static __m256 value(__m256 x, const Args&) { return simd::tanh(x); }
  static __m256 slope(__m256 x, const Args&) { return simd::sech_squared(x); }
};
struct Sigmoid {
  static __m256 value(__m256 x, const Args&) { return simd::sigmoid(x); }
  static __m256 slope(__m256 x, const Args&) {
    const simd::Sigmoid s = simd::sigmoid_pair(x);
    return _mm256_mul_ps(s.of_x, s.of_minus_x);
  }
};
struct Relu {
  static __m256 value(__m256 x, const Args&) { return _mm256_and_ps(positive(x), x); }
  static __m256 slope(__m256 x, const Args&) { return _mm256_and_ps(positive(x), splat(1.0f)); }
};
struct LeakyRelu {
  static __m256 value(__m256 x, const Args& a) {
    return select(positive(x), x, _mm256_mul_ps(a.alpha, x));
  }
  static __m256 slope(__m256 x, const Args& a) { return select(positive(x), splat(1.0f), a.alpha); }
};
struct Elu {
  static __m256 value(__m256 x, const Args& a) {
    return select(positive(x), x, _mm256_mul_ps(a.alpha, simd::expm1(x)));
  }
  static __m256 slope(__m256 x, const Args& a) {
    return select(positive(x), splat(1.0f), _mm256_mul_ps(a.alpha, simd::exp(x)));
  }
};
struct Selu {
  static __m256 value(__m256 x, const Args&) {
    const __m256 below = _mm256_mul_ps(splat(kSeluAlpha), simd::expm1(x));
    return _mm256_mul_ps(splat(kSeluScale), select(positive(x), x, below));
  }
  static __m256 slope(__m256 x, const Args&) {
    const __m256 below = _mm256_mul_ps(splat(kSeluAlpha), simd::exp(x));
    return _mm256_mul_ps(splat(kSeluScale), select(positive(x), splat(1.0f), below));
  }
};
// x * Phi(x) = x/2 * erfc(-x/sqrt 2) (erfc keeps the left tail accurate), or with the tanh
// approximation x * sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
struct Gelu {
  static __m256 tanh_argument(__m256 x) {
    const __m256 x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
    return _mm256_mul_ps(splat(kSqrt2OverPi), _mm256_fmadd_ps(splat(kGeluCubic), x3, x));
  }
  static __m256 value(__m256 x, const Args& a) {
    if (a.tanh_gelu) {
      const __m256 u = tanh_argument(x);
      const __m256 y = _mm256_mul_ps(x, simd::sigmoid(_mm256_add_ps(u, u)));
      // Where the cube overflowed the function is a step: x or 0.
      return select(simd::is_inf(u), _mm256_and_ps(positive(x), x), y);
    }
    const __m256 phi2 = simd::erfc(_mm256_mul_ps(x, splat(-kInvSqrt2)));
    return simd::at_infinities(x, _mm256_mul_ps(_mm256_mul_ps(splat(0.5f), x), phi2),
                               __builtin_inff(), 0.0f);
  }
  static __m256 slope(__m256 x, const Args& a) {
    if (a.tanh_gelu) {
      const __m256 u = tanh_argument(x);
      const __m256 du =
          _mm256_mul_ps(splat(kSqrt2OverPi),
                        _mm256_fmadd_ps(splat(3 * kGeluCubic), _mm256_mul_ps(x, x), splat(1.0f)));
      const __m256 half_x = _mm256_mul_ps(splat(0.5f), x);
      const __m256 d = _mm256_fmadd_ps(_mm256_mul_ps(half_x, simd::sech_squared(u)), du,
                                       simd::sigmoid(_mm256_add_ps(u, u)));
      return simd::at_infinities(u, d, 1.0f, 0.0f);
    }
    const __m256 cdf = _mm256_mul_ps(splat(0.5f), simd::erfc(_mm256_mul_ps(x, splat(-kInvSqrt2))));
    const __m256 density = _mm256_mul_ps(splat(kInvSqrt2Pi), simd::gaussian(x, 0.5f));
    return simd::at_infinities(x, _mm256_fmadd_ps(x, density, cdf), 1.0f, 0.0f);
  }
};
struct Silu {
  static __m256 value(__m256 x, const Args&) {
    return simd::at_infinities(x, _mm256_mul_ps(x, simd::sigmoid(x)), __builtin_inff(), 0.0f);
  }
  static __m256 slope(__m256 x, const Args&) {
    const simd::Sigmoid s = simd::sigmoid_pair(x);
    const __m256 d = _mm256_fmadd_ps(_mm256_mul_ps(x, s.of_x), s.of_minus_x, s.of_x);
    return simd::at_infinities(x, d, 1.0f, 0.0f);
  }
};
// ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|): no overflow for large x.
struct Softplus {
  static __m256 value(__m256 x, const Args&) {
    const __m256 e = simd::exp(neg(simd::abs(x)));
    return _mm256_add_ps(_mm256_max_ps(x, splat(0.0f)), simd::log1p(e));
  }
  static __m256 slope(__m256 x, const Args&) { return simd::sigmoid(x); }
};
struct Softsign {
  static __m256 value(__m256 x, const Args&) {
    const __m256 y = _mm256_div_ps(x, _mm256_add_ps(splat(1.0f), simd::abs(x)));
    return simd::at_infinities(x, y, 1.0f, -1.0f);
  }
  static __m256 slope(__m256 x, const Args&) {
    const __m256 d = _mm256_add_ps(splat(1.0f), simd::abs(x));
    return _mm256_div_ps(splat(1.0f), _mm256_mul_ps(d, d));
  }
};
// min(max(x, alpha), beta), as std::min(std::max(x, alpha), beta): max_ps(alpha, x) is
// "alpha > x ? alpha : x", which is std::max(x, alpha).
struct Clip {
  static __m256 value(__m256 x, const Args& a) {
    return _mm256_min_ps(a.beta, _mm256_max_ps(a.alpha, x));
  }
  static __m256 slope(__m256 x, const Args& a) {
    const __m256 inside = _mm256_and_ps(_mm256_cmp_ps(a.alpha_down, x, _CMP_LT_OQ),
                                        _mm256_cmp_ps(x, a.beta_up, _CMP_LT_OQ));
    return _mm256_and_ps(inside, splat(1.0f));
  }
};

// Calls f(Fn{}) with the struct of `sub_op` (a valid strata_unary_op).
template <typename F>
void visit_function(int32_t sub_op, F&& f) {
  switch (sub_op) {
    case STRATA_UNARY_NEG:
      return f(Neg{});
    case STRATA_UNARY_ABS:
      return f(Abs{});
    case STRATA_UNARY_SIGN:
      return f(Sign{});
    case STRATA_UNARY_SQUARE:
      return f(Square{});
    case STRATA_UNARY_SQRT:
      return f(Sqrt{});
    case STRATA_UNARY_RSQRT:
      return f(Rsqrt{});
    case STRATA_UNARY_RECIPROCAL:
      return f(Reciprocal{});
    case STRATA_UNARY_EXP:
      return f(Exp{});
    case STRATA_UNARY_LOG:
      return f(Log{});
    case STRATA_UNARY_TANH:
      return f(Tanh{});
    case STRATA_UNARY_SIGMOID:
      return f(Sigmoid{});
    case STRATA_UNARY_RELU:
      return f(Relu{});
    case STRATA_UNARY_LEAKY_RELU:
      return f(LeakyRelu{});
    case STRATA_UNARY_ELU:
      return f(Elu{});
    case STRATA_UNARY_SELU:
      return f(Selu{});
    case STRATA_UNARY_GELU:
      return f(Gelu{});
    case STRATA_UNARY_SILU:
      return f(Silu{});
    case STRATA_UNARY_SOFTPLUS:
      return f(Softplus{});
    case STRATA_UNARY_SOFTSIGN:
      return f(Softsign{});
    default:
      return f(Clip{});
  }
}

}  // namespace
}  // namespace strata_avx::unary
