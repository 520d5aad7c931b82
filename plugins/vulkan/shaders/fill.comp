#version 450
// STRATA_OP_FILL: every element of y gets the same bit pattern, which the host converted from
// the double value with the dtype's own rules (so any dtype, f64 included, is a raw store).
// ip[0], ip[1]: the pattern's low and high 32-bit words.
#include "common.glsl"
#include "dtype.glsl"

layout(std430, set = 0, binding = 1) writeonly buffer Y { TYPE(Y_KIND) y[]; };

void main() {
  FOR_EACH_ITEM(i) { y[at_linear(1, i)] = FROM_WORDS(Y_KIND, uint(P.ip[0]), uint(P.ip[1])); }
}
