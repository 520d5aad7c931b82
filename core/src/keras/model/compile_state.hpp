// Everything Model::compile set up: the optimizer, the loss and the metrics' running state.
#pragma once

#include "compiled_metrics.hpp"
#include "strata/keras/losses.hpp"
#include "strata/keras/optimizers.hpp"

namespace strata::detail {

struct CompileState {
  Optimizer optimizer;
  Loss loss;
  CompiledMetrics metrics;
  LossTracker loss_tracker;
};

}  // namespace strata::detail
