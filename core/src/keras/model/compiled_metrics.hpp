// What compile() keeps for training: the metrics with their log keys, and the running mean of
// the loss. Both accumulate on the device; values come back only when results are asked for.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "strata/keras/losses.hpp"
#include "strata/keras/metrics.hpp"
#include "strata/tensor.hpp"

namespace strata::detail {

using LogEntries = std::vector<std::pair<std::string, double>>;

// The compiled metrics of a model with `output_names.size()` outputs. As Keras: one list of
// metrics for a single output; for several outputs, one metric per output, keyed
// "<output layer>_<metric>". "accuracy" ("acc") is resolved by strata::resolve_metric from the
// loss and the output's shape when the first batch arrives (a Sequential may not know its
// output shape before).
class CompiledMetrics {
 public:
  CompiledMetrics(std::vector<Metric> metrics, Loss loss, std::vector<std::string> output_names);

  void update(std::span<const Tensor> y_true, std::span<const Tensor> y_pred);
  void reset();
  // (key, value) in compile order; reads the values from the device.
  LogEntries results() const;
  bool empty() const noexcept { return requested_.empty(); }
  // The metrics as compile() got them (saved with the model, keras/io).
  const std::vector<Metric>& requested() const noexcept { return requested_; }

 private:
  void build(std::span<const Tensor> y_pred);

  std::vector<Metric> requested_;
  Loss loss_;
  std::vector<std::string> output_names_;
  struct Entry {
    std::string key;
    Metric metric;
    size_t output;
  };
  std::vector<Entry> built_;
};

// The sample-weighted mean of the batch losses (Keras's loss tracker), summed on the device.
class LossTracker {
 public:
  // `loss` is the batch's mean loss (a scalar; detached here), `samples` the batch size.
  void add(const Tensor& loss, int64_t samples);
  void reset();
  // Reads the sum from the device; 0 before any batch.
  double result() const;

 private:
  Tensor sum_;
  int64_t samples_ = 0;
};

}  // namespace strata::detail
