#version 450
// STRATA_OP_WHERE: out = cond ? a : b, the chosen element copied bit for bit.
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer Cond { uint8_t cond[]; };
layout(std430, set = 0, binding = 2) readonly buffer A { TYPE(X_KIND) a[]; };
layout(std430, set = 0, binding = 3) readonly buffer B { TYPE(X_KIND) b[]; };
layout(std430, set = 0, binding = 4) writeonly buffer Y { TYPE(X_KIND) y[]; };

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    // Two stores, not a select: selecting 8- or 16-bit values needs shaderInt8/shaderInt16.
    if (uint(cond[at(1, idx)]) != 0u) {
      y[at(4, idx)] = a[at(2, idx)];
    } else {
      y[at(4, idx)] = b[at(3, idx)];
    }
  }
}
