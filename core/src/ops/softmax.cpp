// Softmax and log-softmax over any axis: the ABI works on the last one, so another axis is
// moved last by a transposed view and moved back the same way.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "kernels.hpp"
#include "op_support.hpp"

namespace strata {
namespace {

using namespace ops_detail;

Tensor softmax_last(strata_softmax_op op, const char* name, const Tensor& x) {
  Tensor y = detail::allocate_like(x, x.shape(), x.dtype());
  launch(x.impl()->context(), name, STRATA_OP_SOFTMAX, op, nullptr, {operand(x)}, {operand(y)});
  autodiff::record_softmax(y, op, x);
  return y;
}

// The permutation that moves `axis` last.
Axes moving_last(int axis, int rank) {
  Axes forward;
  for (int k = 0; k < rank; ++k) {
    if (k != axis) forward.push_back(k);
  }
  forward.push_back(axis);
  return forward;
}

Tensor softmax_along(strata_softmax_op op, const char* name, const Tensor& x, int axis) {
  common_context(name, {&x});
  require_float(name, "x", x);
  if (x.rank() == 0) {
    throw ShapeError(fmt::format("{}: x is a scalar (); it needs at least one axis", name));
  }
  const int k = normalize_axis(axis, x.rank(), name);
  if (k == x.rank() - 1) return softmax_last(op, name, x);
  const Axes forward = moving_last(k, x.rank());
  return ops::transpose(softmax_last(op, name, ops::transpose(x, forward)),
                        inverse_permutation(forward));
}

}  // namespace

namespace ops {

Tensor softmax(const Tensor& x, int axis) {
  return softmax_along(STRATA_SOFTMAX, "softmax", x, axis);
}

Tensor log_softmax(const Tensor& x, int axis) {
  return softmax_along(STRATA_LOG_SOFTMAX, "log_softmax", x, axis);
}

}  // namespace ops

namespace kernels {

Tensor softmax_backward(strata_softmax_op op, const Tensor& dy, const Tensor& y) {
  Tensor dx = detail::allocate_like(y, y.shape(), y.dtype());
  launch(y.impl()->context(), "softmax_backward", STRATA_OP_SOFTMAX_BACKWARD, op, nullptr,
         {operand(dy), operand(y)}, {operand(dx)});
  return dx;
}

}  // namespace kernels
}  // namespace strata
