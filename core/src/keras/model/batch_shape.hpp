// Shapes with a batch axis in front, which may be -1 (unknown) in a functional graph. Shape's
// checked constructors refuse negative sizes, so these set the axis directly.
#pragma once

#include <cstdint>
#include <string>

#include "strata/shape.hpp"

namespace strata::detail {

// (batch, dims...).
Shape with_batch(int64_t batch, const Shape& dims);
// The shape without its first axis.
Shape without_batch(const Shape& shape);
// Every size of `expected` that is not -1 equals `actual`'s, and the ranks agree.
bool shape_compatible(const Shape& expected, const Shape& actual) noexcept;
// As Keras prints shapes: "(None, 26, 26, 32)", and "(None)" for rank 1 (Keras joins the sizes
// without Python's trailing comma).
std::string keras_shape_text(const Shape& shape);

}  // namespace strata::detail
