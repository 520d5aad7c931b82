// strata/ops.hpp: operations on tensors, in the spirit of keras.ops.
//
// Every op checks its operands on the host before the backend sees them and throws ShapeError,
// DTypeError or ValueError (strata/op_error.hpp) with the op's name and the shapes involved.
// Operands of one op must live on one context; the result lives there too.
//
// Broadcasting follows NumPy: shapes are aligned at their last axis, and a size of 1 (or a
// missing leading axis) stretches to the other operand's size. Broadcast operands are passed to
// the backend as stride-0 views, never materialised.
//
// dtypes: operands of a binary op must share a dtype (cast one explicitly; there is no implicit
// promotion). Arithmetic takes float dtypes, and int32/int64 for add, subtract, multiply,
// maximum and minimum (saturating, never wrapping); comparisons take any dtype and return
// uint8 0/1. Unary functions, softmax, matmul, convolution and pooling take float dtypes.
//
// Differentiable ops record themselves when an operand requires a gradient (strata/autodiff.hpp).
// Those without a gradient (comparisons, argmax/argmin, casts to integers, one_hot) never do.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <optional>
#include <span>

#include "strata/dtype.hpp"
#include "strata/op_error.hpp"
#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata::ops {

// ---- elementwise functions (float dtypes) ---------------------------------------------------
// Any function of the ABI's unary family with its parameters (see strata_unary_op).
Tensor unary(strata_unary_op op, const Tensor& x, double alpha = 0, double beta = 0);

Tensor negative(const Tensor& x);
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);
Tensor square(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.2);
Tensor elu(const Tensor& x, double alpha = 1.0);
Tensor selu(const Tensor& x);
// approximate = true is the tanh form (keras.ops.gelu's default); false is the exact erf form.
Tensor gelu(const Tensor& x, bool approximate = true);
Tensor silu(const Tensor& x);
Tensor softplus(const Tensor& x);
Tensor softsign(const Tensor& x);
// min(max(x, lo), hi); ValueError when lo > hi.
Tensor clip(const Tensor& x, double lo, double hi);

// ---- binary, with broadcasting ----------------------------------------------------------------
Tensor binary(strata_binary_op op, const Tensor& a, const Tensor& b);

Tensor add(const Tensor& a, const Tensor& b);
Tensor subtract(const Tensor& a, const Tensor& b);
Tensor multiply(const Tensor& a, const Tensor& b);
Tensor divide(const Tensor& a, const Tensor& b);
Tensor power(const Tensor& a, const Tensor& b);
Tensor power(const Tensor& a, double exponent);
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
// Comparisons: uint8 tensors of 0 and 1.
Tensor equal(const Tensor& a, const Tensor& b);
Tensor not_equal(const Tensor& a, const Tensor& b);
Tensor less(const Tensor& a, const Tensor& b);
Tensor less_equal(const Tensor& a, const Tensor& b);
Tensor greater(const Tensor& a, const Tensor& b);
Tensor greater_equal(const Tensor& a, const Tensor& b);

// cond (uint8, non-zero is true) ? a : b, all three broadcast together.
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
// Float to integer truncates toward zero and saturates; NaN becomes 0 (STRATA_OP_CAST).
Tensor cast(const Tensor& x, DType dtype);

// The shape `a` and `b` broadcast to; ShapeError "OP: cannot broadcast (32,10) with (32,5)".
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op = "broadcast_shapes");

// ---- reductions --------------------------------------------------------------------------
// Over `axes` (negative axes count from the end; repeats are an error), or over every axis when
// `axes` is empty, as Keras's axis=None. keepdims keeps each reduced axis with size 1. mean
// takes float dtypes; the others also take integers. max and min propagate NaN. Over an empty
// axis: sum 0, mean NaN, max -inf, min +inf.
Tensor sum(const Tensor& x, const Axes& axes = {}, bool keepdims = false);
Tensor mean(const Tensor& x, const Axes& axes = {}, bool keepdims = false);
Tensor max(const Tensor& x, const Axes& axes = {}, bool keepdims = false);
Tensor min(const Tensor& x, const Axes& axes = {}, bool keepdims = false);
// int64 indices along one axis; ties go to the lowest index, NaN counts as the extreme.
Tensor argmax(const Tensor& x, int axis = -1, bool keepdims = false);
Tensor argmin(const Tensor& x, int axis = -1, bool keepdims = false);

