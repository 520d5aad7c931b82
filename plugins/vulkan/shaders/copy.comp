#version 450
// STRATA_OP_COPY (and buffer-to-buffer moves through views): y = x bit for bit, any strides.
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { TYPE(X_KIND) y[]; };

void main() {
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    y[at(2, idx)] = x[at(1, idx)];
  }
}
