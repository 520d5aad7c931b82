// STRATA_OP_OPTIMIZER: one fused, in-place update step with Keras 3's rules (written out in the
// header next to strata_optimizer_op). Each element is read from every output, updated in
// double, and written back before the next element, so outputs may alias themselves.
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "optimizer";
constexpr size_t kMaxOutputs = 3;

// One element's variable and slots, in output order: w, then the sub-code's slots.
using State = double[kMaxOutputs];

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
  strata::kit::OptimizerCall checked{};
  if (auto* err = make_error(strata::kit::read_optimizer_call(call, checked))) return err;
  const strata_optimizer_params& params = checked.params;
  const size_t outputs = checked.num_outputs;
  if (auto* err = check_call(call, kOp, 1, outputs, phase)) return err;
  if (auto* err = make_error(strata::kit::check_optimizer_tensors(call, checked.name))) return err;
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
