#version 450
// STRATA_OP_BINARY: out = a (op) b, the op (strata_binary_op, ip[0]) a uniform switch.
// Variants: arithmetic on one float kind, on I32 (saturating, no 64-bit types needed), on I64
// (saturating), and comparisons (-DCOMPARE) of any kind writing U8 0/1 with IEEE semantics.
// Bindings: 1 a, 2 b, 3 out.
#include "common.glsl"
#include "dtype.glsl"
#include "math.glsl"

#define OP P.ip[0]

layout(std430, set = 0, binding = 1) readonly buffer A { TYPE(X_KIND) a[]; };
layout(std430, set = 0, binding = 2) readonly buffer B { TYPE(X_KIND) b[]; };
#ifdef COMPARE
layout(std430, set = 0, binding = 3) writeonly buffer Y { uint8_t y[]; };
#else
layout(std430, set = 0, binding = 3) writeonly buffer Y { TYPE(X_KIND) y[]; };
#endif

const int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6;
const int EQUAL = 7, NOT_EQUAL = 8, LESS = 9, LESS_EQUAL = 10, GREATER = 11;

#if defined(COMPARE)
// -1, 0, 1 for less, equal, greater; 2 for unordered (a NaN on either side).
#if defined(X_IS_FLOAT)
int order(uint ea, uint eb) {
  float u = TO_FLOAT(X_KIND, a[ea]), v = TO_FLOAT(X_KIND, b[eb]);
  if (is_nan(u) || is_nan(v)) return 2;
  return u < v ? -1 : (u > v ? 1 : 0);
}
#elif defined(X_IS_I64)
int order(uint ea, uint eb) {
  int64_t u = a[ea], v = b[eb];
  return u < v ? -1 : (u > v ? 1 : 0);
}
#else
int order(uint ea, uint eb) {
  int u = TO_INT(X_KIND, a[ea]), v = TO_INT(X_KIND, b[eb]);
  return u < v ? -1 : (u > v ? 1 : 0);
}
#endif

bool holds(int o) {
  switch (OP) {
    case EQUAL: return o == 0;
    case NOT_EQUAL: return o != 0;
    case LESS: return o == -1;
    case LESS_EQUAL: return o == -1 || o == 0;
    case GREATER: return o == 1;
    default: return o == 1 || o == 0;
  }
}

#define APPLY(ea, eb) uint8_t(holds(order(ea, eb)) ? 1u : 0u)

#elif defined(X_IS_FLOAT)
float apply_float(float u, float v) {
  switch (OP) {
    case ADD: return u + v;
    case SUB: return u - v;
    case MUL: return u * v;
    case DIV: return ieee_div(u, v);
    case POW: return pow_c(u, v);
    case MAXIMUM: return is_nan(u) || is_nan(v) ? quiet_nan() : max(u, v);
    default: return is_nan(u) || is_nan(v) ? quiet_nan() : min(u, v);
  }
}
#define APPLY(ea, eb) \
  FROM_FLOAT(X_KIND, apply_float(TO_FLOAT(X_KIND, a[ea]), TO_FLOAT(X_KIND, b[eb])))

#elif defined(X_IS_I64)
int64_t saturated(bool negative) { return negative ? I64_MIN : I64_MAX; }

// Integer overflow wraps in GLSL; the sign tests below detect it and saturate instead.
int64_t apply_i64(int64_t u, int64_t v) {
  switch (OP) {
    case ADD: {
      int64_t s = u + v;
      return (u < 0l) == (v < 0l) && (s < 0l) != (u < 0l) ? saturated(u < 0l) : s;
    }
    case SUB: {
      int64_t s = u - v;
      return (u < 0l) != (v < 0l) && (s < 0l) != (u < 0l) ? saturated(u < 0l) : s;
    }
    case MUL: {
      if (u == 0l || v == 0l) return 0l;
      bool negative = (u < 0l) != (v < 0l);
      if ((u == -1l && v == I64_MIN) || (v == -1l && u == I64_MIN)) return saturated(negative);
      int64_t p = u * v;
      return p / v != u ? saturated(negative) : p;
    }
    case MAXIMUM: return max(u, v);
    default: return min(u, v);
  }
}
#define APPLY(ea, eb) apply_i64(a[ea], b[eb])

#else  // I32
int saturated(bool negative) { return negative ? int(0x80000000u) : 0x7fffffff; }

int apply_i32(int u, int v) {
  switch (OP) {
    case ADD: {
      int s = u + v;
      return (u < 0) == (v < 0) && (s < 0) != (u < 0) ? saturated(u < 0) : s;
    }
    case SUB: {
      int s = u - v;
      return (u < 0) != (v < 0) && (s < 0) != (u < 0) ? saturated(u < 0) : s;
    }
    case MUL: {
      int hi, lo;
      imulExtended(u, v, hi, lo);
      return hi != (lo >> 31) ? saturated((u < 0) != (v < 0)) : lo;
    }
    case MAXIMUM: return max(u, v);
    default: return min(u, v);
  }
}
#define APPLY(ea, eb) apply_i32(a[ea], b[eb])
#endif

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    y[at(3, idx)] = APPLY(at(1, idx), at(2, idx));
  }
}
