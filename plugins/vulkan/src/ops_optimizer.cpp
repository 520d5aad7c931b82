// STRATA_OP_OPTIMIZER: one fused, in-place update step (Keras 3 rules) on
// shaders/optimizer.comp. Hyper-parameters are validated and folded on the host (ADAM's
// bias-corrected learning rate is computed once per step, in double).
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "dtypes.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "optimizer";

void check_tensors(const OpCall& op, const char* name) {
  throw_if_failed(strata::kit::check_optimizer_tensors(op.call, name));
  require_dtype(op.features, op.out(0).dtype, DtypeUse::kCompute, kOp);
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
  strata::kit::OptimizerCall checked{};
  throw_if_failed(strata::kit::read_optimizer_call(op.call, checked));
  const strata_optimizer_params& p = checked.params;
  const size_t outputs = checked.num_outputs;
  check_op(op, kOp, 1, outputs);
  check_tensors(op, checked.name);
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
