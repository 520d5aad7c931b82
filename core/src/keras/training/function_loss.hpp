// The LossImpl of every built-in loss: a name, its config and a per-sample function, as Keras's
// LossFunctionWrapper.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "strata/keras/losses.hpp"

namespace strata::training_detail {

using PerSampleFn = std::function<Tensor(const Tensor& y_true, const Tensor& y_pred)>;

class FunctionLoss final : public LossImpl {
 public:
  // `options` are the constructor arguments get_config adds to name and reduction.
  FunctionLoss(std::string name, boost::json::object options, PerSampleFn per_sample);

  std::string_view name() const override { return name_; }
  Tensor per_sample(const Tensor& y_true, const Tensor& y_pred) const override;
  boost::json::object get_config() const override;

 private:
  std::string name_;
  boost::json::object options_;
  PerSampleFn per_sample_;
};

Loss make_loss(std::string name, boost::json::object options, PerSampleFn per_sample);

}  // namespace strata::training_detail
