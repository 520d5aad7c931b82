#include "loss_inputs.hpp"

#include <fmt/format.h>

#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {
namespace {

[[noreturn]] void shape_mismatch(std::string_view who, const Tensor& y_true, const Tensor& y_pred,
                                 std::string_view rule) {
  throw ShapeError(fmt::format("{}: y_true is {} and y_pred is {}; {}", who,
                               y_true.shape().to_string(), y_pred.shape().to_string(), rule));
}

constexpr std::string_view kSameShape =
    "they must have the same shape (a trailing axis of size 1 on one of them is ignored)";

// Drops the trailing size-1 axis of the longer operand when the ranks differ by one.
std::pair<Tensor, Tensor> same_rank(const Tensor& y_true, const Tensor& y_pred) {
  if (y_true.rank() == y_pred.rank() + 1 && y_true.dim(-1) == 1) {
    return {y_true.squeeze({-1}), y_pred};
  }
  if (y_pred.rank() == y_true.rank() + 1 && y_pred.dim(-1) == 1) {
    return {y_true, y_pred.squeeze({-1})};
  }
  return {y_true, y_pred};
}

}  // namespace

Tensor scalar_like(const Tensor& x, double value) {
  BackendScope scope(x.context());
  return Tensor::scalar(value, x.dtype());
}

void require_float_prediction(std::string_view who, const Tensor& y_pred) {
  if (!y_pred.defined()) throw ValueError(fmt::format("{}: y_pred is undefined", who));
  if (is_floating(y_pred.dtype())) return;
  throw DTypeError(fmt::format("{}: y_pred is {}; predictions must have a float dtype", who,
                               dtype_name(y_pred.dtype())));
}

std::pair<Tensor, Tensor> aligned_targets(std::string_view who, const Tensor& y_true,
                                          const Tensor& y_pred) {
  require_float_prediction(who, y_pred);
  if (!y_true.defined()) throw ValueError(fmt::format("{}: y_true is undefined", who));
  auto [t, p] = same_rank(y_true, y_pred);
  if (t.shape() != p.shape()) shape_mismatch(who, y_true, y_pred, kSameShape);
  if (p.rank() == 0) {
    shape_mismatch(who, y_true, y_pred, "they need a batch axis (one value per sample at least)");
  }
  if (t.dtype() != p.dtype()) t = ops::cast(t, p.dtype());
  return {t, p};
}

void require_class_scores(std::string_view who, const Tensor& y_true, const Tensor& y_pred) {
  require_float_prediction(who, y_pred);
  if (!y_true.defined()) throw ValueError(fmt::format("{}: y_true is undefined", who));
  if (y_true.shape() != y_pred.shape()) {
    shape_mismatch(who, y_true, y_pred,
                   "they must have the same shape (batch, ..., classes), y_true one-hot");
  }
  if (y_pred.rank() < 2) {
    shape_mismatch(who, y_true, y_pred, "they need a batch axis and a class axis");
  }
}

Tensor mean_per_sample(const Tensor& values) {
  if (values.rank() <= 1) return values;
  Axes rest;
  for (int axis = 1; axis < values.rank(); ++axis) rest.push_back(axis);
  return ops::mean(values, rest);
}

}  // namespace strata::training_detail
