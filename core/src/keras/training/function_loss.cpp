#include "function_loss.hpp"

namespace strata::training_detail {

FunctionLoss::FunctionLoss(std::string name, boost::json::object options, PerSampleFn per_sample)
    : name_(std::move(name)), options_(std::move(options)), per_sample_(std::move(per_sample)) {}

Tensor FunctionLoss::per_sample(const Tensor& y_true, const Tensor& y_pred) const {
  return per_sample_(y_true, y_pred);
}

boost::json::object FunctionLoss::get_config() const {
  boost::json::object config{{"name", name_}, {"reduction", "sum_over_batch_size"}};
  for (const auto& entry : options_) config.insert_or_assign(entry.key(), entry.value());
  return config;
}

Loss make_loss(std::string name, boost::json::object options, PerSampleFn per_sample) {
  return Loss(
      std::make_shared<FunctionLoss>(std::move(name), std::move(options), std::move(per_sample)));
}

}  // namespace strata::training_detail
