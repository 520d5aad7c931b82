// STRATA_OP_OPTIMIZER: one fused, in-place update step with Keras 3's rules (written out in the
// header next to strata_optimizer_op). Each element is read from every output, updated in
// double, and written back before the next element, so outputs may alias themselves.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "optimizer";
constexpr size_t kMaxOutputs = 3;

// One element's variable and slots, in output order: w, then the sub-code's slots.
using State = double[kMaxOutputs];

const char* sub_op_name(int32_t sub_op) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return "SGD";
    case STRATA_OPTIMIZER_ADAM:
      return "ADAM";
    case STRATA_OPTIMIZER_RMSPROP:
      return "RMSPROP";
    case STRATA_OPTIMIZER_ADAGRAD:
      return "ADAGRAD";
    default:
      return nullptr;
  }
}

// The outputs the header lists, for messages: a velocity only with momentum for SGD, a
// momentum buffer only with momentum for RMSPROP.
const char* output_names(int32_t sub_op, const strata_optimizer_params& p) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return p.momentum != 0 ? "w, velocity" : "w (momentum is 0)";
    case STRATA_OPTIMIZER_ADAM:
      return "w, m, v";
    case STRATA_OPTIMIZER_RMSPROP:
      return p.momentum != 0 ? "w, velocity, momentum buffer" : "w, velocity (momentum is 0)";
    default:
      return "w, accumulator";
  }
}

size_t output_count(int32_t sub_op, const strata_optimizer_params& p) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return p.momentum != 0 ? 2 : 1;
    case STRATA_OPTIMIZER_ADAM:
      return 3;
    case STRATA_OPTIMIZER_RMSPROP:
      return p.momentum != 0 ? 3 : 2;
    default:
      return 2;
  }
}

bool in_range(double v, double lo, double hi) {
  return v >= lo && v <= hi;
}

// The hyperparameters each rule reads, with the ranges that keep it finite and meaningful.
std::string param_problem(int32_t sub_op, const strata_optimizer_params& p) {
  if (!std::isfinite(p.learning_rate)) return fmt::format("learning_rate {}", p.learning_rate);
  const bool eps_ok = std::isfinite(p.epsilon) && p.epsilon >= 0;
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      if (!in_range(p.momentum, 0, 1)) return fmt::format("momentum {} (need 0..1)", p.momentum);
      return "";
    case STRATA_OPTIMIZER_ADAM:
      if (!(in_range(p.beta1, 0, 1) && p.beta1 < 1) || !(in_range(p.beta2, 0, 1) && p.beta2 < 1))
        return fmt::format("beta1 {} and beta2 {} (need 0 <= beta < 1)", p.beta1, p.beta2);
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      if (!(std::isfinite(p.weight_decay) && p.weight_decay >= 0))
        return fmt::format("weight_decay {} (need finite, >= 0)", p.weight_decay);
      if (p.step < 1) return fmt::format("step {} (need >= 1: the first update is step 1)", p.step);
      return "";
    case STRATA_OPTIMIZER_RMSPROP:
      if (!in_range(p.rho, 0, 1)) return fmt::format("rho {} (need 0..1)", p.rho);
      if (!in_range(p.momentum, 0, 1)) return fmt::format("momentum {} (need 0..1)", p.momentum);
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      return "";
    default:
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      return "";
  }
}

strata_error* check_tensors(const strata_op_call& call, const char* name) {
  const strata_tensor& w = *call.outputs[0];
  if (!is_float(w.dtype)) {
    return unsupported("{}: {}: w is {}: optimizers take float dtypes only", kOp, name,
                       shape_text(w));
  }
  const strata_tensor& g = *call.inputs[0];
  if (g.dtype != w.dtype || !same_shape(g, w)) {
    return invalid("{}: {}: gradient is {}, w is {}: need the same dtype and shape", kOp, name,
                   shape_text(g), shape_text(w));
  }
  for (size_t i = 1; i < call.num_outputs; ++i) {
    const strata_tensor& slot = *call.outputs[i];
    if (slot.dtype != w.dtype || !same_shape(slot, w)) {
      return invalid("{}: {}: output {} is {}, w is {}: slots need w's dtype and shape", kOp, name,
                     i, shape_text(slot), shape_text(w));
    }
  }
  return nullptr;
}

