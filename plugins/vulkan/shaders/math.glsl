// Float functions with the reference's IEEE behaviour at the edges. GLSL leaves log, sqrt and
// pow undefined for some inputs and gives no erf, expm1 or log1p; Vulkan allows sin and cos an
// absolute error of 2^-11. These helpers pin the edge cases down and stay accurate to a few
// ulp, well inside the elementwise bound.

float copy_sign(float magnitude, float sign_of) {
  return uintBitsToFloat((floatBitsToUint(magnitude) & 0x7fffffffu) |
                         (floatBitsToUint(sign_of) & 0x80000000u));
}

bool is_inf(float x) { return (floatBitsToUint(x) & 0x7fffffffu) == 0x7f800000u; }

// IEEE quotient: x/0 is a signed infinity (or NaN for 0/0), whatever the device's divider does.
float ieee_div(float a, float b) {
  if (b == 0.0) {
    if (a == 0.0 || is_nan(a)) return quiet_nan();
    bool negative = (floatBitsToUint(a) ^ floatBitsToUint(b)) >= 0x80000000u;
    return negative ? -infinity() : infinity();
  }
  return a / b;
}

float safe_sqrt(float x) {
  if (x < 0.0) return quiet_nan();
  return sqrt(x);
}

float safe_log(float x) {
  if (x < 0.0) return quiet_nan();
  if (x == 0.0) return -infinity();
  return log(x);
}

// Both branches avoid exp of a large positive number.
float sigmoid(float x) {
  if (x >= 0.0) return 1.0 / (1.0 + exp(-x));
  float e = exp(x);
  return e / (1.0 + e);
}

// Cephes' tanhf: an odd polynomial near 0, 1 - 2/(e^2|x| + 1) beyond, 1 where that rounds to 1.
float tanh_accurate(float x) {
  float a = abs(x);
  float r;
  if (a < 0.625) {
    float z = x * x;
    r = ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z +
          1.33314422036e-1) * z - 3.33332819422e-1) * z * a + a;
  } else if (a < 10.0) {
    r = 1.0 - 2.0 / (exp(2.0 * a) + 1.0);
  } else {
    r = 1.0;
  }
  return copy_sign(r, x);
}

// 1 - tanh(x)^2 = 4t / (1 + t)^2 with t = e^-2|x|: no overflow, no cancellation.
float sech_squared(float x) {
  float t = exp(-2.0 * abs(x));
  return 4.0 * t / ((1.0 + t) * (1.0 + t));
}

// e^x - 1 for x <= 0 (Kahan's correction keeps small |x| accurate).
float expm1_nonpositive(float x) {
  float u = exp(x);
  if (u == 1.0) return x;
  float um1 = u - 1.0;
  if (um1 == -1.0) return -1.0;
  return um1 * x / log(u);
}

// ln(1 + x) for x >= 0, accurate for small x.
float log1p_nonnegative(float x) {
  float u = 1.0 + x;
  if (u == 1.0) return x;
  return log(u) * x / (u - 1.0);
}

// Numerical Recipes' erfcc: fractional error below 1.2e-7 everywhere.
float erfc_accurate(float x) {
  float z = abs(x);
  float t = 1.0 / (1.0 + 0.5 * z);
  float p = -0.82215223 + t * 0.17087277;
  p = 1.48851587 + t * p;
  p = -1.13520398 + t * p;
  p = 0.27886807 + t * p;
  p = -0.18628806 + t * p;
  p = 0.09678418 + t * p;
  p = 0.37409196 + t * p;
  p = 1.00002368 + t * p;
  float r = t * exp(-z * z - 1.26551223 + t * p);
  return x >= 0.0 ? r : 2.0 - r;
}

// a^n for a whole n, |n| <= 64, by repeated squaring: exact where the result fits, and a few
// ulp at worst, where exp2(n log2 a) would amplify log2's error by n.
float pow_integer(float a, float n) {
  uint k = uint(abs(n));
  float result = 1.0, base = a;
  while (k != 0u) {
    if ((k & 1u) != 0u) result *= base;
    base *= base;
    k >>= 1;
  }
  return n < 0.0 ? ieee_div(1.0, result) : result;
}

// C's pow(): the special cases of C99 Annex F, whole exponents by squaring, else
// exp2(b log2 |a|) with the sign an odd integer exponent gives a negative base.
float pow_c(float a, float b) {
  if (b == 0.0 || a == 1.0) return 1.0;
  if (is_nan(a) || is_nan(b)) return quiet_nan();
  float abs_a = abs(a);
  if (is_inf(b)) {
    if (abs_a == 1.0) return 1.0;
    return (abs_a < 1.0) == (b < 0.0) ? infinity() : 0.0;
  }
  bool integral = b == trunc(b);
  bool odd = integral && abs(b) < 16777216.0 && (uint(abs(b)) & 1u) == 1u;
  if (a == 0.0) {
    float r = b < 0.0 ? infinity() : 0.0;
    return odd ? copy_sign(r, a) : r;
  }
  if (is_inf(a)) {
    float r = b < 0.0 ? 0.0 : infinity();
    return (a < 0.0 && odd) ? -r : r;
  }
  if (a < 0.0 && !integral) return quiet_nan();
  if (integral && abs(b) <= 64.0) return pow_integer(a, b);
  float r = exp2(b * log2(abs_a));
  return (a < 0.0 && odd) ? -r : r;
}
