// Categorical and sparse categorical crossentropy (Keras 3's formulas).
#include "function_loss.hpp"
#include "loss_inputs.hpp"
#include "sparse_labels.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using training_detail::make_loss;
using training_detail::mean_per_sample;

// Log-probabilities of the classes along the last axis: log_softmax of logits; otherwise, as
// Keras, the scores scaled to sum to 1 and clipped to [epsilon, 1 - epsilon] before the log.
Tensor class_log_probabilities(const Tensor& y_pred, bool from_logits) {
  if (from_logits) return ops::log_softmax(y_pred, -1);
  const double epsilon = y_pred.context().epsilon();
  const Tensor normalised = y_pred / ops::sum(y_pred, -1, /*keepdims=*/true);
  return ops::log(ops::clip(normalised, epsilon, 1 - epsilon));
}

// -sum(t * log p) over the classes, then the mean over any axes between batch and classes.
Tensor crossentropy(const Tensor& one_hot_targets, const Tensor& log_probabilities) {
  return mean_per_sample(-ops::sum(one_hot_targets * log_probabilities, -1));
}

}  // namespace

Loss CategoricalCrossentropy(bool from_logits) {
  return make_loss(
      "categorical_crossentropy", {{"from_logits", from_logits}},
      [from_logits](const Tensor& y_true, const Tensor& y_pred) {
        training_detail::require_class_scores("categorical_crossentropy", y_true, y_pred);
        const Tensor t =
            y_true.dtype() == y_pred.dtype() ? y_true : ops::cast(y_true, y_pred.dtype());
        return crossentropy(t, class_log_probabilities(y_pred, from_logits));
      });
}

Loss SparseCategoricalCrossentropy(bool from_logits) {
  constexpr const char* kName = "sparse_categorical_crossentropy";
  return make_loss(kName, {{"from_logits", from_logits}},
                   [from_logits](const Tensor& y_true, const Tensor& y_pred) {
                     training_detail::require_float_prediction(kName, y_pred);
                     const Tensor labels = training_detail::sparse_labels(kName, y_true, y_pred);
                     const int64_t classes = y_pred.dim(-1);
                     const Tensor ids = training_detail::checked_class_ids(kName, labels, classes);
                     const Tensor targets = ops::one_hot(ids, classes, y_pred.dtype());
                     return crossentropy(targets, class_log_probabilities(y_pred, from_logits));
                   });
}

}  // namespace strata
