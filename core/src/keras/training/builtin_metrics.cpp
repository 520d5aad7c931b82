// The per-sample functions of Keras 3's accuracy and error metrics, and the public factories.
#include <fmt/format.h>

#include "loss_inputs.hpp"
#include "mean_metric.hpp"
#include "sparse_labels.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace training_detail {
namespace {

// 1 where they match, else 0, in y_pred's dtype, averaged per sample.
Tensor match_rate(const Tensor& matches, const Tensor& y_pred) {
  return mean_per_sample(ops::cast(matches, y_pred.dtype()));
}

}  // namespace

MetricPtr binary_accuracy_metric(std::string name, double threshold) {
  return make_mean_metric(name, [name, threshold](const Tensor& y_true, const Tensor& y_pred) {
    const auto [t, p] = aligned_targets(name, y_true, y_pred);
    const Tensor predicted = ops::cast(ops::greater(p, scalar_like(p, threshold)), p.dtype());
    return match_rate(ops::equal(t, predicted), p);
  });
}

MetricPtr categorical_accuracy_metric(std::string name) {
  return make_mean_metric(name, [name](const Tensor& y_true, const Tensor& y_pred) {
    require_class_scores(name, y_true, y_pred);
    return match_rate(ops::equal(ops::argmax(y_true, -1), ops::argmax(y_pred, -1)), y_pred);
  });
}

MetricPtr sparse_categorical_accuracy_metric(std::string name) {
  return make_mean_metric(name, [name](const Tensor& y_true, const Tensor& y_pred) {
    require_float_prediction(name, y_pred);
    const Tensor labels = sparse_labels(name, y_true, y_pred);
    Tensor predicted = ops::argmax(y_pred, -1);
    // Compared in the labels' dtype, as Keras casts the prediction to y_true's.
    if (predicted.dtype() != labels.dtype()) predicted = ops::cast(predicted, labels.dtype());
    return match_rate(ops::equal(labels, predicted), y_pred);
  });
}

MetricPtr mean_squared_error_metric(std::string name) {
  return make_mean_metric(std::move(name),
                          [loss = MeanSquaredError()](const Tensor& y_true, const Tensor& y_pred) {
                            return loss->per_sample(y_true, y_pred);
                          });
}

MetricPtr mean_absolute_error_metric(std::string name) {
  return make_mean_metric(std::move(name),
                          [loss = MeanAbsoluteError()](const Tensor& y_true, const Tensor& y_pred) {
                            return loss->per_sample(y_true, y_pred);
                          });
}

}  // namespace training_detail

Metric BinaryAccuracy(double threshold) {
  return Metric(training_detail::binary_accuracy_metric("binary_accuracy", threshold));
}
Metric CategoricalAccuracy() {
  return Metric(training_detail::categorical_accuracy_metric("categorical_accuracy"));
}
Metric SparseCategoricalAccuracy() {
  return Metric(training_detail::sparse_categorical_accuracy_metric("sparse_categorical_accuracy"));
}
Metric MeanSquaredErrorMetric() {
  return Metric(training_detail::mean_squared_error_metric("mean_squared_error"));
}
Metric MeanAbsoluteErrorMetric() {
  return Metric(training_detail::mean_absolute_error_metric("mean_absolute_error"));
}

}  // namespace strata
