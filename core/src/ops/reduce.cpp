// Reductions over axes: sum, mean, max, min, argmax, argmin.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "kernels.hpp"
#include "op_names.hpp"
#include "op_support.hpp"

namespace strata::kernels {

Tensor reduce(strata_reduce_op op, const Tensor& x, uint32_t axes_mask, DType out_dtype) {
  Shape kept = x.shape();
  for (int k = 0; k < kept.rank(); ++k) {
    if ((axes_mask >> k) & 1u) kept[k] = 1;
  }
  Tensor out = detail::allocate_like(x, kept, out_dtype);
  const strata_reduce_params params{sizeof params, axes_mask};
  ops_detail::launch(x.impl()->context(), ops_detail::reduce_name(op), STRATA_OP_REDUCE, op,
                     &params, {ops_detail::operand(x)}, {ops_detail::operand(out)});
  return out;
}

}  // namespace strata::kernels

namespace strata::ops {

using namespace ops_detail;

namespace {

uint32_t all_axes(int rank) {
  return rank == 0 ? 0u : (1u << rank) - 1u;
}

// `kept` without its reduced axes, as a view.
Tensor drop_axes(const Tensor& kept, uint32_t mask) {
  Shape shape;
  for (int k = 0; k < kept.rank(); ++k) {
    if (((mask >> k) & 1u) == 0) shape.push_back(kept.shape()[k]);
  }
  return detail::make_view(kept, shape, contiguous_strides(shape), 0);
}

Tensor reduce_over(strata_reduce_op op, const Tensor& x, uint32_t mask, bool keepdims) {
  const char* name = reduce_name(op);
  common_context(name, {&x});
  if (op == STRATA_REDUCE_MEAN) require_float(name, "x", x);
  Tensor kept = kernels::reduce(op, x, mask, x.dtype());
  Tensor out = keepdims ? kept : drop_axes(kept, mask);
  if (is_floating(x.dtype())) {
    autodiff::record_reduce(out, op, x, mask, kept);
  }
  return out;
}

Tensor reduce_axes(strata_reduce_op op, const Tensor& x, const Axes& axes, bool keepdims) {
  const char* name = reduce_name(op);
  const int rank = detail::checked(x, name, "x").shape.rank();
  return reduce_over(op, x, axes.empty() ? all_axes(rank) : axes_mask(name, axes, rank), keepdims);
}

Tensor arg_reduce(strata_reduce_op op, const Tensor& x, int axis, bool keepdims) {
  const char* name = reduce_name(op);
  common_context(name, {&x});
  const int k = normalize_axis(axis, x.rank(), name);
  if (x.shape()[k] == 0) {
    throw ShapeError(fmt::format("{}: axis {} of {} is empty; there is no index to return", name,
                                 axis, x.shape().to_string()));
  }
  Tensor kept = kernels::reduce(op, x, 1u << k, DType::int64);
  return keepdims ? kept : drop_axes(kept, 1u << k);
}

}  // namespace

Tensor sum(const Tensor& x, const Axes& axes, bool keepdims) {
  return reduce_axes(STRATA_REDUCE_SUM, x, axes, keepdims);
}
Tensor mean(const Tensor& x, const Axes& axes, bool keepdims) {
  return reduce_axes(STRATA_REDUCE_MEAN, x, axes, keepdims);
}
Tensor max(const Tensor& x, const Axes& axes, bool keepdims) {
  return reduce_axes(STRATA_REDUCE_MAX, x, axes, keepdims);
}
Tensor min(const Tensor& x, const Axes& axes, bool keepdims) {
  return reduce_axes(STRATA_REDUCE_MIN, x, axes, keepdims);
}
Tensor argmax(const Tensor& x, int axis, bool keepdims) {
  return arg_reduce(STRATA_REDUCE_ARGMAX, x, axis, keepdims);
}
Tensor argmin(const Tensor& x, int axis, bool keepdims) {
  return arg_reduce(STRATA_REDUCE_ARGMIN, x, axis, keepdims);
}

}  // namespace strata::ops
