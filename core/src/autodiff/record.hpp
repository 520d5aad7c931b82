// How ops attach their backward nodes. Each record_* checks whether recording applies
// (autodiff::should_record) and does nothing otherwise, so ops call them unconditionally.
// Saved tensors that would point back at `out` are saved detached, so nodes never own
// themselves.
#pragma once

#include <strata/backend.h>

#include <span>

#include "../ops/region.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace strata::autodiff {

void record_unary(Tensor& y, const Tensor& x, strata_unary_op op, double alpha, double beta);
// Arithmetic sub-codes only (comparisons have no gradient).
void record_binary(Tensor& out, strata_binary_op op, const Tensor& a, const Tensor& b);
void record_where(Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b);
// Float to float casts only.
void record_cast(Tensor& out, const Tensor& x);
// SUM, MEAN, MAX, MIN; `kept` is the result with the reduced axes kept (size 1).
void record_reduce(Tensor& out, strata_reduce_op op, const Tensor& x, uint32_t axes_mask,
                   const Tensor& kept);
// a and b of rank >= 2 (batch axes broadcast).
void record_matmul(Tensor& out, const Tensor& a, const Tensor& b);
void record_conv2d(Tensor& y, const Tensor& x, const Tensor& w, const ops::Conv2DOptions& options);
void record_pool2d(Tensor& y, strata_pool_op op, const Tensor& x,
                   const ops::Pool2DOptions& options);
// Over the last axis.
void record_softmax(Tensor& y, strata_softmax_op op, const Tensor& x);
// Rows of `table` (axis 0) at `indices`.
void record_gather(Tensor& out, const Tensor& table, const Tensor& indices);
// `out` holds x's elements in x's row-major order under another shape (reshape, expand_dims,
// squeeze, copy).
void record_reshape(Tensor& out, const Tensor& x);
void record_transpose(Tensor& out, const Tensor& x, const Axes& perm);
void record_broadcast(Tensor& out, const Tensor& x);
// out is `region` of x.
void record_slice(Tensor& out, const Tensor& x, const ops_detail::Region& region);
// x sits at `region` of out (padding).
void record_pad(Tensor& out, const Tensor& x, const ops_detail::Region& region);
void record_concatenate(Tensor& out, std::span<const Tensor> inputs, int axis);

}  // namespace strata::autodiff
