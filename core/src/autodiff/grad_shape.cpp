#include "grad_shape.hpp"

#include "../ops/kernels.hpp"
#include "strata/ops.hpp"

namespace strata::autodiff {

Tensor sum_to_shape(const Tensor& grad, const Shape& shape) {
  const Shape& from = grad.shape();
  if (from == shape) return grad;
  const int lead = from.rank() - shape.rank();
  uint32_t mask = 0;
  for (int k = 0; k < from.rank(); ++k) {
    if (k < lead || (shape[k - lead] == 1 && from[k] != 1)) mask |= 1u << k;
  }
  const Tensor summed =
      mask == 0 ? grad : kernels::reduce(STRATA_REDUCE_SUM, grad, mask, grad.dtype());
  return ops::reshape(summed, shape.span());
}

Tensor expand_to_shape(const Tensor& grad, const Shape& kept, const Shape& shape) {
  return ops::broadcast_to(ops::reshape(grad, kept.span()), shape);
}

}  // namespace strata::autodiff
