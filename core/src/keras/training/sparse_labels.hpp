// Integer class labels (sparse targets) against class scores, as Keras's sparse losses and
// metrics take them.
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/tensor.hpp"

namespace strata::training_detail {

// The labels for scores y_pred (batch, ..., classes): y_true shaped y_pred.shape[:-1], or that
// with a trailing axis of size 1, which is dropped. Throws ShapeError naming `who` and both
// shapes otherwise. The dtype is left as it is.
Tensor sparse_labels(std::string_view who, const Tensor& y_true, const Tensor& y_pred);

// The labels as class indices: int32 and int64 as they are, other dtypes cast to int64 (a float
// label truncates, as Keras's cast does). A label outside [0, classes) is an error: ValueError
// naming `who` on synchronous backends, the backend's error at the next read on asynchronous
// ones (checking never makes the host wait for the device).
Tensor checked_class_ids(std::string_view who, const Tensor& labels, int64_t classes);

}  // namespace strata::training_detail
