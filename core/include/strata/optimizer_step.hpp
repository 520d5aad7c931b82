// strata/optimizer_step.hpp: one fused optimiser update (STRATA_OP_OPTIMIZER), in place.
//
// The training engine keeps each variable's slots (momentum, Adam's m and v, ...) as
// non-trainable Variables of the variable's shape and dtype, usually created with
// ops::zeros_like, and calls apply_optimizer_step once per variable per step, after clipping the
// gradient if it clips. The update rules are Keras 3's, written out in strata/backend.h next to
// strata_optimizer_op.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <span>

#include "strata/tensor.hpp"
#include "strata/variable.hpp"

namespace strata {

struct OptimizerStep {
  strata_optimizer_op kind = STRATA_OPTIMIZER_SGD;
  double learning_rate = 0.01;
  double momentum = 0;      // SGD, RMSPROP
  bool nesterov = false;    // SGD
  double beta1 = 0.9;       // ADAM
  double beta2 = 0.999;     // ADAM
  double rho = 0.9;         // RMSPROP
  double epsilon = 1e-7;    // ADAM, RMSPROP, ADAGRAD
  double weight_decay = 0;  // ADAM (decoupled, AdamW)
  int64_t step = 1;         // ADAM: the 1-based number of this update
};

// How many slots `step` needs, in order: SGD 1 with momentum (velocity) else 0; ADAM 2 (m, v);
// RMSPROP 1 (mean square) or 2 with momentum (then the momentum buffer); ADAGRAD 1
// (accumulator).
int optimizer_slot_count(const OptimizerStep& step);

// Updates `variable` and `slots` in place from `gradient` (the variable's shape; another float
// dtype is cast). Throws ValueError for a wrong slot count or hyper-parameters the ABI rejects,
// ShapeError/DTypeError for mismatched slots. Never recorded for autodiff.
void apply_optimizer_step(const OptimizerStep& step, const Variable& variable,
                          const Tensor& gradient, std::span<const Variable> slots);

}  // namespace strata
