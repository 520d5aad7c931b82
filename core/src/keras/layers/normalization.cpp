#include "normalization.hpp"

#include <fmt/ranges.h>

#include <algorithm>

#include "layer_support.hpp"
#include "strata/ops.hpp"

namespace strata::layers_detail {

Moments moments(const Tensor& x, const Axes& axes) {
  Tensor mean = ops::mean(x, axes, true);
  Tensor variance = ops::mean(ops::square(x - mean), axes, true);
  return {std::move(mean), std::move(variance)};
}

Tensor normalize(const Tensor& x, const Tensor& mean, const Tensor& variance, const Tensor& gamma,
                 const Tensor& beta, double epsilon) {
  Tensor inv = ops::rsqrt(variance + epsilon);
  if (gamma.defined()) inv = inv * gamma;
  Tensor shift = -(mean * inv);
  if (beta.defined()) shift = shift + beta;
  return x * inv + shift;
}

std::vector<int> normalize_axes(const Layer& layer, std::span<const int> axes, const Shape& shape) {
  std::vector<int> out;
  for (const int axis : axes) {
    const int resolved = axis < 0 ? axis + shape.rank() : axis;
    if (resolved < 0 || resolved >= shape.rank()) {
      throw_layer_error<ShapeError>(layer, "axis {} is out of range for inputs of shape {}", axis,
                                    shape_text(shape));
    }
    out.push_back(resolved);
  }
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end()) {
    throw_layer_error<ShapeError>(layer, "axes ({}) repeat an axis of inputs of shape {}",
                                  fmt::join(axes, ","), shape_text(shape));
  }
  return out;
}

}  // namespace strata::layers_detail
