// Compiled metrics and the loss tracker.
#include "compiled_metrics.hpp"

#include <fmt/format.h>

#include <map>

#include "strata/autodiff.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata::detail {
namespace {

std::string requested_names(const std::vector<Metric>& metrics) {
  std::string names;
  for (const Metric& metric : metrics) {
    names += fmt::format("{}'{}'", names.empty() ? "" : ", ", metric->name());
  }
  return names;
}

double read_scalar(const Tensor& value) {
  return value.dtype() == DType::float64 ? value.item<double>() : value.item<float>();
}

}  // namespace

CompiledMetrics::CompiledMetrics(std::vector<Metric> metrics, Loss loss,
                                 std::vector<std::string> output_names)
    : requested_(std::move(metrics)),
      loss_(std::move(loss)),
      output_names_(std::move(output_names)) {
  for (const Metric& metric : requested_) {
    if (!metric) throw ValueError("compile: a metric handle is empty");
  }
  if (output_names_.size() > 1 && !requested_.empty() &&
      requested_.size() != output_names_.size()) {
    throw ValueError(fmt::format(
        "compile: for a model with multiple outputs, `metrics` needs one entry per output, in "
        "output order; got {} ({}) for {} outputs",
        requested_.size(), requested_names(requested_), output_names_.size()));
  }
}

void CompiledMetrics::build(std::span<const Tensor> y_pred) {
  std::map<std::string, int> uses;
  for (size_t k = 0; k < requested_.size(); ++k) {
    const size_t output = output_names_.size() > 1 ? k : 0;
    Metric metric = resolve_metric(requested_[k], loss_, y_pred[output].shape());
    std::string key(metric->name());
    if (output_names_.size() > 1) key = fmt::format("{}_{}", output_names_[output], key);
    const int seen = uses[key]++;
    if (seen > 0) key = fmt::format("{}_{}", key, seen);
    built_.push_back({std::move(key), std::move(metric), output});
  }
}

void CompiledMetrics::update(std::span<const Tensor> y_true, std::span<const Tensor> y_pred) {
  if (built_.empty() && !requested_.empty()) build(y_pred);
  const NoGradGuard no_grad;
  for (Entry& entry : built_) {
    entry.metric->update_state(y_true[entry.output], y_pred[entry.output].detach());
  }
}

void CompiledMetrics::reset() {
  for (Entry& entry : built_) entry.metric->reset_state();
}

LogEntries CompiledMetrics::results() const {
  LogEntries out;
  for (const Entry& entry : built_) out.emplace_back(entry.key, entry.metric->result());
  return out;
}

void LossTracker::add(const Tensor& loss, int64_t samples) {
  const NoGradGuard no_grad;
  const Tensor weighted = loss.detach() * static_cast<double>(samples);
  sum_ = sum_.defined() ? sum_ + weighted : weighted;
  samples_ += samples;
}

void LossTracker::reset() {
  sum_ = Tensor();
  samples_ = 0;
}

double LossTracker::result() const {
  return samples_ == 0 ? 0.0 : read_scalar(sum_) / static_cast<double>(samples_);
}

}  // namespace strata::detail
