#version 450
// STRATA_OP_OPTIMIZER: one fused in-place step (Keras 3 rules, see backend.h), elementwise.
// Each element reads g and every slot, updates in binary32 and writes back, so outputs may
// alias only themselves. Bindings: 1 g, 2 w, 3 first slot, 4 second slot.
// ip: 0 nesterov, 1 momentum != 0, 2 weight_decay != 0, 3 strata_optimizer_op.
// fp: 0 lr, 1 momentum, 2 1 - beta1, 3 1 - beta2, 4 rho, 5 1 - rho, 6 epsilon,
//     7 lr * weight_decay, 8 ADAM's bias-corrected lr_t.
#include "common.glsl"
#include "dtype.glsl"
#include "math.glsl"

#define RULE P.ip[3]
const int SGD = 0, ADAM = 1, RMSPROP = 2;

layout(std430, set = 0, binding = 1) readonly buffer G { TYPE(X_KIND) g_in[]; };
layout(std430, set = 0, binding = 2) buffer W { TYPE(X_KIND) w_io[]; };
layout(std430, set = 0, binding = 3) buffer S1 { TYPE(X_KIND) s1_io[]; };
layout(std430, set = 0, binding = 4) buffer S2 { TYPE(X_KIND) s2_io[]; };

void main() {
  const bool nesterov = P.ip[0] != 0, momentum = P.ip[1] != 0, decay = P.ip[2] != 0;
  const float lr = P.fp[0], m = P.fp[1], eps = P.fp[6];
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    const uint eg = at(1, idx), ew = at(2, idx), e1 = at(3, idx), e2 = at(4, idx);
    const float g = TO_FLOAT(X_KIND, g_in[eg]);
    float w = TO_FLOAT(X_KIND, w_io[ew]);
    if (RULE == SGD) {
      if (!momentum) {
        w -= lr * g;
      } else {
        float v = m * TO_FLOAT(X_KIND, s1_io[e1]) - lr * g;
        w += nesterov ? m * v - lr * g : v;
        s1_io[e1] = FROM_FLOAT(X_KIND, v);
      }
    } else if (RULE == ADAM) {
      if (decay) w -= P.fp[7] * w;
      float mean = TO_FLOAT(X_KIND, s1_io[e1]), var = TO_FLOAT(X_KIND, s2_io[e2]);
      mean += (g - mean) * P.fp[2];
      var += (g * g - var) * P.fp[3];
      w -= ieee_div(P.fp[8] * mean, safe_sqrt(var) + eps);
      s1_io[e1] = FROM_FLOAT(X_KIND, mean);
      s2_io[e2] = FROM_FLOAT(X_KIND, var);
    } else if (RULE == RMSPROP) {
      float v = P.fp[4] * TO_FLOAT(X_KIND, s1_io[e1]) + P.fp[5] * g * g;
      float increment = ieee_div(lr * g, safe_sqrt(v + eps));
      s1_io[e1] = FROM_FLOAT(X_KIND, v);
      if (momentum) {
        float mom = m * TO_FLOAT(X_KIND, s2_io[e2]) + increment;
        s2_io[e2] = FROM_FLOAT(X_KIND, mom);
        w -= mom;
      } else {
        w -= increment;
      }
    } else {  // ADAGRAD
      float acc = TO_FLOAT(X_KIND, s1_io[e1]) + g * g;
      s1_io[e1] = FROM_FLOAT(X_KIND, acc);
      w -= ieee_div(lr * g, safe_sqrt(acc + eps));
    }
    w_io[ew] = FROM_FLOAT(X_KIND, w);
  }
}
