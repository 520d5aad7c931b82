#version 450
// STRATA_OP_GATHER: out[s..., t...] = table[indices[s...], t...]. The iteration space is out's
// shape; binding strides are 0 along the axes a tensor does not vary on (the table along S,
// the indices along the trailing axes). ip[0]: the table's row stride; ip[1]: its rows;
// ip[3]: elements per row (to turn an item into its index position).
#include "common.glsl"
#include "dtype.glsl"
#include "index.glsl"

layout(std430, set = 0, binding = 1) readonly buffer Table { TYPE(X_KIND) table[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Y { TYPE(X_KIND) y[]; };

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    uint row = checked_row(at(2, idx), i / uint(P.ip[3]));
    if (row != ~0u) y[at(3, idx)] = table[at(1, idx) + row * uint(P.ip[0])];
  }
}
