#include "sparse_labels.hpp"

#include <fmt/format.h>

#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata::training_detail {

Tensor sparse_labels(std::string_view who, const Tensor& y_true, const Tensor& y_pred) {
  if (!y_true.defined()) throw ValueError(fmt::format("{}: y_true is undefined", who));
  if (y_pred.rank() < 2) {
    throw ShapeError(fmt::format("{}: y_pred is {}; it needs a batch axis and a class axis", who,
                                 y_pred.shape().to_string()));
  }
  Shape expected = y_pred.shape();
  expected.erase(expected.rank() - 1);
  if (y_true.shape() == expected) return y_true;
  if (y_true.rank() == y_pred.rank() && y_true.dim(-1) == 1 &&
      y_true.squeeze({-1}).shape() == expected) {
    return y_true.squeeze({-1});
  }
  throw ShapeError(
      fmt::format("{}: y_true is {} and y_pred is {}; integer labels must have the "
                  "shape {} (or {} with a trailing 1), one class index per score "
                  "vector",
                  who, y_true.shape().to_string(), y_pred.shape().to_string(), expected.to_string(),
                  expected.to_string()));
}

Tensor checked_class_ids(std::string_view who, const Tensor& labels, int64_t classes) {
  const bool integer = labels.dtype() == DType::int32 || labels.dtype() == DType::int64;
  const Tensor ids = integer ? labels : ops::cast(labels, DType::int64);
  // Gathering the ids from the table 0, 1, ..., classes-1 returns them unchanged, and makes the
  // backend reject one outside the table without the host waiting for the device: at once on
  // synchronous backends, at the next read on asynchronous ones.
  const Tensor table = [&] {
    BackendScope scope(ids.context());
    return Tensor::arange(0, static_cast<double>(classes), 1, ids.dtype());
  }();
  try {
    return ops::take(table, ids);
  } catch (const Error& e) {
    throw ValueError(
        fmt::format("{}: y_true holds a label outside [0, {}), the classes of "
                    "y_pred; labels must be class indices ({})",
                    who, classes, e.what()));
  }
}

}  // namespace strata::training_detail
