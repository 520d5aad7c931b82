// What BatchNormalization and LayerNormalization share: moments and the normalisation itself.
#pragma once

#include "strata/keras/layer.hpp"
#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata::layers_detail {

// Mean and biased variance (divided by the count, as Keras) over `axes`, kept as size-1 axes.
struct Moments {
  Tensor mean;
  Tensor variance;
};
Moments moments(const Tensor& x, const Axes& axes);

// (x - mean) / sqrt(variance + epsilon) * gamma + beta, computed as Keras's
// ops.batch_normalization does: x * inv + (beta - mean * inv) with inv = gamma * rsqrt(var + eps),
// so the per-channel factors are formed on the small tensors. gamma and beta may be undefined
// (scale=False, center=False); all four broadcast against x.
Tensor normalize(const Tensor& x, const Tensor& mean, const Tensor& variance, const Tensor& gamma,
                 const Tensor& beta, double epsilon);

// A normalized copy of `axes` for rank `rank`, sorted; ShapeError naming `layer` when an axis is
// out of range or repeated.
std::vector<int> normalize_axes(const Layer& layer, std::span<const int> axes, const Shape& shape);

}  // namespace strata::layers_detail
