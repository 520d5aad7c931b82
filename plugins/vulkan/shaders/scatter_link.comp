#version 450
// STRATA_OP_SCATTER_ADD, pass 1: chains every index position into a list per table row
// (heads[row] -> position -> next[position] -> ... -> ~0u), so pass 2 can sum each row's
// updates without atomics on the values. The iteration space is the index tensor's shape.
#include "common.glsl"
#include "dtype.glsl"
#include "index.glsl"

layout(std430, set = 0, binding = 3) buffer Heads { uint heads[]; };
layout(std430, set = 0, binding = 4) writeonly buffer Next { uint next[]; };

void main() {
  FOR_EACH_ITEM(s) {
    uint row = checked_row(at_linear(2, s), s);
    if (row != ~0u) next[s] = atomicExchange(heads[row], s);
  }
}
