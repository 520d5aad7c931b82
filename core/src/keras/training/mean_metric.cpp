#include "mean_metric.hpp"

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {

MeanMetric::MeanMetric(std::string name, PerSampleFn values)
    : name_(std::move(name)), values_(std::move(values)) {}

void MeanMetric::update_state(const Tensor& y_true, const Tensor& y_pred) {
  NoGradGuard no_grad;
  const Tensor values = values_(y_true, y_pred.detach());
  if (!total_.defined()) {
    // float32 counts whole samples exactly up to 2^24 per epoch; float64 inputs keep float64.
    const DType dtype = values.dtype() == DType::float64 ? DType::float64 : DType::float32;
    BackendScope scope(values.context());
    total_ = Variable(Tensor::zeros({}, dtype), name_ + "/total", /*trainable=*/false);
  }
  Tensor batch_total = ops::sum(values);
  if (!(batch_total.context() == total_.value().context())) {
    batch_total = batch_total.to(total_.value().context());
  }
  total_.assign_add(batch_total.dtype() == total_.dtype() ? batch_total
                                                          : ops::cast(batch_total, total_.dtype()));
  count_ += values.numel();
}

double MeanMetric::result() const {
  if (count_ == 0) return 0.0;
  return total_.value().item<double>() / static_cast<double>(count_);
}

void MeanMetric::reset_state() {
  if (total_.defined()) total_.assign(ops::zeros_like(total_.value()));
  count_ = 0;
}

MetricPtr make_mean_metric(std::string name, PerSampleFn values) {
  return std::make_shared<MeanMetric>(std::move(name), std::move(values));
}

}  // namespace strata::training_detail
