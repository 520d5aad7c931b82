#version 450
// STRATA_OP_REDUCE: one workgroup per output element (grid-stride over outputs). The iteration
// space is the kept axes, the second space the reduced ones (row-major, so positions along a
// single axis are its indices). Floats fold in binary32; integers exactly (sums in 128 bits),
// saturating on the store. Extremes keep the first NaN and, among equals, the lowest position.
//
// Long rows run in two phases so that many workgroups share them (and no invocation loops for
// long: lavapipe stops an invocation after 65535 loop iterations): PHASE 1 folds chunks of
// ip[3] elements into partial states (ip[2] chunks per row, work item = row * chunks + chunk),
// PHASE 2 folds each row's partial states into the output. PHASE 0 does a row at once.
//
// Bindings: 1 in, 2 value out (SUM..MIN), 3 index out (ARGMAX, ARGMIN) as INDEX_WORDS words
// per element (1: I32, 2: I64), 4 partial states. ip[0]: strata_reduce_op; ip[1]: INDEX_WORDS.
#include "common.glsl"
#include "dtype.glsl"

layout(constant_id = 1) const int PHASE = 0;

#define OP P.ip[0]
#define INDEX_WORDS uint(P.ip[1])

const int SUM = 0, MEAN = 1, MAX = 2, MIN = 3, ARGMAX = 4, ARGMIN = 5;
const uint NO_POSITION = ~0u;
#define WANT_MAX (OP == MAX || OP == ARGMAX)
#define IS_SUM (OP == SUM || OP == MEAN)

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { TYPE(X_KIND) y[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Positions { uint positions[]; };

#ifdef X_IS_FLOAT
struct State {
  float v;  // the sum, or the extreme so far
  uint p;   // the extreme's position; NO_POSITION before the first element
};

State identity() {
  return State(IS_SUM ? 0.0 : (WANT_MAX ? -infinity() : infinity()), NO_POSITION);
}
State element(uint e, uint p) { return State(TO_FLOAT(X_KIND, x[e]), p); }

// Whether extreme candidate c beats the current one u.
bool wins(State c, State u) {
  if (c.p == NO_POSITION) return false;
  if (u.p == NO_POSITION) return true;
  bool cn = is_nan(c.v), un = is_nan(u.v);
  if (cn || un) return cn && (!un || c.p < u.p);
  if (c.v == u.v) return c.p < u.p;
  return WANT_MAX ? c.v > u.v : c.v < u.v;
}

State combine(State a, State b) {
  if (IS_SUM) return State(a.v + b.v, NO_POSITION);
  return wins(b, a) ? b : a;
}

#ifdef USE_SUBGROUPS
State shuffle_down(State s, uint d) {
  return State(subgroupShuffleDown(s.v, d), subgroupShuffleDown(s.p, d));
}
#endif

void store_value(uint e, State s, uint count) {
  float v = s.v;
  if (OP == MEAN) v = count == 0u ? quiet_nan() : v / float(count);
  y[e] = FROM_FLOAT(X_KIND, v);
}

#else  // integers
#include "wide_int.glsl"

struct State {
  Wide w;  // the sum; for extremes, w.hi holds the extreme so far
  uint p;
};

State identity() {
  return State(Wide(IS_SUM ? 0l : (WANT_MAX ? I64_MIN : I64_MAX), 0ul), NO_POSITION);
}

State element(uint e, uint p) {
  int64_t v = TO_I64(X_KIND, x[e]);
  return IS_SUM ? State(wide_from(v), p) : State(Wide(v, 0ul), p);
}

bool wins(State c, State u) {
  if (c.p == NO_POSITION) return false;
  if (u.p == NO_POSITION) return true;
  if (c.w.hi == u.w.hi) return c.p < u.p;
  return WANT_MAX ? c.w.hi > u.w.hi : c.w.hi < u.w.hi;
}

State combine(State a, State b) {
  if (IS_SUM) return State(wide_add(a.w, b.w), NO_POSITION);
  return wins(b, a) ? b : a;
}

#ifdef USE_SUBGROUPS
// Shuffled as 32-bit halves: 64-bit subgroup operands would need shaderSubgroupExtendedTypes.
uint64_t shuffle_down_u64(uint64_t v, uint d) {
  return packUint2x32(subgroupShuffleDown(unpackUint2x32(v), d));
}

State shuffle_down(State s, uint d) {
  return State(Wide(int64_t(shuffle_down_u64(uint64_t(s.w.hi), d)), shuffle_down_u64(s.w.lo, d)),
               subgroupShuffleDown(s.p, d));
}
#endif

void store_value(uint e, State s, uint count) {
  y[e] = FROM_I64(X_KIND, IS_SUM ? wide_saturate(s.w) : s.w.hi);
}
#endif

#include "workgroup_reduce.glsl"

layout(std430, set = 0, binding = 4) buffer Partials { State partials[]; };

// Elements [first, end) of the row at `base`, folded by the whole workgroup.
State fold_elements(uint base, uint first, uint end) {
  State s = identity();
  for (uint j = first + gl_LocalInvocationID.x; j < end; j += gl_WorkGroupSize.x) {
    s = combine(s, element(base + at2(1, j), j));
  }
  return workgroup_reduce(s);
}

// Partial states [first, end), folded by the whole workgroup.
State fold_partials(uint first, uint end) {
  State s = identity();
  for (uint k = first + gl_LocalInvocationID.x; k < end; k += gl_WorkGroupSize.x) {
    s = combine(s, partials[k]);
  }
  return workgroup_reduce(s);
}

void store(uint idx[MAX_RANK], State s) {
  if (OP == ARGMAX || OP == ARGMIN) {
    uint e = at(3, idx) * INDEX_WORDS;
    positions[e] = s.p;
    if (INDEX_WORDS == 2u) positions[e + 1u] = 0u;
  } else {
    store_value(at(2, idx), s, P.inner);
  }
}

void main() {
  const uint chunks = uint(P.ip[2]), chunk = uint(P.ip[3]);
  for (uint w = gl_WorkGroupID.x; w < P.count; w += gl_NumWorkGroups.x) {
    uint idx[MAX_RANK];
    unravel(PHASE == 1 ? w / chunks : w, idx);
    State s;
    if (PHASE == 2) {
      s = fold_partials(w * chunks, (w + 1u) * chunks);
    } else if (PHASE == 1) {
      const uint first = (w % chunks) * chunk;
      s = fold_elements(at(1, idx), first, min(first + chunk, P.inner));
    } else {
      s = fold_elements(at(1, idx), 0u, P.inner);
    }
    if (gl_LocalInvocationID.x == 0u) {
      if (PHASE == 1) {
        partials[w] = s;
      } else {
        store(idx, s);
      }
    }
  }
}
