#include "batch_shape.hpp"

#include <fmt/format.h>

namespace strata::detail {

Shape with_batch(int64_t batch, const Shape& dims) {
  Shape out;
  out.resize(dims.rank() + 1);
  out[0] = batch;
  for (int k = 0; k < dims.rank(); ++k) out[k + 1] = dims[k];
  return out;
}

Shape without_batch(const Shape& shape) {
  Shape out;
  out.resize(shape.rank() - 1);
  for (int k = 1; k < shape.rank(); ++k) out[k - 1] = shape[k];
  return out;
}

bool shape_compatible(const Shape& expected, const Shape& actual) noexcept {
  if (expected.rank() != actual.rank()) return false;
  for (int k = 0; k < expected.rank(); ++k) {
    if (expected[k] >= 0 && actual[k] >= 0 && expected[k] != actual[k]) return false;
  }
  return true;
}

std::string keras_shape_text(const Shape& shape) {
  std::string out = "(";
  for (int k = 0; k < shape.rank(); ++k) {
    if (k > 0) out += ", ";
    out += shape[k] < 0 ? std::string("None") : fmt::format("{}", shape[k]);
  }
  return out + ")";
}

}  // namespace strata::detail
