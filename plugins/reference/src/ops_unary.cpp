// STRATA_OP_UNARY and STRATA_OP_UNARY_BACKWARD: one table row per strata_unary_op holds the
// function and its derivative side by side, so forward and backward cannot drift apart.
// Everything is computed in double and rounded once on store.
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>

#include "elementwise.hpp"
#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kGeluTanhCubic = 0.044715;

// -1, 0 or 1 (a zero keeps its sign bit). Also |x|' with the documented 0 at the kink.
double sign(double x) {
  if (x > 0) return 1;
  if (x < 0) return -1;
  return x;
}

// Both branches avoid exp of a large positive number, so no overflow for any |x|.
double sigmoid(double x) {
  if (x >= 0) return 1 / (1 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1 + e);
}

// 1 - tanh(x)^2 without the cancellation near |tanh x| = 1.
double sech_squared(double x) {
  const double c = std::cosh(x);
  return 1 / (c * c);
}

double gelu_tanh_argument(double x) {
  return std::sqrt(2 / std::numbers::pi) * (x + kGeluTanhCubic * x * x * x);
}

// x * Phi(x); erfc keeps the left tail accurate where 1 + erf would cancel.
double gelu_exact(double x) {
  if (std::isinf(x)) return x > 0 ? x : 0.0;  // x * Phi(x) would be inf * 0
  return 0.5 * x * std::erfc(-x / std::numbers::sqrt2);
}

double gelu_exact_derivative(double x) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  const double density = std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi);
  return 0.5 * std::erfc(-x / std::numbers::sqrt2) + x * density;
}

// 0.5 x (1 + tanh u) = x * sigmoid(2u), the stable form of the same value.
double gelu_tanh(double x) {
  const double u = gelu_tanh_argument(x);
  if (std::isinf(u)) return x > 0 ? x : 0.0;  // the cube overflowed: the function is a step
  return x * sigmoid(2 * u);
}

double gelu_tanh_derivative(double x) {
  const double u = gelu_tanh_argument(x);
  if (std::isinf(u)) return x > 0 ? 1.0 : 0.0;
  const double du = std::sqrt(2 / std::numbers::pi) * (1 + 3 * kGeluTanhCubic * x * x);
  return sigmoid(2 * u) + 0.5 * x * sech_squared(u) * du;
}

double silu(double x) {
  if (std::isinf(x)) return x > 0 ? x : 0.0;
  return x * sigmoid(x);
}

double silu_derivative(double x) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return sigmoid(x) + x * sigmoid(x) * sigmoid(-x);
}

struct UnaryFunction {
  std::string_view name;
  double (*value)(double x, double alpha, double beta);
  // f'(x); at a kink, the value each sub-code documents in backend.h.
  double (*derivative)(double x, double alpha, double beta);
};

