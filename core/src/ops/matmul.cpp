// Batched matrix multiply with NumPy's broadcasting of batch axes; transposes arrive as strided
// views and go to the backend as such.
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "kernels.hpp"
#include "op_support.hpp"

namespace strata {
namespace {

using namespace ops_detail;

// The leading (batch) axes of a rank >= 2 shape.
Shape batch_of(const Shape& shape) {
  return Shape(shape.span().first(static_cast<size_t>(shape.rank() - 2)));
}

// `batch` followed by the last two sizes of `matrix`.
Shape with_batch(const Shape& batch, const Shape& matrix) {
  Shape out = batch;
  out.push_back(matrix[matrix.rank() - 2]);
  out.push_back(matrix[matrix.rank() - 1]);
  return out;
}

// The result shape of a @ b for rank >= 2 operands; ShapeError with both shapes otherwise.
Shape product_shape(const Shape& a, const Shape& b, const Shape& a_given, const Shape& b_given) {
  const int64_t k_a = a[a.rank() - 1], k_b = b[b.rank() - 2];
  if (k_a != k_b) {
    throw ShapeError(fmt::format("matmul: a is {}, b is {}: inner dimensions {} and {} differ",
                                 a_given.to_string(), b_given.to_string(), k_a, k_b));
  }
  Shape batch;
  try {
    batch = ops::broadcast_shapes(batch_of(a), batch_of(b), "matmul");
  } catch (const ShapeError&) {
    throw ShapeError(
        fmt::format("matmul: a is {}, b is {}: batch dimensions {} and {} do not "
                    "broadcast",
                    a_given.to_string(), b_given.to_string(), batch_of(a).to_string(),
                    batch_of(b).to_string()));
  }
  batch.push_back(a[a.rank() - 2]);
  batch.push_back(b[b.rank() - 1]);
  return batch;
}

// a @ b for operands of rank >= 2, recorded for autodiff.
Tensor matmul_matrices(const Tensor& a, const Tensor& b, const Shape& a_given,
                       const Shape& b_given) {
  Tensor out =
      detail::allocate_like(a, product_shape(a.shape(), b.shape(), a_given, b_given), a.dtype());
  kernels::matmul_into(a, b, out, 1, 0);
  autodiff::record_matmul(out, a, b);
  return out;
}

}  // namespace

namespace kernels {

void matmul_into(const Tensor& a, const Tensor& b, const Tensor& out, double alpha, double beta) {
  const Shape batch = batch_of(out.shape());
  const strata_matmul_params params{sizeof params, alpha, beta};
  launch(out.impl()->context(), "matmul", STRATA_OP_MATMUL, 0, &params,
         {broadcast_operand(a, with_batch(batch, a.shape())),
          broadcast_operand(b, with_batch(batch, b.shape()))},
         {operand(out)});
}

Shape matmul_shape(const Tensor& a, const Tensor& b) {
  return product_shape(a.shape(), b.shape(), a.shape(), b.shape());
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  Tensor out = detail::allocate_like(a, matmul_shape(a, b), a.dtype());
  matmul_into(a, b, out, 1, 0);
  return out;
}

}  // namespace kernels

namespace ops {

Tensor matmul(const Tensor& a, const Tensor& b) {
  common_context("matmul", {&a, &b});
  require_float("matmul", "a", a);
  require_same_dtype("matmul", a, b);
  if (a.rank() == 0 || b.rank() == 0) {
    throw ShapeError(
        fmt::format("matmul: a is {}, b is {}: matmul needs rank >= 1 (use "
                    "multiply for scalars)",
                    a.shape().to_string(), b.shape().to_string()));
  }
  const bool a_vector = a.rank() == 1, b_vector = b.rank() == 1;
  const Tensor a2 = a_vector ? expand_dims(a, 0) : a;
  const Tensor b2 = b_vector ? expand_dims(b, 1) : b;
  Tensor out = matmul_matrices(a2, b2, a.shape(), b.shape());
  if (a_vector) out = squeeze(out, Axes{-2});
  if (b_vector) out = squeeze(out, Axes{-1});
  return out;
}

}  // namespace ops
}  // namespace strata
