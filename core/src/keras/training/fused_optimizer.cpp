#include "fused_optimizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gradient_clipping.hpp"
#include "step_snapshot.hpp"
#include "strata/autodiff.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {
namespace {

// Keras 3's slot names, in the order the ABI takes the slots.
std::vector<std::string_view> slot_names(const OptimizerStep& step) {
  switch (step.kind) {
    case STRATA_OPTIMIZER_SGD:
      if (step.momentum != 0) return {"momentum"};
      return {};
    case STRATA_OPTIMIZER_ADAM:
      return {"momentum", "velocity"};
    case STRATA_OPTIMIZER_RMSPROP:
      if (step.momentum != 0) return {"velocity", "momentum"};
      return {"velocity"};
    case STRATA_OPTIMIZER_ADAGRAD:
      return {"accumulator"};
  }
  return {};
}

void require_range(std::string_view optimizer, const char* what, double value, double lo, double hi,
                   bool hi_open) {
  if (value >= lo && (hi_open ? value < hi : value <= hi)) return;
  throw ValueError(fmt::format("{}: {} is {}; it must lie in [{}, {}{}", optimizer, what, value, lo,
                               hi, hi_open ? ")" : "]"));
}

void require_finite_learning_rate(std::string_view optimizer, double learning_rate) {
  if (std::isfinite(learning_rate)) return;
  throw ValueError(
      fmt::format("{}: learning_rate {} is not a finite number", optimizer, learning_rate));
}

void validate(const OptimizerSpec& spec) {
  const std::string_view name = spec.class_name;
  const OptimizerStep& s = spec.step;
  require_finite_learning_rate(name, s.learning_rate);
  require_range(name, "momentum", s.momentum, 0, 1, false);
  require_range(name, "rho", s.rho, 0, 1, false);
  require_range(name, "beta_1", s.beta1, 0, 1, true);
  require_range(name, "beta_2", s.beta2, 0, 1, true);
  require_range(name, "epsilon", s.epsilon, 0, INFINITY, true);
  require_range(name, "weight_decay", s.weight_decay, 0, INFINITY, true);
  require_range(name, "initial_accumulator_value", spec.initial_accumulator_value, 0, INFINITY,
                true);
  validate_clip_options(name, spec.clip);
}

boost::json::value optional_json(const std::optional<double>& value) {
  if (value) return *value;
  return nullptr;
}

const void* key_of(const Variable& variable) {
  return variable.value().impl().get();
}

}  // namespace

FusedOptimizer::FusedOptimizer(OptimizerSpec spec)
    : spec_(std::move(spec)), learning_rate_(spec_.step.learning_rate) {
  validate(spec_);
}

void FusedOptimizer::set_learning_rate(double learning_rate) {
  require_finite_learning_rate(spec_.class_name, learning_rate);
  learning_rate_ = learning_rate;
}

void FusedOptimizer::set_iterations(int64_t iterations) {
  if (iterations < 0) {
    throw ValueError(fmt::format("{}: iterations {} is negative", spec_.class_name, iterations));
  }
  iterations_ = iterations;
}

const std::vector<Variable>& FusedOptimizer::slots_of(const Variable& variable) {
  if (!variable.defined()) {
    throw ValueError(fmt::format("{}: a variable to update is undefined", spec_.class_name));
  }
  const auto [it, inserted] = index_.try_emplace(key_of(variable), slots_.size());
  if (!inserted) return slots_[it->second].slots;
  // Keras names a slot after its variable's path: "dense/kernel" -> "dense_kernel_momentum".
  std::string prefix = variable.name();
  std::replace(prefix.begin(), prefix.end(), '/', '_');
  Slots entry{variable, {}};
  for (const std::string_view slot : slot_names(spec_.step)) {
    const double initial = slot == "accumulator" ? spec_.initial_accumulator_value : 0.0;
    entry.slots.emplace_back(ops::full_like(variable.value(), initial),
                             fmt::format("{}_{}", prefix, slot), /*trainable=*/false);
  }
  slots_.push_back(std::move(entry));
  return slots_.back().slots;
}

void FusedOptimizer::build(std::span<const Variable> variables) {
  NoGradGuard no_grad;
  for (const Variable& variable : variables) slots_of(variable);
}

void FusedOptimizer::apply(std::span<const Tensor> gradients, std::span<const Variable> variables) {
  if (gradients.size() != variables.size()) {
    throw ValueError(
        fmt::format("{}.apply: {} gradients for {} variables; pass one gradient per "
                    "variable (an undefined Tensor where there is none)",
                    spec_.class_name, gradients.size(), variables.size()));
  }
  NoGradGuard no_grad;
  const std::vector<Tensor> clipped = clip_gradients(gradients, spec_.clip);
  OptimizerStep step = spec_.step;
  step.learning_rate = learning_rate_;
  step.step = iterations_ + 1;
  // All or nothing: a backend failing part-way leaves every variable and slot as it was.
  std::vector<Variable> touched;
  for (size_t i = 0; i < variables.size(); ++i) {
    if (!clipped[i].defined()) continue;
    touched.push_back(variables[i]);
    const std::vector<Variable>& slots = slots_of(variables[i]);
    touched.insert(touched.end(), slots.begin(), slots.end());
  }
  StepSnapshot snapshot(touched);
  try {
    for (size_t i = 0; i < variables.size(); ++i) {
      if (!clipped[i].defined()) continue;
      apply_optimizer_step(step, variables[i], clipped[i], slots_of(variables[i]));
    }
  } catch (const std::exception& failure) {
    snapshot.roll_back(failure);
    throw;
  }
  ++iterations_;
}

std::vector<Variable> FusedOptimizer::variables() const {
  std::vector<Variable> out;
  for (const Slots& entry : slots_) out.insert(out.end(), entry.slots.begin(), entry.slots.end());
  return out;
}

boost::json::object FusedOptimizer::get_config() const {
  boost::json::object config{
      {"name", spec_.name},
      {"learning_rate", learning_rate_},
      {"weight_decay", spec_.step.weight_decay != 0 ? boost::json::value(spec_.step.weight_decay)
                                                    : boost::json::value(nullptr)},
      {"clipnorm", optional_json(spec_.clip.clipnorm)},
      {"global_clipnorm", optional_json(spec_.clip.global_clipnorm)},
      {"clipvalue", optional_json(spec_.clip.clipvalue)},
  };
  for (const auto& entry : spec_.rule_config) config.insert_or_assign(entry.key(), entry.value());
  return config;
}

}  // namespace strata::training_detail
