// Makes an optimiser step all-or-nothing: the fused update overwrites variables one by one, so
// a backend failing part-way through a step would leave some updated and some not.
#pragma once

#include <exception>
#include <span>
#include <vector>

#include "strata/tensor.hpp"
#include "strata/variable.hpp"

namespace strata::training_detail {

// Copies of the variables a step will overwrite (weights and optimiser slots), taken before
// it starts.
class StepSnapshot {
 public:
  explicit StepSnapshot(std::span<const Variable> variables);

  // Puts every variable back as it was, then returns so the caller can rethrow `failure`.
  // Throws Error naming both failures when the backend cannot even restore them.
  void roll_back(const std::exception& failure);

 private:
  std::vector<Variable> variables_;
  std::vector<Tensor> saved_;
};

}  // namespace strata::training_detail
