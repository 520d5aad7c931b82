#version 450
// STRATA_OP_RANDOM: Philox-4x32-10 exactly as backend.h specifies. Element i (row-major over
// the output's shape) uses block i/4 (UNIFORM, BERNOULLI) or i/2 (NORMAL) of (seed, offset).
// UNIFORM is bit-exact: for F32 each step is one `precise` binary32 operation; for 16-bit kinds
// each step is computed exactly (split products and TwoSum), rounded to odd at 24 bits, then
// rounded to the kind, which gives the one correct rounding the specification asks for.
// ip: 0-1 seed (low, high), 2-3 offset (low, high), 4 BERNOULLI threshold ceil(p 2^24),
// 5 strata_random_op.
// fp: UNIFORM 0 low, 1 high - low (both already rounded to the kind); NORMAL 0 mean, 1 stddev.
#include "common.glsl"
#include "dtype.glsl"

#define DISTRIBUTION P.ip[5]

layout(std430, set = 0, binding = 1) writeonly buffer Y { TYPE(X_KIND) y[]; };

uvec4 philox(uvec4 c, uvec2 k) {
  for (int round = 0; round < 10; ++round) {
    uint hi0, lo0, hi1, lo1;
    umulExtended(0xD2511F53u, c.x, hi0, lo0);
    umulExtended(0xCD9E8D57u, c.z, hi1, lo1);
    c = uvec4(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
    k += uvec2(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}

uvec4 block(uint b) {
  uint lo = uint(P.ip[2]) + b;
  uint hi = uint(P.ip[3]) + (lo < b ? 1u : 0u);
  return philox(uvec4(lo, hi, 0u, 0u), uvec2(uint(P.ip[0]), uint(P.ip[1])));
}

uint word(uvec4 w, uint k) { return k == 0u ? w.x : (k == 1u ? w.y : (k == 2u ? w.z : w.w)); }

// Knuth's TwoSum: s + e == a + b exactly.
void two_sum(float a, float b, out float s, out float e) {
  precise float sum = a + b;
  precise float bb = sum - a;
  precise float err = (a - (sum - bb)) + (b - bb);
  s = sum;
  e = err;
}

// s + e (e the exact remainder) rounded to odd at binary32's precision.
float round_to_odd(float s, float e) {
  uint bits = floatBitsToUint(s);
  if (e == 0.0 || (bits & 1u) == 1u) return s;
  bool away = (e > 0.0) == (s > 0.0);  // the exact value lies beyond |s|
  return uintBitsToFloat(away ? bits + 1u : bits - 1u);
}

#ifdef X_IS_FLOAT
#ifdef X_F16
// v rounded to f16's precision (nearest even), as arithmetic: a compiler may fold the round trip
// float(float16_t(v)) to v, and NVIDIA's does. f16 keeps 11 significant bits down to 2^-14 and a
// fixed step of 2^-24 below; the scalings are by powers of two, so only roundEven rounds.
float round_to_kind(float v) {
  int e;
  frexp(v, e);
  const int step = max(e, -13) - 11;
  return ldexp(roundEven(ldexp(v, -step)), step);
}
#else
float round_to_kind(float v) { return TO_FLOAT(X_KIND, FROM_FLOAT(X_KIND, v)); }
#endif

float uniform_value(uint x) {
  const float low = P.fp[0], range = P.fp[1];
  const uint bits24 = x >> 8;
#ifdef X_F32
  precise float t = range * (float(bits24) * (1.0 / 16777216.0));
  precise float v = low + t;
  return v;
#else
  // range has at most 11 significant bits and each half of u 12, so both products are exact.
  precise float hi = range * (float(bits24 & 0xfff000u) * (1.0 / 16777216.0));
  precise float lo = range * (float(bits24 & 0xfffu) * (1.0 / 16777216.0));
  float s, e;
  two_sum(hi, lo, s, e);
  const float t = round_to_kind(round_to_odd(s, e));
  two_sum(low, t, s, e);
  return round_to_odd(s, e);
#endif
}
#endif

// ln x for 0 < x <= 1, accurate near 1 where GLSL's log is only good to 2^-21 absolute.
float log_unit(float x) {
  int e;
  float m = frexp(x, e);
  if (m < 0.70710678) {
    m *= 2.0;
    e -= 1;
  }
  float s = (m - 1.0) / (m + 1.0), s2 = s * s;
  float series = s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0))));
  // ln 2 in two parts, so e ln 2 loses nothing for the exponents a float has.
  const float ln2_hi = 0.693145751953125, ln2_lo = 1.42860682030941723212e-6;
  return float(e) * ln2_hi + (float(e) * ln2_lo + 2.0 * (s + s * series));
}

// cos(2 pi u) for u = k 2^-24 in [0, 1): exact reduction to an octant, Cephes polynomials.
float cos_two_pi(float u) {
  float q = u * 4.0;
  uint quadrant = uint(q);
  float r = q - float(quadrant);  // exact: u has 24 bits
  bool use_sin = r > 0.5;
  float theta = (use_sin ? 1.0 - r : r) * 1.5707963267948966;
  float t2 = theta * theta;
  float c = 1.0 - 0.5 * t2 +
            t2 * t2 *
                (4.166664568298827e-2 + t2 * (-1.388731625493765e-3 + t2 * 2.443315711809948e-5));
  float s = theta + theta * t2 *
            (-1.6666654611e-1 + t2 * (8.3321608736e-3 + t2 * -1.9515295891e-4));
  float cos_r = use_sin ? s : c;  // cos(r pi/2)
  float sin_r = use_sin ? c : s;  // sin(r pi/2)
  switch (quadrant) {
    case 0u: return cos_r;
    case 1u: return -sin_r;
    case 2u: return -cos_r;
    default: return sin_r;
  }
}

float normal_value(uint x1, uint x2) {
  float u1 = float((x1 >> 8) + 1u) * (1.0 / 16777216.0);
  float u2 = float(x2 >> 8) * (1.0 / 16777216.0);
  float z = sqrt(-2.0 * log_unit(u1)) * cos_two_pi(u2);
  return P.fp[0] + P.fp[1] * z;
}

void main() {
  FOR_EACH_ITEM(i) {
#ifdef X_IS_FLOAT
    float v;
    if (DISTRIBUTION == 1) {
      uvec4 w = block(i / 2u);
      uint k = 2u * (i % 2u);
      v = normal_value(word(w, k), word(w, k + 1u));
    } else {
      uint x = word(block(i / 4u), i % 4u);
      v = DISTRIBUTION == 0 ? uniform_value(x) : ((x >> 8) < uint(P.ip[4]) ? 1.0 : 0.0);
    }
    y[at_linear(1, i)] = FROM_FLOAT(X_KIND, v);
#else  // U8: BERNOULLI only
    uint x = word(block(i / 4u), i % 4u);
    y[at_linear(1, i)] = uint8_t((x >> 8) < uint(P.ip[4]) ? 1u : 0u);
#endif
  }
}
