#version 450
// STRATA_OP_CAST between distinct dtypes (same-dtype casts are copies). Floats convert with one
// round-to-nearest-even; float to integer truncates toward zero, maps NaN to 0 and saturates;
// integers saturate into narrower integers. An integer too wide for a 16-bit float is first
// rounded to odd at binary32's 24 bits, so the final rounding is the correct one.
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { TYPE(Y_KIND) y[]; };

// Magnitude m (< 2^32) as a float: exact below 2^24, else truncated to 24 bits with the last
// kept bit set when anything was dropped (round to odd).
float round_odd_u32(uint m) {
  if (m < (1u << 24)) return float(m);
  int shift = findMSB(m) - 23;
  uint kept = m >> shift;
  if ((m & ((1u << shift) - 1u)) != 0u) kept |= 1u;
  return ldexp(float(kept), shift);
}

float odd_float_from_int(int v) {
  uint m = v < 0 ? uint(-(v + 1)) + 1u : uint(v);
  float f = round_odd_u32(m);
  return v < 0 ? -f : f;
}

int sat_i32(float v) {
  if (is_nan(v)) return 0;
  v = trunc(v);
  if (v >= 2147483648.0) return 0x7fffffff;
  if (v <= -2147483648.0) return int(0x80000000u);
  return int(v);
}

uint sat_u8(float v) {
  if (is_nan(v) || v <= 0.0) return 0u;
  if (v >= 255.0) return 255u;
  return uint(v);
}

#ifdef NEED_INT64
float odd_float_from_i64(int64_t v) {
  uint64_t m = v < 0 ? uint64_t(-(v + 1)) + 1ul : uint64_t(v);
  uint hi = uint(m >> 32);
  if (hi == 0u) {
    float f = round_odd_u32(uint(m));
    return v < 0 ? -f : f;
  }
  int shift = findMSB(hi) + 32 - 23;
  uint kept = uint(m >> shift);
  if ((m & ((1ul << shift) - 1ul)) != 0ul) kept |= 1u;
  float f = ldexp(float(kept), shift);
  return v < 0 ? -f : f;
}

int64_t sat_i64(float v) {
  if (is_nan(v)) return 0l;
  v = trunc(v);
  if (v >= 9223372036854775808.0) return I64_MAX;
  if (v <= -9223372036854775808.0) return I64_MIN;
  return int64_t(v);
}
#endif

// ---- the source element as the widest value of its class ------------------------------------
#if defined(X_IS_FLOAT)
#define LOAD_X(e) TO_FLOAT(X_KIND, x[e])
#elif defined(X_IS_I64)
#define LOAD_X(e) x[e]
#else
#define LOAD_X(e) TO_INT(X_KIND, x[e])
#endif

// ---- converted to the destination --------------------------------------------------------------
#if defined(Y_IS_FLOAT)
#if defined(X_IS_FLOAT) || defined(Y_F32)
#define CONVERT(v) FROM_FLOAT(Y_KIND, float(v))
#elif defined(X_IS_I64)
#define CONVERT(v) FROM_FLOAT(Y_KIND, odd_float_from_i64(v))
#else
#define CONVERT(v) FROM_FLOAT(Y_KIND, odd_float_from_int(v))
#endif
#elif defined(Y_IS_I64)
#if defined(X_IS_FLOAT)
#define CONVERT(v) sat_i64(v)
#else
#define CONVERT(v) int64_t(v)
#endif
#else  // Y is I32 or U8
#if defined(X_IS_FLOAT) && defined(Y_U8)
#define CONVERT(v) FROM_INT(Y_KIND, int(sat_u8(v)))
#elif defined(X_IS_FLOAT)
#define CONVERT(v) FROM_INT(Y_KIND, sat_i32(v))
#elif defined(X_IS_I64)
#define CONVERT(v) FROM_I64(Y_KIND, v)
#else
#define CONVERT(v) FROM_INT(Y_KIND, v)
#endif
#endif

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    y[at(2, idx)] = CONVERT(LOAD_X(at(1, idx)));
  }
}
