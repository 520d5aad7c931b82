// keras.metrics by name, and the compile-time resolution of "accuracy".
#include "strata/keras/metrics.hpp"

#include <fmt/format.h>

#include "lower_case.hpp"
#include "mean_metric.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

using namespace training_detail;

// "accuracy" before Model::compile knows the loss and the output shape.
class UnresolvedAccuracy final : public MetricImpl {
 public:
  explicit UnresolvedAccuracy(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  void update_state(const Tensor&, const Tensor&) override { unresolved(); }
  double result() const override { unresolved(); }
  void reset_state() override {}

 private:
  [[noreturn]] void unresolved() const {
    throw ValueError(fmt::format(
        "metric \"{}\": which accuracy this is depends on the loss and the output shape; "
        "Model::compile resolves it (strata::resolve_metric), or pass BinaryAccuracy(), "
        "CategoricalAccuracy() or SparseCategoricalAccuracy() instead",
        name_));
  }
  std::string name_;
};

// As Keras's compile, the metric takes the name it was asked for: "acc" logs as "acc".
MetricPtr by_name(std::string_view requested) {
  const std::string key = lower_case(requested);
  std::string name(requested);
  if (key == "accuracy" || key == "acc") return std::make_shared<UnresolvedAccuracy>(name);
  if (key == "binary_accuracy") return binary_accuracy_metric(name, 0.5);
  if (key == "categorical_accuracy") return categorical_accuracy_metric(name);
  if (key == "sparse_categorical_accuracy") return sparse_categorical_accuracy_metric(name);
  if (key == "mse" || key == "mean_squared_error") return mean_squared_error_metric(name);
  if (key == "mae" || key == "mean_absolute_error") return mean_absolute_error_metric(name);
  throw ValueError(
      fmt::format("Could not interpret metric identifier: \"{}\"; the metrics are accuracy (acc), "
                  "binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, "
                  "mean_squared_error (mse) and mean_absolute_error (mae)",
                  requested));
}

}  // namespace

Metric::Metric(std::string_view name) : requested_(name), impl_(by_name(name)) {}

Metric resolve_metric(const Metric& requested, const Loss& loss, const Shape& y_pred_shape) {
  if (!requested || dynamic_cast<UnresolvedAccuracy*>(requested.operator->()) == nullptr) {
    return requested;
  }
  std::string name(requested->name());
  const std::string_view loss_name = loss ? loss->name() : std::string_view();
  const bool single_score = y_pred_shape.rank() <= 1 || y_pred_shape.dim(-1) == 1;
  if (loss_name == "binary_crossentropy" || single_score) {
    return Metric(binary_accuracy_metric(std::move(name), 0.5));
  }
  if (loss_name == "sparse_categorical_crossentropy") {
    return Metric(sparse_categorical_accuracy_metric(std::move(name)));
  }
  return Metric(categorical_accuracy_metric(std::move(name)));
}

}  // namespace strata
