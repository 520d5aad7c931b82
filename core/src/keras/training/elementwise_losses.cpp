// The losses that average an elementwise term over the last axis: mean squared error, mean
// absolute error, Huber and binary crossentropy (Keras 3's formulas).
#include <fmt/format.h>

#include <cmath>

#include "function_loss.hpp"
#include "loss_inputs.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using training_detail::aligned_targets;
using training_detail::make_loss;
using training_detail::mean_per_sample;
using training_detail::scalar_like;

// A loss whose per-sample value is the mean of term(y_true, y_pred) over each sample.
template <typename Term>
Loss elementwise_loss(std::string name, boost::json::object options, Term term) {
  return make_loss(name, std::move(options),
                   [name, term](const Tensor& y_true, const Tensor& y_pred) {
                     const auto [t, p] = aligned_targets(name, y_true, y_pred);
                     return mean_per_sample(term(t, p));
                   });
}

// -(t log p + (1 - t) log(1 - p)) with p clipped to [epsilon, 1 - epsilon].
Tensor binary_crossentropy_of_probabilities(const Tensor& t, const Tensor& p) {
  const double epsilon = p.context().epsilon();
  const Tensor clipped = ops::clip(p, epsilon, 1 - epsilon);
  return -(t * ops::log(clipped) + (1.0 - t) * ops::log(1.0 - clipped));
}

// The same for logits x, stably: -(t log sigmoid(x) + (1 - t) log sigmoid(-x))
// = softplus(x) - t x, with softplus computed without overflow.
Tensor binary_crossentropy_of_logits(const Tensor& t, const Tensor& x) {
  return ops::softplus(x) - t * x;
}

}  // namespace

Loss MeanSquaredError() {
  return elementwise_loss("mean_squared_error", {},
                          [](const Tensor& t, const Tensor& p) { return ops::square(p - t); });
}

Loss MeanAbsoluteError() {
  return elementwise_loss("mean_absolute_error", {},
                          [](const Tensor& t, const Tensor& p) { return ops::abs(p - t); });
}

Loss Huber(double delta) {
  if (!(std::isfinite(delta) && delta > 0)) {
    throw ValueError(fmt::format("huber_loss: delta is {}; it must be a positive number", delta));
  }
  return elementwise_loss(
      "huber_loss", {{"delta", delta}}, [delta](const Tensor& t, const Tensor& p) {
        const Tensor error = p - t;
        const Tensor abs_error = ops::abs(error);
        const Tensor quadratic = 0.5 * ops::square(error);
        const Tensor linear = delta * abs_error - 0.5 * delta * delta;
        return ops::where(ops::less_equal(abs_error, scalar_like(abs_error, delta)), quadratic,
                          linear);
      });
}

Loss BinaryCrossentropy(bool from_logits) {
  return elementwise_loss(
      "binary_crossentropy", {{"from_logits", from_logits}},
      from_logits ? binary_crossentropy_of_logits : binary_crossentropy_of_probabilities);
}

}  // namespace strata
