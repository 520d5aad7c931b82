// strata/keras/losses.hpp: keras.losses. A loss maps (y_true, y_pred) to a scalar: the mean over
// the batch of the per-sample loss (Keras's "sum_over_batch_size" reduction).
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "strata/tensor.hpp"

namespace strata {

class LossImpl {
 public:
  virtual ~LossImpl() = default;
  virtual std::string_view name() const = 0;  // "sparse_categorical_crossentropy"
  // Per-sample losses, shape [batch] (recorded for autodiff through y_pred).
  virtual Tensor per_sample(const Tensor& y_true, const Tensor& y_pred) const = 0;
  virtual boost::json::object get_config() const = 0;
};

// A handle; implicit from a Keras name: "mean_squared_error" ("mse"), "mean_absolute_error"
// ("mae"), "huber", "binary_crossentropy", "categorical_crossentropy",
// "sparse_categorical_crossentropy".
class Loss {
 public:
  Loss(std::string_view name);                                  // NOLINT
  Loss(const char* name) : Loss(std::string_view(name)) {}      // NOLINT
  explicit Loss(std::shared_ptr<const LossImpl> impl) noexcept : impl_(std::move(impl)) {}

  // The scalar loss: mean of per_sample over the batch.
  Tensor operator()(const Tensor& y_true, const Tensor& y_pred) const;
  const LossImpl* operator->() const noexcept { return impl_.get(); }
  explicit operator bool() const noexcept { return impl_ != nullptr; }

 private:
  std::shared_ptr<const LossImpl> impl_;
};

// Probabilities are clipped to [epsilon, 1 - epsilon] with the config's epsilon unless
// from_logits, as Keras does.
Loss MeanSquaredError();
Loss MeanAbsoluteError();
Loss Huber(double delta = 1.0);
Loss BinaryCrossentropy(bool from_logits = false);
Loss CategoricalCrossentropy(bool from_logits = false);
Loss SparseCategoricalCrossentropy(bool from_logits = false);

Loss loss_from_config(std::string_view name, const boost::json::object& config);

}  // namespace strata
