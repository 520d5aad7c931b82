// The fused optimiser step: one STRATA_OP_OPTIMIZER call updating a variable and its slots.
#include "strata/optimizer_step.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "op_support.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using namespace ops_detail;

const char* kind_name(strata_optimizer_op kind) {
  switch (kind) {
    case STRATA_OPTIMIZER_SGD:
      return "sgd";
    case STRATA_OPTIMIZER_ADAM:
      return "adam";
    case STRATA_OPTIMIZER_RMSPROP:
      return "rmsprop";
    case STRATA_OPTIMIZER_ADAGRAD:
      return "adagrad";
  }
  return "optimizer";
}

void require_in(const char* name, const char* what, double value, double lo, double hi,
                bool hi_open) {
  const bool ok = value >= lo && (hi_open ? value < hi : value <= hi);
  if (ok) return;
  throw ValueError(fmt::format("{}: {} is {}; it must lie in [{}, {}{}", name, what, value, lo, hi,
                               hi_open ? ")" : "]"));
}

void check_hyperparameters(const OptimizerStep& s) {
  const char* name = kind_name(s.kind);
  constexpr double kInf = INFINITY;
  if (!std::isfinite(s.learning_rate)) {
    throw ValueError(fmt::format("{}: learning_rate {} is not finite", name, s.learning_rate));
  }
  require_in(name, "momentum", s.momentum, 0, 1, false);
  require_in(name, "rho", s.rho, 0, 1, false);
  require_in(name, "beta1", s.beta1, 0, 1, true);
  require_in(name, "beta2", s.beta2, 0, 1, true);
  require_in(name, "epsilon", s.epsilon, 0, kInf, true);
  require_in(name, "weight_decay", s.weight_decay, 0, kInf, true);
  if (s.kind == STRATA_OPTIMIZER_ADAM && s.step < 1) {
    throw ValueError(fmt::format("adam: step is {}; it counts updates from 1", s.step));
  }
}

void check_slot(const char* name, const Variable& variable, const Variable& slot, size_t i) {
  if (!slot.defined()) {
    throw ValueError(
        fmt::format("{}: slot {} of variable '{}' is undefined", name, i, variable.name()));
  }
  if (slot.shape() != variable.shape() || slot.dtype() != variable.dtype()) {
    throw ShapeError(fmt::format("{}: slot {} ('{}') is {} {}, but variable '{}' is {} {}", name, i,
                                 slot.name(), dtype_name(slot.dtype()), slot.shape().to_string(),
                                 variable.name(), dtype_name(variable.dtype()),
                                 variable.shape().to_string()));
  }
}

}  // namespace

int optimizer_slot_count(const OptimizerStep& step) {
  switch (step.kind) {
    case STRATA_OPTIMIZER_SGD:
      return step.momentum != 0 ? 1 : 0;
    case STRATA_OPTIMIZER_ADAM:
      return 2;
    case STRATA_OPTIMIZER_RMSPROP:
      return step.momentum != 0 ? 2 : 1;
    case STRATA_OPTIMIZER_ADAGRAD:
      return 1;
  }
  throw ValueError(fmt::format("optimizer: kind {} is not an optimiser of ABI 1.0",
                               static_cast<int>(step.kind)));
}

void apply_optimizer_step(const OptimizerStep& step, const Variable& variable,
                          const Tensor& gradient, std::span<const Variable> slots) {
  const char* name = kind_name(step.kind);
  if (!variable.defined()) throw ValueError(fmt::format("{}: the variable is undefined", name));
  const size_t needed = static_cast<size_t>(optimizer_slot_count(step));
  if (slots.size() != needed) {
    throw ValueError(fmt::format("{}: variable '{}' comes with {} slots; this step needs {}", name,
                                 variable.name(), slots.size(), needed));
  }
  check_hyperparameters(step);
  const Tensor& w = variable.value();
  ContextState& context = common_context(name, {&w, &gradient});
  require_float(name, "the variable", w);
  if (gradient.shape() != w.shape()) {
    throw ShapeError(fmt::format("{}: the gradient is {}, but variable '{}' is {}", name,
                                 gradient.shape().to_string(), variable.name(),
                                 w.shape().to_string()));
  }
  std::vector<Operand> outputs{operand(w)};
  for (size_t i = 0; i < slots.size(); ++i) {
    check_slot(name, variable, slots[i], i);
    common_context(name, {&w, &slots[i].value()});
    for (size_t j = 0; j <= i; ++j) {
      const Tensor& other = j == 0 ? w : slots[j - 1].value();
      if (slots[i].value().shares_storage_with(other)) {
        throw ValueError(fmt::format(
            "{}: slot {} ('{}') shares its buffer with {}; every slot "
            "needs its own variable",
            name, i, slots[i].name(), j == 0 ? "the variable" : fmt::format("slot {}", j - 1)));
      }
    }
    outputs.push_back(operand(slots[i].value()));
  }
  const Tensor g = gradient.dtype() == w.dtype() ? gradient : ops::cast(gradient, w.dtype());
  const strata_optimizer_params params{
      sizeof params, step.learning_rate, step.momentum, step.nesterov,     0,        step.beta1,
      step.beta2,    step.rho,           step.epsilon,  step.weight_decay, step.step};
  const Operand input = operand(g);
  detail::run(context, detail::OpCall{.name = name,
                                      .op = STRATA_OP_OPTIMIZER,
                                      .params = &params,
                                      .sub_op = step.kind,
                                      .inputs = std::span(&input, 1),
                                      .outputs = outputs});
}

}  // namespace strata