void sgd(const strata_optimizer_params& p, double g, State s) {
  if (p.momentum == 0) {
    s[0] -= p.learning_rate * g;
    return;
  }
  s[1] = p.momentum * s[1] - p.learning_rate * g;
  s[0] += p.nesterov ? p.momentum * s[1] - p.learning_rate * g : s[1];
}

// lr_t folds both bias corrections into the step size, as Keras 3 does.
void adam(const strata_optimizer_params& p, double g, State s) {
  if (p.weight_decay != 0) s[0] -= p.learning_rate * p.weight_decay * s[0];
  s[1] += (g - s[1]) * (1 - p.beta1);
  s[2] += (g * g - s[2]) * (1 - p.beta2);
  const double t = static_cast<double>(p.step);
  const double lr_t =
      p.learning_rate * std::sqrt(1 - std::pow(p.beta2, t)) / (1 - std::pow(p.beta1, t));
  s[0] -= lr_t * s[1] / (std::sqrt(s[2]) + p.epsilon);
}

void rmsprop(const strata_optimizer_params& p, double g, State s) {
  s[1] = p.rho * s[1] + (1 - p.rho) * g * g;
  const double increment = p.learning_rate * g / std::sqrt(s[1] + p.epsilon);
  if (p.momentum == 0) {
    s[0] -= increment;
    return;
  }
  s[2] = p.momentum * s[2] + increment;
  s[0] -= s[2];
}

void adagrad(const strata_optimizer_params& p, double g, State s) {
  s[1] += g * g;
  s[0] -= p.learning_rate * g / std::sqrt(s[1] + p.epsilon);
}

void step(int32_t sub_op, const strata_optimizer_params& p, double g, State s) {
  switch (sub_op) {
    case STRATA_OPTIMIZER_SGD:
      return sgd(p, g, s);
    case STRATA_OPTIMIZER_ADAM:
      return adam(p, g, s);
    case STRATA_OPTIMIZER_RMSPROP:
      return rmsprop(p, g, s);
    default:
      return adagrad(p, g, s);
  }
}

}  // namespace

strata_error* op_optimizer(const strata_op_call& call, Phase phase) {
  const char* name = sub_op_name(call.sub_op);
  if (name == nullptr) {
    return unsupported("{}: sub-code {} is not SGD (0), ADAM (1), RMSPROP (2) or ADAGRAD (3)", kOp,
                       call.sub_op);
  }
  if (call.params == nullptr) {
    return invalid("{}: {}: params are NULL; optimizers need strata_optimizer_params", kOp, name);
  }
  const auto params = read_params<strata_optimizer_params>(call.params);
  if (std::string problem = param_problem(call.sub_op, params); !problem.empty()) {
    return invalid("{}: {}: invalid hyperparameter: {}", kOp, name, problem);
  }
  const size_t outputs = output_count(call.sub_op, params);
  if (call.num_outputs != outputs) {
    return invalid("{}: {} takes {} outputs ({}), got {}", kOp, name, outputs,
                   output_names(call.sub_op, params), call.num_outputs);
  }
  if (auto* err = check_call(call, kOp, 1, outputs, phase)) return err;
  if (auto* err = check_tensors(call, name)) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& g = *call.inputs[0];
  for_each_index(g, [&](const int64_t* index) {
    State state = {};
    for (size_t i = 0; i < outputs; ++i) state[i] = load_f(*call.outputs[i], index);
    step(call.sub_op, params, load_f(g, index), state);
    for (size_t i = 0; i < outputs; ++i) store_f(*call.outputs[i], index, state[i]);
  });
  return nullptr;
}

}  // namespace strata_ref
