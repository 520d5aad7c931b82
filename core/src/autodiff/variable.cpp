#include "strata/variable.hpp"

#include <fmt/format.h>

#include "../ops/kernels.hpp"
#include "strata/autodiff.hpp"
#include "strata/ops.hpp"

namespace strata {

struct Variable::State {
  std::string name;
  bool trainable;
  Tensor value;
};

namespace {

void check_trainable(const std::string& name, DType dtype, bool trainable) {
  if (!trainable || is_floating(dtype)) return;
  throw ValueError(
      fmt::format("Variable '{}': {} variables cannot be trainable (they have no "
                  "gradient); pass trainable = false",
                  name, dtype_name(dtype)));
}

}  // namespace

Variable::Variable(const Tensor& initial_value, std::string name, bool trainable) {
  if (!initial_value.defined()) {
    throw ValueError(fmt::format("Variable '{}': the initial value is an undefined tensor", name));
  }
  check_trainable(name, initial_value.dtype(), trainable);
  NoGradGuard no_grad;
  // A fresh buffer of the variable's own: assignments must not reach the caller's tensor.
  Tensor value = ops::copy(initial_value);
  value.set_requires_grad(trainable);
  state_ = std::make_shared<State>(State{std::move(name), trainable, std::move(value)});
}

const std::string& Variable::name() const {
  return state_->name;
}

bool Variable::trainable() const {
  return state_->trainable;
}

void Variable::set_trainable(bool trainable) {
  check_trainable(state_->name, dtype(), trainable);
  state_->trainable = trainable;
  state_->value.set_requires_grad(trainable);
}

const Tensor& Variable::value() const {
  if (!state_) throw ValueError("Variable: this variable is undefined");
  return state_->value;
}

void Variable::assign(const Tensor& new_value) {
  const Tensor& target = value();
  if (!new_value.defined()) {
    throw ValueError(fmt::format("assign: the value for variable '{}' is undefined", name()));
  }
  if (new_value.shape() != target.shape()) {
    throw ShapeError(fmt::format("assign: variable '{}' has shape {}, the value has {}", name(),
                                 target.shape().to_string(), new_value.shape().to_string()));
  }
  if (!(new_value.context() == target.context())) {
    throw ValueError(
        fmt::format("assign: the value for variable '{}' lives on another context "
                    "({}, the variable on {}); move it with Tensor::to",
                    name(), new_value.context().backend_name(), target.context().backend_name()));
  }
  NoGradGuard no_grad;
  Tensor source = ops::cast(new_value, target.dtype());
  // COPY's output may not alias its input.
  if (source.shares_storage_with(target)) source = ops::copy(source);
  kernels::copy_into(source, target);
}

void Variable::assign_add(const Tensor& delta) {
  NoGradGuard no_grad;
  assign(value() + ops::cast(delta, dtype()));
}

void Variable::assign_sub(const Tensor& delta) {
  NoGradGuard no_grad;
  assign(value() - ops::cast(delta, dtype()));
}

}  // namespace strata
