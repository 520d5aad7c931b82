// Checking and aligning (y_true, y_pred) the way Keras 3's losses and metrics do, and the
// per-sample reduction they share.
#pragma once

#include <string_view>
#include <utility>

#include "strata/tensor.hpp"

namespace strata::training_detail {

// A rank-0 tensor of x's dtype on x's context.
Tensor scalar_like(const Tensor& x, double value);

// Throws DTypeError naming `who` unless y_pred has a float dtype.
void require_float_prediction(std::string_view who, const Tensor& y_pred);

// y_true cast to y_pred's dtype, and y_pred, brought to one shape: when their ranks differ by
// one, a trailing axis of size 1 is dropped from the longer (Keras's
// squeeze_or_expand_to_same_rank). Both need a batch axis. Throws ShapeError naming `who` and
// both shapes when they still differ.
std::pair<Tensor, Tensor> aligned_targets(std::string_view who, const Tensor& y_true,
                                          const Tensor& y_pred);

// Throws ShapeError naming `who` unless y_true and y_pred have one shape of rank >= 2
// (batch, ..., classes).
void require_class_scores(std::string_view who, const Tensor& y_true, const Tensor& y_pred);

// [batch, ...] -> [batch]: the mean over every axis but the first. Keras takes the mean over
// the last axis and then over everything left; the average over the batch is the same.
Tensor mean_per_sample(const Tensor& values);

}  // namespace strata::training_detail
