// Keras's MeanMetricWrapper: the running mean over samples of a per-sample function, summed on
// the backend and read back only by result().
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "function_loss.hpp"
#include "strata/keras/metrics.hpp"
#include "strata/variable.hpp"

namespace strata::training_detail {

class MeanMetric final : public MetricImpl {
 public:
  // `values` maps (y_true, y_pred) to one float value per sample, shape [batch].
  MeanMetric(std::string name, PerSampleFn values);

  std::string_view name() const override { return name_; }
  void update_state(const Tensor& y_true, const Tensor& y_pred) override;
  // total / count, 0 before any sample (as Keras divides with divide_no_nan).
  double result() const override;
  void reset_state() override;

 private:
  std::string name_;
  PerSampleFn values_;
  Variable total_;  // created on the first update, on that batch's context
  int64_t count_ = 0;
};

using MetricPtr = std::shared_ptr<MetricImpl>;

MetricPtr make_mean_metric(std::string name, PerSampleFn values);

// The built-in metrics under a given name (the key in logs).
MetricPtr binary_accuracy_metric(std::string name, double threshold);
MetricPtr categorical_accuracy_metric(std::string name);
MetricPtr sparse_categorical_accuracy_metric(std::string name);
MetricPtr mean_squared_error_metric(std::string name);
MetricPtr mean_absolute_error_metric(std::string name);

}  // namespace strata::training_detail
