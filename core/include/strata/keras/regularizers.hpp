// strata/keras/regularizers.hpp: weight penalties added to the loss (keras.regularizers).
#pragma once

#include <boost/json/object.hpp>

#include "strata/tensor.hpp"

namespace strata {

// l1 * sum(|w|) + l2 * sum(w^2), Keras's definition. A default-constructed Regularizer is
// "none" and contributes nothing.
class Regularizer {
 public:
  Regularizer() = default;
  Regularizer(double l1, double l2) : l1_(l1), l2_(l2) {}

  bool active() const noexcept { return l1_ != 0 || l2_ != 0; }
  double l1() const noexcept { return l1_; }
  double l2() const noexcept { return l2_; }
  // The penalty for `weight` as a scalar tensor (recorded for autodiff).
  Tensor operator()(const Tensor& weight) const;
  // {"class_name": "L1L2", "config": {"l1": ..., "l2": ...}}, or null for none.
  boost::json::value to_json() const;
  static Regularizer from_json(const boost::json::value& serialized);

 private:
  double l1_ = 0;
  double l2_ = 0;
};

// Keras's defaults: L1(l1=0.01), L2(l2=0.01), L1L2(l1=0.0, l2=0.0).
inline Regularizer L1(double l1 = 0.01) { return {l1, 0}; }
inline Regularizer L2(double l2 = 0.01) { return {0, l2}; }
inline Regularizer L1L2(double l1 = 0.0, double l2 = 0.0) { return {l1, l2}; }

}  // namespace strata
