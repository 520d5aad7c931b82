// strata/keras/metrics.hpp: keras.metrics: stateful metrics averaged over an epoch.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "strata/keras/losses.hpp"
#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata {

class MetricImpl {
 public:
  virtual ~MetricImpl() = default;
  virtual std::string_view name() const = 0;  // the key in logs: "accuracy", "mae"
  virtual void update_state(const Tensor& y_true, const Tensor& y_pred) = 0;
  virtual double result() const = 0;
  virtual void reset_state() = 0;
};

// A handle; implicit from a Keras name: "accuracy" ("acc"; resolved at compile time to binary,
// categorical or sparse-categorical accuracy from the loss and output shape), "mse", "mae",
// "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy".
class Metric {
 public:
  Metric(std::string_view name);                                  // NOLINT
  Metric(const char* name) : Metric(std::string_view(name)) {}    // NOLINT
  explicit Metric(std::shared_ptr<MetricImpl> impl) noexcept : impl_(std::move(impl)) {}

  MetricImpl* operator->() const noexcept { return impl_.get(); }
  const std::string& requested_name() const noexcept { return requested_; }
  explicit operator bool() const noexcept { return impl_ != nullptr; }

 private:
  std::string requested_;  // "accuracy" before resolution
  std::shared_ptr<MetricImpl> impl_;
};

// Mean over samples; threshold 0.5 for binary.
Metric BinaryAccuracy(double threshold = 0.5);
Metric CategoricalAccuracy();
Metric SparseCategoricalAccuracy();
Metric MeanSquaredErrorMetric();
Metric MeanAbsoluteErrorMetric();

// What Model::compile does with each requested metric: "accuracy"/"acc" becomes, under the
// requested name, binary accuracy when the loss is binary_crossentropy or the output's last
// axis has size 1 (or there is no class axis), sparse categorical accuracy when the loss is
// sparse_categorical_crossentropy, and categorical accuracy otherwise (Keras's rule). Any other
// metric comes back as it is. An unresolved "accuracy" throws ValueError when updated.
Metric resolve_metric(const Metric& requested, const Loss& loss, const Shape& y_pred_shape);

}  // namespace strata
