#version 450
// STRATA_OP_SCATTER_ADD, pass 2: one item per table element [row, t...]: sums the updates of
// every index position chained to its row (pass 1) and adds the sum to the element once.
// Floats sum in binary32; integers exactly (wide_int.glsl), saturating on the store.
// The iteration space is the table's shape; the second space is the index tensor's shape, along
// which the updates (binding 1) have strides2.
#include "common.glsl"
#include "dtype.glsl"
#ifdef X_IS_FLOAT
#define ACC float
#define ACC_ZERO 0.0
#define ACC_ADD(acc, e) acc += TO_FLOAT(X_KIND, updates[e])
#define ACC_STORE(e, acc) table[e] = FROM_FLOAT(X_KIND, TO_FLOAT(X_KIND, table[e]) + acc)
#else
#include "wide_int.glsl"
#define ACC Wide
#define ACC_ZERO Wide(0l, 0ul)
#define ACC_ADD(acc, e) acc = wide_add(acc, wide_from(TO_I64(X_KIND, updates[e])))
#define ACC_STORE(e, acc) \
  table[e] = FROM_I64(X_KIND, wide_saturate(wide_add(acc, wide_from(TO_I64(X_KIND, table[e])))))
#endif

layout(std430, set = 0, binding = 1) readonly buffer Updates { TYPE(X_KIND) updates[]; };
layout(std430, set = 0, binding = 3) readonly buffer Heads { uint heads[]; };
layout(std430, set = 0, binding = 4) readonly buffer Next { uint next[]; };
layout(std430, set = 0, binding = 5) buffer Table { TYPE(X_KIND) table[]; };

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    uint s = heads[idx[0]];
    if (s == ~0u) continue;
    uint base = at(1, idx);
    ACC acc = ACC_ZERO;
    for (; s != ~0u; s = next[s]) ACC_ADD(acc, base + at2(1, s));
    ACC_STORE(at(5, idx), acc);
  }
}
