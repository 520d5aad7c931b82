// STRATA_OP_OPTIMIZER: one fused, in-place update step (Keras 3 rules) on
// shaders/optimizer.comp. Hyper-parameters are validated and folded on the host (ADAM's
// bias-corrected learning rate is computed once per step, in double).
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "optimizer";

const char* rule_name(int32_t sub) {
  switch (sub) {
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

size_t output_count(int32_t sub, const strata_optimizer_params& p) {
  switch (sub) {
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

const char* output_names(int32_t sub, const strata_optimizer_params& p) {
  switch (sub) {
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

bool in_range(double v, double lo, double hi) {
  return v >= lo && v <= hi;
}

// The hyper-parameters each rule reads, with the ranges that keep it finite and meaningful.
std::string param_problem(int32_t sub, const strata_optimizer_params& p) {
  if (!std::isfinite(p.learning_rate)) return fmt::format("learning_rate {}", p.learning_rate);
  const bool eps_ok = std::isfinite(p.epsilon) && p.epsilon >= 0;
  switch (sub) {
    case STRATA_OPTIMIZER_SGD:
      if (!in_range(p.momentum, 0, 1)) return fmt::format("momentum {} (need 0..1)", p.momentum);
      return "";
    case STRATA_OPTIMIZER_ADAM:
      if (!(in_range(p.beta1, 0, 1) && p.beta1 < 1) || !(in_range(p.beta2, 0, 1) && p.beta2 < 1)) {
        return fmt::format("beta1 {} and beta2 {} (need 0 <= beta < 1)", p.beta1, p.beta2);
      }
      if (!eps_ok) return fmt::format("epsilon {} (need finite, >= 0)", p.epsilon);
      if (!(std::isfinite(p.weight_decay) && p.weight_decay >= 0)) {
        return fmt::format("weight_decay {} (need finite, >= 0)", p.weight_decay);
      }
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

void check_tensors(const OpCall& op, const char* name) {
  const strata_tensor& w = op.out(0);
  if (!is_float(w.dtype)) {
    unsupported("{}: {}: w is {}: optimizers take float dtypes only", kOp, name, shape_text(w));
  }
  const strata_tensor& g = op.in(0);
  if (g.dtype != w.dtype || !same_shape(g, w)) {
    invalid("{}: {}: gradient is {}, w is {}: need the same dtype and shape", kOp, name,
            shape_text(g), shape_text(w));
  }
  for (size_t i = 1; i < op.call.num_outputs; ++i) {
    const strata_tensor& slot = op.out(i);
    if (slot.dtype != w.dtype || !same_shape(slot, w)) {
      invalid("{}: {}: output {} is {}, w is {}: slots need w's dtype and shape", kOp, name, i,
              shape_text(slot), shape_text(w));
    }
  }
  require_dtype(op.features, w.dtype, DtypeUse::kCompute, kOp);
}

void set_params(ShaderParams& s, const strata_optimizer_params& p) {
  s.ip[0] = p.nesterov != 0;
  s.ip[1] = p.momentum != 0;
  s.ip[2] = p.weight_decay != 0;
  s.fp[0] = static_cast<float>(p.learning_rate);
  s.fp[1] = static_cast<float>(p.momentum);
  s.fp[2] = static_cast<float>(1 - p.beta1);
  s.fp[3] = static_cast<float>(1 - p.beta2);
  s.fp[4] = static_cast<float>(p.rho);
  s.fp[5] = static_cast<float>(1 - p.rho);
  s.fp[6] = static_cast<float>(p.epsilon);
  s.fp[7] = static_cast<float>(p.learning_rate * p.weight_decay);
  if (p.step >= 1) {
    const double t = static_cast<double>(p.step);
    s.fp[8] = static_cast<float>(p.learning_rate * std::sqrt(1 - std::pow(p.beta2, t)) /
                                 (1 - std::pow(p.beta1, t)));
  }
}

}  // namespace

void op_optimizer(const OpCall& op) {
  const int32_t sub = op.call.sub_op;
  const char* name = rule_name(sub);
  if (name == nullptr) {
    unsupported("{}: sub-code {} is not SGD (0), ADAM (1), RMSPROP (2) or ADAGRAD (3)", kOp, sub);
  }
  if (op.call.params == nullptr) {
    invalid("{}: {}: params are NULL; optimizers need strata_optimizer_params", kOp, name);
  }
  const auto p = read_params<strata_optimizer_params>(op.call.params);
  if (std::string problem = param_problem(sub, p); !problem.empty()) {
    invalid("{}: {}: invalid hyperparameter: {}", kOp, name, problem);
  }
  const size_t outputs = output_count(sub, p);
  if (op.call.num_outputs != outputs) {
    invalid("{}: {} takes {} outputs ({}), got {}", kOp, name, outputs, output_names(sub, p),
            op.call.num_outputs);
  }
  check_op(op, kOp, 1, outputs);
  check_tensors(op, name);
  if (!op.running()) return;

  const strata_tensor& g = op.in(0);
  Launch launch(*op.instance, fmt::format("optimizer_{}", kind_token(g.dtype)), 256);
  set_params(launch.params(), p);
  launch.params().ip[3] = sub;
  switch (outputs) {
    case 1:
      run_elementwise(launch, {{1, &g, false}, {2, &op.out(0), true}});
      break;
    case 2:
      run_elementwise(launch, {{1, &g, false}, {2, &op.out(0), true}, {3, &op.out(1), true}});
      break;
    default:
      run_elementwise(
          launch,
          {{1, &g, false}, {2, &op.out(0), true}, {3, &op.out(1), true}, {4, &op.out(2), true}});
  }
}

}  // namespace strata_vk
