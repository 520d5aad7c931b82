// The training and test steps.
#include "train_step.hpp"

#include <algorithm>

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"

namespace strata::detail {
namespace {

// The compiled loss applied to every output and summed (Keras applies a single loss to each
// output), plus the regularization penalties.
Tensor total_loss(const ModelLayer& model, const CompileState& state,
                  const std::vector<Tensor>& y_true, const std::vector<Tensor>& y_pred) {
  Tensor loss;
  for (size_t k = 0; k < y_pred.size(); ++k) {
    const Tensor term = state.loss(y_true[k], y_pred[k]);
    loss = loss.defined() ? loss + term : term;
  }
  const Tensor penalty = model.regularization_loss();
  return penalty.defined() ? loss + penalty : loss;
}

}  // namespace

void train_step(ModelLayer& model, CompileState& state, const Dataset& batch) {
  const std::vector<Tensor> y_pred = model.call(batch.x, /*training=*/true);
  const Tensor loss = total_loss(model, state, batch.y, y_pred);
  const std::vector<Variable> weights = model.trainable_weights();
  const std::vector<Tensor> grads = gradients(loss, weights);
  {
    const NoGradGuard no_grad;
    state.optimizer->apply(grads, weights);
  }
  state.loss_tracker.add(loss, batch.size);
  state.metrics.update(batch.y, y_pred);
}

void test_step(ModelLayer& model, CompileState& state, const Dataset& batch) {
  const NoGradGuard no_grad;
  const std::vector<Tensor> y_pred = model.call(batch.x, /*training=*/false);
  state.loss_tracker.add(total_loss(model, state, batch.y, y_pred), batch.size);
  state.metrics.update(batch.y, y_pred);
}

void reset_state(CompileState& state) {
  state.loss_tracker.reset();
  state.metrics.reset();
}

Logs current_logs(const CompileState& state) {
  Logs logs = state.metrics.results();
  logs.emplace_back("loss", state.loss_tracker.result());
  std::stable_sort(logs.begin(), logs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return logs;
}

}  // namespace strata::detail
