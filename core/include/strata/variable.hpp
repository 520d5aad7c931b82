// strata/variable.hpp: a mutable tensor with a name: a model's weight, an optimiser's slot, a
// metric's running total.
//
// A Variable owns a contiguous buffer that never moves; assign() and the optimiser's fused
// update (strata/optimizer_step.hpp) overwrite it in place, and every view of value() sees the
// change. A trainable Variable of a float dtype requires a gradient: ops reading value() record
// themselves, and strata::gradients(loss, variables) differentiates with respect to it.
// Variable is a handle: copies refer to the same variable.
//
// Assigning to a variable after a forward pass that read it and before taking gradients makes
// those gradients use the new values (there is no version check); the usual order, forward,
// gradients, update, never does this.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "strata/tensor.hpp"

namespace strata {

class Variable {
 public:
  // An undefined variable (defined() is false).
  Variable() = default;
  // A contiguous copy of `initial_value` (detached from any graph) on its context. Throws
  // ValueError for a trainable variable of an integer dtype.
  explicit Variable(const Tensor& initial_value, std::string name = "variable",
                    bool trainable = true);

  bool defined() const noexcept { return state_ != nullptr; }
  const std::string& name() const;
  bool trainable() const;
  // Turning training off also stops the value requiring a gradient.
  void set_trainable(bool trainable);

  // The current values, as a tensor sharing the variable's buffer.
  const Tensor& value() const;
  operator const Tensor&() const { return value(); }  // NOLINT: a Variable reads as a Tensor
  DType dtype() const { return value().dtype(); }
  const Shape& shape() const { return value().shape(); }

  // Overwrites the values in place. `new_value` must have the variable's shape (ShapeError
  // naming the variable otherwise); another dtype is cast. Never recorded for autodiff.
  void assign(const Tensor& new_value);
  void assign_add(const Tensor& delta);
  void assign_sub(const Tensor& delta);

  friend bool operator==(const Variable& a, const Variable& b) noexcept {
    return a.state_ == b.state_;
  }

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace strata
