// Bringing a gradient back to its operand's shape.
#pragma once

#include "strata/tensor.hpp"

namespace strata::autodiff {

// `grad` summed over the axes along which an operand of `shape` was broadcast (NumPy rules:
// missing leading axes and size-1 axes), then reshaped to `shape`.
Tensor sum_to_shape(const Tensor& grad, const Shape& shape);

// `grad` (a reduction's result with its reduced axes kept as size 1 or dropped) reshaped to
// keep them, then broadcast (stride 0, no copy) to `shape`.
Tensor expand_to_shape(const Tensor& grad, const Shape& kept, const Shape& shape);

}  // namespace strata::autodiff
