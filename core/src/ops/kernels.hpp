// The library's own entry points to single ABI calls on prepared operands: what factories,
// views, autodiff and the optimiser hook build on. No validation beyond what the public ops
// already did, no autodiff recording.
#pragma once

#include <strata/backend.h>

#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace strata::kernels {

// out[...] = value (FILL).
void fill(const Tensor& out, double value);
// out = src, same dtype; src is broadcast to out's shape by stride 0 (COPY).
void copy_into(const Tensor& src, const Tensor& out);
// out = (out dtype) src, same shape (CAST).
void cast_into(const Tensor& src, const Tensor& out);
// out = alpha * a @ b + beta * out; a, b, out already of one rank with batch axes matching out's
// (stride 0 where an operand does not vary) (MATMUL).
void matmul_into(const Tensor& a, const Tensor& b, const Tensor& out, double alpha, double beta);
// The shape of a @ b (batch axes broadcast, rank >= 2 each); ShapeError when they do not fit.
Shape matmul_shape(const Tensor& a, const Tensor& b);
// A fresh contiguous tensor holding a @ b (batch axes broadcast, rank >= 2 each).
Tensor matmul(const Tensor& a, const Tensor& b);
// table[indices[s...], :] += updates[s..., :] into the in/out `table` (SCATTER_ADD).
void scatter_add_into(const Tensor& updates, const Tensor& indices, const Tensor& table);
// The sum of `x` over `axes_mask`, keeping the reduced axes with size 1.
Tensor reduce(strata_reduce_op op, const Tensor& x, uint32_t axes_mask, DType out_dtype);

// Backward forms, each a fresh tensor (see strata/backend.h for the exact formulas).
Tensor unary_backward(strata_unary_op op, const Tensor& dy, const Tensor& x, double alpha,
                      double beta);
Tensor softmax_backward(strata_softmax_op op, const Tensor& dy, const Tensor& y);
Tensor conv2d_backward_data(const Tensor& dy, const Tensor& w, const Shape& x_shape,
                            const ops::Conv2DOptions& options);
Tensor conv2d_backward_filter(const Tensor& x, const Tensor& dy, const Shape& w_shape,
                              const ops::Conv2DOptions& options);
Tensor pool2d_backward(strata_pool_op op, const Tensor& dy, const Tensor& x,
                       const ops::Pool2DOptions& options);

}  // namespace strata::kernels
