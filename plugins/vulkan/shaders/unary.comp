#version 450
// STRATA_OP_UNARY and STRATA_OP_UNARY_BACKWARD for one float kind. The direction is a
// specialization constant; the function (strata_unary_op, ip[0]) is a uniform switch, so one
// pipeline per kind and direction serves all twenty (a uniform branch costs nothing next to the
// memory traffic, and drivers compile 2 pipelines instead of 40).
// Bindings: 1 x, 2 the output (y or dx), 3 dy (backward only). fp[0], fp[1]: alpha and beta.
#include "common.glsl"
#include "dtype.glsl"
#include "math.glsl"

layout(constant_id = 1) const bool BACKWARD = false;
#define FUNCTION P.ip[0]

layout(std430, set = 0, binding = 1) readonly buffer X { TYPE(X_KIND) x[]; };
layout(std430, set = 0, binding = 2) writeonly buffer Y { TYPE(X_KIND) y[]; };
layout(std430, set = 0, binding = 3) readonly buffer DY { TYPE(X_KIND) dy[]; };

const float SELU_ALPHA = 1.6732632423543772848170429916717;
const float SELU_SCALE = 1.0507009873554804934193349852946;
const float SQRT_2_OVER_PI = 0.79788456080286535587989211986876;
const float INV_SQRT_2 = 0.70710678118654752440084436210485;
const float INV_SQRT_2PI = 0.39894228040143267793994605993438;
const float GELU_CUBIC = 0.044715;

float sign_of(float v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : v); }

float gelu_tanh_argument(float v) { return SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v); }

float forward(float v, float alpha, float beta) {
  switch (FUNCTION) {
    case 0: return -v;
    case 1: return abs(v);
    case 2: return sign_of(v);
    case 3: return v * v;
    case 4: return safe_sqrt(v);
    case 5: return ieee_div(1.0, safe_sqrt(v));
    case 6: return ieee_div(1.0, v);
    case 7: return exp(v);
    case 8: return safe_log(v);
    case 9: return tanh_accurate(v);
    case 10: return sigmoid(v);
    case 11: return v > 0.0 ? v : 0.0;
    case 12: return v > 0.0 ? v : alpha * v;
    case 13: return v > 0.0 ? v : alpha * expm1_nonpositive(v);
    case 14: return SELU_SCALE * (v > 0.0 ? v : SELU_ALPHA * expm1_nonpositive(v));
    case 15:
      if (is_inf(v)) return v > 0.0 ? v : 0.0;
      if (beta != 0.0) {
        float u = gelu_tanh_argument(v);
        return is_inf(u) ? (v > 0.0 ? v : 0.0) : v * sigmoid(2.0 * u);
      }
      return 0.5 * v * erfc_accurate(-v * INV_SQRT_2);
    case 16: return is_inf(v) ? (v > 0.0 ? v : 0.0) : v * sigmoid(v);
    case 17: return max(v, 0.0) + log1p_nonnegative(exp(-abs(v)));
    case 18: return is_inf(v) ? copy_sign(1.0, v) : v / (1.0 + abs(v));
    default: return min(max(v, alpha), beta);
  }
}

// f'(v), with the documented value at each kink.
float derivative(float v, float alpha, float beta) {
  switch (FUNCTION) {
    case 0: return -1.0;
    case 1: return sign_of(v);
    case 2: return 0.0;
    case 3: return 2.0 * v;
    case 4: return ieee_div(0.5, safe_sqrt(v));
    case 5: return ieee_div(-0.5, v * safe_sqrt(v));
    case 6: return ieee_div(-1.0, v * v);
    case 7: return exp(v);
    case 8: return ieee_div(1.0, v);
    case 9: return sech_squared(v);
    case 10: return sigmoid(v) * sigmoid(-v);
    case 11: return v > 0.0 ? 1.0 : 0.0;
    case 12: return v > 0.0 ? 1.0 : alpha;
    case 13: return v > 0.0 ? 1.0 : alpha * exp(v);
    case 14: return SELU_SCALE * (v > 0.0 ? 1.0 : SELU_ALPHA * exp(v));
    case 15:
      if (is_inf(v)) return v > 0.0 ? 1.0 : 0.0;
      if (beta != 0.0) {
        float u = gelu_tanh_argument(v);
        if (is_inf(u)) return v > 0.0 ? 1.0 : 0.0;
        float du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * v * v);
        return sigmoid(2.0 * u) + 0.5 * v * sech_squared(u) * du;
      }
      return 0.5 * erfc_accurate(-v * INV_SQRT_2) + v * exp(-0.5 * v * v) * INV_SQRT_2PI;
    case 16:
      if (is_inf(v)) return v > 0.0 ? 1.0 : 0.0;
      return sigmoid(v) + v * sigmoid(v) * sigmoid(-v);
    case 17: return sigmoid(v);
    case 18: return 1.0 / ((1.0 + abs(v)) * (1.0 + abs(v)));
    default: return alpha < v && v < beta ? 1.0 : 0.0;
  }
}

void main() {
  const float alpha = P.fp[0];
  const float beta = P.fp[1];
  FOR_EACH_ITEM(i) {
    uint idx[MAX_RANK];
    unravel(i, idx);
    float v = TO_FLOAT(X_KIND, x[at(1, idx)]);
    float r;
    if (BACKWARD) {
      float slope = is_nan(v) ? quiet_nan() : derivative(v, alpha, beta);
      r = TO_FLOAT(X_KIND, dy[at(3, idx)]) * slope;
    } else {
      r = is_nan(v) ? quiet_nan() : forward(v, alpha, beta);
    }
    y[at(2, idx)] = FROM_FLOAT(X_KIND, r);
  }
}
