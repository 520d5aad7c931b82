// Elementwise ops: the unary family, the binary family with broadcasting, where and cast.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "../tensor/factories.hpp"
#include "kernels.hpp"
#include "op_names.hpp"
#include "op_support.hpp"

namespace strata::ops {

using namespace ops_detail;

namespace {

bool integer_arithmetic(strata_binary_op op) {
  return op == STRATA_BINARY_ADD || op == STRATA_BINARY_SUB || op == STRATA_BINARY_MUL ||
         op == STRATA_BINARY_MAXIMUM || op == STRATA_BINARY_MINIMUM;
}

void check_binary_dtype(strata_binary_op op, DType dtype) {
  if (is_comparison(op) || is_floating(dtype)) return;
  const char* name = binary_name(op);
  if (integer_arithmetic(op) && (dtype == DType::int32 || dtype == DType::int64)) return;
  throw DTypeError(fmt::format("{}: operands are {}; {} takes float dtypes{} (cast with ops::cast)",
                               name, dtype_name(dtype), name,
                               integer_arithmetic(op) ? ", int32 or int64" : ""));
}

// A rank-0 tensor of x's dtype on x's context.
Tensor scalar_like(const Tensor& x, double value) {
  return detail::full(detail::checked(x, "scalar", "x").storage->context, Shape{}, value,
                      x.dtype());
}

}  // namespace

Tensor unary(strata_unary_op op, const Tensor& x, double alpha, double beta) {
  const char* name = unary_name(op);
  if (op < STRATA_UNARY_NEG || op > STRATA_UNARY_CLIP) {
    throw ValueError(
        fmt::format("unary: sub-code {} is not a unary function of ABI 1.0", static_cast<int>(op)));
  }
  ContextState& context = common_context(name, {&x});
  require_float(name, "x", x);
  Tensor y = detail::allocate_like(x, x.shape(), x.dtype());
  const strata_unary_params params{sizeof params, alpha, beta};
  launch(context, name, STRATA_OP_UNARY, op, &params, {operand(x)}, {operand(y)});
  autodiff::record_unary(y, x, op, alpha, beta);
  return y;
}

Tensor negative(const Tensor& x) {
  return unary(STRATA_UNARY_NEG, x);
}
Tensor abs(const Tensor& x) {
  return unary(STRATA_UNARY_ABS, x);
}
Tensor sign(const Tensor& x) {
  return unary(STRATA_UNARY_SIGN, x);
}
Tensor square(const Tensor& x) {
  return unary(STRATA_UNARY_SQUARE, x);
}
Tensor sqrt(const Tensor& x) {
  return unary(STRATA_UNARY_SQRT, x);
}
Tensor rsqrt(const Tensor& x) {
  return unary(STRATA_UNARY_RSQRT, x);
}
Tensor reciprocal(const Tensor& x) {
  return unary(STRATA_UNARY_RECIPROCAL, x);
}
Tensor exp(const Tensor& x) {
  return unary(STRATA_UNARY_EXP, x);
}
Tensor log(const Tensor& x) {
  return unary(STRATA_UNARY_LOG, x);
}
Tensor tanh(const Tensor& x) {
  return unary(STRATA_UNARY_TANH, x);
}
Tensor sigmoid(const Tensor& x) {
  return unary(STRATA_UNARY_SIGMOID, x);
}
Tensor relu(const Tensor& x) {
  return unary(STRATA_UNARY_RELU, x);
}
Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return unary(STRATA_UNARY_LEAKY_RELU, x, negative_slope);
}
Tensor elu(const Tensor& x, double alpha) {
  return unary(STRATA_UNARY_ELU, x, alpha);
}
Tensor selu(const Tensor& x) {
  return unary(STRATA_UNARY_SELU, x);
}
Tensor gelu(const Tensor& x, bool approximate) {
  return unary(STRATA_UNARY_GELU, x, 0, approximate ? 1 : 0);
}
Tensor silu(const Tensor& x) {
  return unary(STRATA_UNARY_SILU, x);
}
Tensor softplus(const Tensor& x) {
  return unary(STRATA_UNARY_SOFTPLUS, x);
}
Tensor softsign(const Tensor& x) {
  return unary(STRATA_UNARY_SOFTSIGN, x);
}

Tensor clip(const Tensor& x, double lo, double hi) {
  if (!(lo <= hi)) {
    throw ValueError(fmt::format("clip: the lower bound {} is above the upper bound {}", lo, hi));
  }
  return unary(STRATA_UNARY_CLIP, x, lo, hi);
}