// Indexed by strata_unary_op.
constexpr UnaryFunction kFunctions[] = {
    {"neg", [](double x, double, double) { return -x; },
     [](double, double, double) { return -1.0; }},
    {"abs", [](double x, double, double) { return std::fabs(x); },
     [](double x, double, double) { return sign(x); }},
    {"sign", [](double x, double, double) { return sign(x); },
     [](double, double, double) { return 0.0; }},
    {"square", [](double x, double, double) { return x * x; },
     [](double x, double, double) { return 2 * x; }},
    {"sqrt", [](double x, double, double) { return std::sqrt(x); },
     [](double x, double, double) { return 0.5 / std::sqrt(x); }},
    {"rsqrt", [](double x, double, double) { return 1 / std::sqrt(x); },
     [](double x, double, double) { return -0.5 / (x * std::sqrt(x)); }},
    {"reciprocal", [](double x, double, double) { return 1 / x; },
     [](double x, double, double) { return -1 / (x * x); }},
    {"exp", [](double x, double, double) { return std::exp(x); },
     [](double x, double, double) { return std::exp(x); }},
    {"log", [](double x, double, double) { return std::log(x); },
     [](double x, double, double) { return 1 / x; }},
    {"tanh", [](double x, double, double) { return std::tanh(x); },
     [](double x, double, double) { return sech_squared(x); }},
    {"sigmoid", [](double x, double, double) { return sigmoid(x); },
     [](double x, double, double) { return sigmoid(x) * sigmoid(-x); }},
    {"relu", [](double x, double, double) { return x > 0 ? x : 0.0; },
     [](double x, double, double) { return x > 0 ? 1.0 : 0.0; }},
    {"leaky_relu", [](double x, double alpha, double) { return x > 0 ? x : alpha * x; },
     [](double x, double alpha, double) { return x > 0 ? 1.0 : alpha; }},
    {"elu", [](double x, double alpha, double) { return x > 0 ? x : alpha * std::expm1(x); },
     [](double x, double alpha, double) { return x > 0 ? 1.0 : alpha * std::exp(x); }},
    {"selu",
     [](double x, double, double) { return kSeluScale * (x > 0 ? x : kSeluAlpha * std::expm1(x)); },
     [](double x, double, double) {
       return kSeluScale * (x > 0 ? 1.0 : kSeluAlpha * std::exp(x));
     }},
    {"gelu", [](double x, double, double beta) { return beta != 0 ? gelu_tanh(x) : gelu_exact(x); },
     [](double x, double, double beta) {
       return beta != 0 ? gelu_tanh_derivative(x) : gelu_exact_derivative(x);
     }},
    {"silu", [](double x, double, double) { return silu(x); },
     [](double x, double, double) { return silu_derivative(x); }},
    {"softplus",
     [](double x, double, double) {
       return std::fmax(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
     },
     [](double x, double, double) { return sigmoid(x); }},
    {"softsign",
     [](double x, double, double) {
       return std::isinf(x) ? std::copysign(1.0, x) : x / (1 + std::fabs(x));
     },
     [](double x, double, double) { return 1 / ((1 + std::fabs(x)) * (1 + std::fabs(x))); }},
    {"clip", [](double x, double alpha, double beta) { return std::min(std::max(x, alpha), beta); },
     [](double x, double alpha, double beta) { return alpha < x && x < beta ? 1.0 : 0.0; }},
};

constexpr int kNumFunctions = sizeof kFunctions / sizeof kFunctions[0];
static_assert(kNumFunctions == STRATA_UNARY_CLIP + 1, "one row per strata_unary_op");

// The table row for the call's sub-code, or an UNSUPPORTED error naming it.
strata_error* find_function(std::string_view family, int32_t sub_op, const UnaryFunction** fn) {
  if (sub_op < 0 || sub_op >= kNumFunctions) {
    return unsupported("{}: unknown sub-code {} (ABI 1.0 has 0..{})", family, sub_op,
                       kNumFunctions - 1);
  }
  *fn = &kFunctions[sub_op];
  return nullptr;
}

// A NaN input gives a NaN result in both directions, including the functions whose
// comparisons would otherwise map it to a constant (relu, clip, a derivative of 0 or 1).
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

strata_error* op_unary(const strata_op_call& call, Phase phase) {
  const UnaryFunction* f = nullptr;
  if (auto* err = find_function("unary", call.sub_op, &f)) return err;
  const std::string op = fmt::format("unary {}", f->name);
  if (auto* err = check_call(call, op, 1, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_unary(op, call, {"x", "out"}))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const auto params = read_params<strata_unary_params>(call.params);
  const strata_tensor& x = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];
  for_each_index(out, [&](const int64_t* index) {
    const double v = load_f(x, index);
    store_f(out, index, std::isnan(v) ? kNaN : f->value(v, params.alpha, params.beta));
  });
  return nullptr;
}

strata_error* op_unary_backward(const strata_op_call& call, Phase phase) {
  const UnaryFunction* f = nullptr;
  if (auto* err = find_function("unary_backward", call.sub_op, &f)) return err;
  const std::string op = fmt::format("unary_backward {}", f->name);
  if (auto* err = check_call(call, op, 2, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_unary(op, call, {"dy", "x", "dx"}))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const auto params = read_params<strata_unary_params>(call.params);
  const strata_tensor& dy = *call.inputs[0];
  const strata_tensor& x = *call.inputs[1];
  const strata_tensor& dx = *call.outputs[0];
  for_each_index(dx, [&](const int64_t* index) {
    const double v = load_f(x, index);
    const double slope = std::isnan(v) ? kNaN : f->derivative(v, params.alpha, params.beta);
    store_f(dx, index, load_f(dy, index) * slope);
  });
  return nullptr;
}

}  // namespace strata_ref