// ---- linear algebra ----------------------------------------------------------------------
// NumPy's matmul: a [..., M, K] @ b [..., K, N] -> [..., M, N], batch axes broadcast (stride 0),
// a rank-1 a is a row and a rank-1 b a column (their axis is dropped from the result).
// Transposed operands (a.transpose()) are strided views: no copy is made.
Tensor matmul(const Tensor& a, const Tensor& b);

// ---- convolution and pooling (NHWC; float dtypes) -------------------------------------------
struct Padding2D {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
};

// The padding Keras's padding="same" uses for one input size: the output has
// ceil(size / stride) positions and the extra pixel, if any, goes after.
Padding2D same_padding(int64_t in_h, int64_t in_w, int32_t kernel_h, int32_t kernel_w,
                       int32_t stride_h = 1, int32_t stride_w = 1, int32_t dilation_h = 1,
                       int32_t dilation_w = 1);

struct Conv2DOptions {
  int32_t stride_h = 1, stride_w = 1;
  Padding2D padding;  // explicit zeros around the image ("valid" is all zeros)
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t groups = 1;  // divides C and F; groups == C is depthwise
};

// x [N, H, W, C], kernel [KH, KW, C/groups, F] -> [N, OH, OW, F] (cross-correlation).
Tensor conv2d(const Tensor& x, const Tensor& kernel, const Conv2DOptions& options = {});

struct Pool2DOptions {
  int32_t window_h = 2, window_w = 2;
  int32_t stride_h = 0, stride_w = 0;  // 0 means the window size (Keras's default)
  Padding2D padding;                   // never selected by max; excluded from average's divisor
};

// x [N, H, W, C] -> [N, OH, OW, C].
Tensor max_pool2d(const Tensor& x, const Pool2DOptions& options = {});
Tensor avg_pool2d(const Tensor& x, const Pool2DOptions& options = {});

// ---- softmax --------------------------------------------------------------------------------
Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);

// ---- indexing ---------------------------------------------------------------------------------
// Elements of x along `axis` at int32/int64 `indices` (any shape S): the result's shape is x's
// with that axis replaced by S. take(table, ids) with axis 0 is an embedding lookup. Indices
// outside [0, size) are reported by the backend (at the next read on asynchronous ones).
Tensor take(const Tensor& x, const Tensor& indices, int axis = 0);
// indices (int32/int64, shape S) -> S + (depth,), 1 where the index matches, else 0.
Tensor one_hot(const Tensor& indices, int64_t depth, std::optional<DType> dtype = std::nullopt);

// ---- shapes and data movement ------------------------------------------------------------
// Views (no copy) unless noted.
Tensor reshape(const Tensor& x, std::span<const int64_t> dims);  // copies when not contiguous
Tensor transpose(const Tensor& x, const Axes& perm = {});
Tensor expand_dims(const Tensor& x, int axis);
Tensor squeeze(const Tensor& x, const Axes& axes = {});
Tensor broadcast_to(const Tensor& x, const Shape& shape);
// As keras.ops.slice: `sizes[k]` elements of axis k from `starts[k]`; one entry per axis.
Tensor slice(const Tensor& x, std::span<const int64_t> starts, std::span<const int64_t> sizes);
// Python's x[..., start:stop:step, ...] on one axis (step >= 1; start and stop clamp to the
// axis and may count from the end).
Tensor slice_axis(const Tensor& x, int axis, int64_t start, int64_t stop, int64_t step = 1);

// Copies (strided copies on the backend):
Tensor copy(const Tensor& x);  // a contiguous copy
Tensor concatenate(std::span<const Tensor> tensors, int axis = 0);
Tensor stack(std::span<const Tensor> tensors, int axis = 0);

struct PadWidth {
  int64_t before = 0, after = 0;
};
// One PadWidth per axis; the new elements hold `value`.
Tensor pad(const Tensor& x, std::span<const PadWidth> widths, double value = 0);

Tensor zeros_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor ones_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor full_like(const Tensor& x, double value, std::optional<DType> dtype = std::nullopt);

}  // namespace strata::ops

namespace strata {

// Arithmetic operators: ops::add and friends; a double becomes a scalar of the tensor's dtype.
Tensor operator-(const Tensor& x);
Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator-(const Tensor& a, double b);
Tensor operator*(const Tensor& a, double b);
Tensor operator/(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(double a, const Tensor& b);

}  // namespace strata