Tensor binary(strata_binary_op op, const Tensor& a, const Tensor& b) {
  const char* name = binary_name(op);
  if (op < STRATA_BINARY_ADD || op > STRATA_BINARY_GREATER_EQUAL) {
    throw ValueError(fmt::format("binary: sub-code {} is not a binary function of ABI 1.0",
                                 static_cast<int>(op)));
  }
  ContextState& context = common_context(name, {&a, &b});
  require_same_dtype(name, a, b);
  check_binary_dtype(op, a.dtype());
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), name);
  Tensor out = detail::allocate_like(a, shape, is_comparison(op) ? DType::uint8 : a.dtype());
  launch(context, name, STRATA_OP_BINARY, op, nullptr,
         {broadcast_operand(a, shape), broadcast_operand(b, shape)}, {operand(out)});
  if (!is_comparison(op)) autodiff::record_binary(out, op, a, b);
  return out;
}

Tensor add(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_ADD, a, b);
}
Tensor subtract(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_SUB, a, b);
}
Tensor multiply(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_MUL, a, b);
}
Tensor divide(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_DIV, a, b);
}
Tensor power(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_POW, a, b);
}
Tensor power(const Tensor& a, double exponent) {
  return binary(STRATA_BINARY_POW, a, scalar_like(a, exponent));
}
Tensor maximum(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_MAXIMUM, a, b);
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_MINIMUM, a, b);
}
Tensor equal(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_EQUAL, a, b);
}
Tensor not_equal(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_NOT_EQUAL, a, b);
}
Tensor less(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_LESS, a, b);
}
Tensor less_equal(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_LESS_EQUAL, a, b);
}
Tensor greater(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_GREATER, a, b);
}
Tensor greater_equal(const Tensor& a, const Tensor& b) {
  return binary(STRATA_BINARY_GREATER_EQUAL, a, b);
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  ContextState& context = common_context("where", {&cond, &a, &b});
  if (cond.dtype() != DType::uint8) {
    throw DTypeError(fmt::format("where: cond is {}; it must be uint8 (what comparisons return)",
                                 dtype_name(cond.dtype())));
  }
  require_same_dtype("where", a, b);
  const Shape shape =
      broadcast_shapes(broadcast_shapes(cond.shape(), a.shape(), "where"), b.shape(), "where");
  Tensor out = detail::allocate_like(a, shape, a.dtype());
  launch(context, "where", STRATA_OP_WHERE, 0, nullptr,
         {broadcast_operand(cond, shape), broadcast_operand(a, shape), broadcast_operand(b, shape)},
         {operand(out)});
  autodiff::record_where(out, cond, a, b);
  return out;
}

Tensor cast(const Tensor& x, DType dtype) {
  common_context("cast", {&x});
  if (x.dtype() == dtype) return x;
  Tensor out = detail::allocate_like(x, x.shape(), dtype);
  kernels::cast_into(x, out);
  if (is_floating(dtype) && is_floating(x.dtype())) autodiff::record_cast(out, x);
  return out;
}

}  // namespace strata::ops

namespace strata {

using ops::scalar_like;

Tensor operator-(const Tensor& x) {
  return ops::negative(x);
}
Tensor operator+(const Tensor& a, const Tensor& b) {
  return ops::add(a, b);
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return ops::subtract(a, b);
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return ops::multiply(a, b);
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return ops::divide(a, b);
}
Tensor operator+(const Tensor& a, double b) {
  return ops::add(a, scalar_like(a, b));
}
Tensor operator-(const Tensor& a, double b) {
  return ops::subtract(a, scalar_like(a, b));
}
Tensor operator*(const Tensor& a, double b) {
  return ops::multiply(a, scalar_like(a, b));
}
Tensor operator/(const Tensor& a, double b) {
  return ops::divide(a, scalar_like(a, b));
}
Tensor operator+(double a, const Tensor& b) {
  return ops::add(scalar_like(b, a), b);
}
Tensor operator-(double a, const Tensor& b) {
  return ops::subtract(scalar_like(b, a), b);
}
Tensor operator*(double a, const Tensor& b) {
  return ops::multiply(scalar_like(b, a), b);
}
Tensor operator/(double a, const Tensor& b) {
  return ops::divide(scalar_like(b, a), b);
}

}  // namespace strata

namespace strata::kernels {

Tensor unary_backward(strata_unary_op op, const Tensor& dy, const Tensor& x, double alpha,
                      double beta) {
  Tensor dx = detail::allocate_like(x, x.shape(), x.dtype());
  const strata_unary_params params{sizeof params, alpha, beta};
  ops_detail::launch(x.impl()->context(), ops_detail::unary_name(op), STRATA_OP_UNARY_BACKWARD, op,
                     &params, {ops_detail::operand(dy), ops_detail::operand(x)},
                     {ops_detail::operand(dx)});
  return dx;
}

}  // namespace strata::kernels
