#version 450
// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD over the last axis: one workgroup per row
// (grid-stride over rows). The iteration space is every axis but the last; the second space is
// the last axis. Bindings: 1 x (forward) or y (backward), 2 the output, 3 dy (backward).
#include "common.glsl"
#include "dtype.glsl"

layout(constant_id = 1) const bool BACKWARD = false;
#define LOG P.ip[0]  // strata_softmax_op: 0 softmax, 1 log-softmax

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { TYPE(X_KIND) y[]; };
layout(std430, set = 0, binding = 3) readonly buffer DY { TYPE(X_KIND) dy[]; };

struct State {
  float v;
};

bool folding_max;  // what combine() folds: the row maximum, or a sum

State combine(State a, State b) {
  if (!folding_max) return State(a.v + b.v);
  return State(is_nan(a.v) || is_nan(b.v) ? quiet_nan() : max(a.v, b.v));
}

#ifdef USE_SUBGROUPS
State shuffle_down(State s, uint d) { return State(subgroupShuffleDown(s.v, d)); }
#endif

#include "workgroup_reduce.glsl"

float load_x(uint base, uint j) { return TO_FLOAT(X_KIND, x[base + at2(1, j)]); }
float load_dy(uint base, uint j) { return TO_FLOAT(X_KIND, dy[base + at2(3, j)]); }

void forward_row(uint xb, uint yb) {
  const uint n = P.inner;
  const uint lid = gl_LocalInvocationID.x, step = gl_WorkGroupSize.x;
  folding_max = true;
  State m = State(-infinity());
  for (uint j = lid; j < n; j += step) m = combine(m, State(load_x(xb, j)));
  const float row_max = workgroup_reduce(m).v;
  folding_max = false;
  State t = State(0.0);
  for (uint j = lid; j < n; j += step) t.v += exp(load_x(xb, j) - row_max);
  const float total = workgroup_reduce(t).v;
  const float log_total = log(total);
  for (uint j = lid; j < n; j += step) {
    float v = load_x(xb, j) - row_max;
    y[yb + at2(2, j)] = FROM_FLOAT(X_KIND, LOG == 1 ? v - log_total : exp(v) / total);
  }
}

// softmax: dx = y (dy - sum(dy y));  log-softmax: dx = dy - exp(y) sum(dy).
void backward_row(uint yb, uint dxb, uint dyb) {
  const uint n = P.inner;
  const uint lid = gl_LocalInvocationID.x, step = gl_WorkGroupSize.x;
  folding_max = false;
  State t = State(0.0);
  for (uint j = lid; j < n; j += step) {
    t.v += LOG == 1 ? load_dy(dyb, j) : load_dy(dyb, j) * load_x(yb, j);
  }
  const float total = workgroup_reduce(t).v;
  for (uint j = lid; j < n; j += step) {
    float g = load_dy(dyb, j), v = load_x(yb, j);
    y[dxb + at2(2, j)] = FROM_FLOAT(X_KIND, LOG == 1 ? g - exp(v) * total : v * (g - total));
  }
}

void main() {
  for (uint row = gl_WorkGroupID.x; row < P.count; row += gl_NumWorkGroups.x) {
    uint idx[MAX_RANK];
    unravel(row, idx);
    if (BACKWARD) {
      backward_row(at(1, idx), at(2, idx), at(3, idx));
    } else {
      forward_row(at(1, idx), at(2, idx));
    }
  }
}
