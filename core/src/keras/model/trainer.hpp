// The training loops behind Model's compile, fit, evaluate, predict and train_on_batch.
#pragma once

#include <vector>

#include "strata/keras/model.hpp"

namespace strata::detail {

void compile(ModelLayer& model, Optimizer optimizer, Loss loss, std::vector<Metric> metrics);
History fit(Model& model, std::vector<Tensor> x, std::vector<Tensor> y, const FitOptions& options);
Logs evaluate(Model& model, std::vector<Tensor> x, std::vector<Tensor> y,
              const EvaluateOptions& options);
std::vector<Tensor> predict(Model& model, std::vector<Tensor> x, const PredictOptions& options);
Logs train_on_batch(Model& model, std::vector<Tensor> x, std::vector<Tensor> y);

}  // namespace strata::detail
