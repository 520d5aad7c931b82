// One batch of training or testing, and the logs the compiled state holds so far.
#pragma once

#include "compile_state.hpp"
#include "dataset.hpp"
#include "model_layer.hpp"
#include "strata/keras/callbacks.hpp"

namespace strata::detail {

// Forward with training=true, the loss (summed over outputs) plus the layers' regularization
// penalties, gradients of every trainable weight, the optimizer's update (without recording),
// then the loss tracker and metrics. Nothing is read back from the device.
void train_step(ModelLayer& model, CompileState& state, const Dataset& batch);
// Forward with training=false, the loss and the metrics, without recording.
void test_step(ModelLayer& model, CompileState& state, const Dataset& batch);
// Starts the running loss and metrics again.
void reset_state(CompileState& state);
// "loss" and the metrics, sorted by key as Keras's logs are; reads them from the device.
Logs current_logs(const CompileState& state);

}  // namespace strata::detail
