// STRATA_OP_MATMUL: batched c = alpha * a @ b + beta * c, one dot product per element of c,
// accumulated in double.
#include <algorithm>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "matmul";

strata_error* check_matmul(const strata_tensor& a, const strata_tensor& b, const strata_tensor& c) {
  if (!is_float(c.dtype)) {
    return unsupported("{}: c is {}: matmul takes float dtypes only", kOp, shape_text(c));
  }
  if (a.dtype != c.dtype || b.dtype != c.dtype) {
    return invalid("{}: a is {}, b is {}, c is {}: all three need one dtype", kOp, shape_text(a),
                   shape_text(b), shape_text(c));
  }
  const int r = c.rank;
  if (r < 2 || a.rank != r || b.rank != r) {
    return invalid("{}: a is {}, b is {}, c is {}: all three need the same rank, 2..{}", kOp,
                   shape_text(a), shape_text(b), shape_text(c), STRATA_MAX_RANK);
  }
  const bool same_batch = std::equal(a.shape, a.shape + r - 2, c.shape) &&
                          std::equal(b.shape, b.shape + r - 2, c.shape);
  if (!same_batch) {
    return invalid("{}: a is {}, b is {}, c is {}: batch (leading) dimensions differ", kOp,
                   shape_text(a), shape_text(b), shape_text(c));
  }
  if (a.shape[r - 1] != b.shape[r - 2]) {
    return invalid("{}: a is {}, b is {}: inner dimensions {} and {} differ", kOp, shape_text(a),
                   shape_text(b), a.shape[r - 1], b.shape[r - 2]);
  }
  if (c.shape[r - 2] != a.shape[r - 2] || c.shape[r - 1] != b.shape[r - 1]) {
    return invalid("{}: a is {}, b is {}, c is {}: c must be [..., {}, {}]", kOp, shape_text(a),
                   shape_text(b), shape_text(c), a.shape[r - 2], b.shape[r - 1]);
  }
  return nullptr;
}

// sum_k a[batch, m, k] * b[batch, k, n] for the element of c at `c_index`.
double dot(const strata_tensor& a, const strata_tensor& b, const int64_t* c_index) {
  const int r = a.rank;
  int64_t a_index[STRATA_MAX_RANK], b_index[STRATA_MAX_RANK];
  std::copy(c_index, c_index + r, a_index);
  std::copy(c_index, c_index + r, b_index);
  double sum = 0;
  for (int64_t k = 0; k < a.shape[r - 1]; ++k) {
    a_index[r - 1] = k;
    b_index[r - 2] = k;
    sum += load_f(a, a_index) * load_f(b, b_index);
  }
  return sum;
}

}  // namespace

strata_error* op_matmul(const strata_op_call& call, Phase phase) {
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& a = *call.inputs[0];
  const strata_tensor& b = *call.inputs[1];
  const strata_tensor& c = *call.outputs[0];
  if (auto* err = check_matmul(a, b, c)) return err;
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; matmul needs strata_matmul_params (alpha, beta)", kOp);
  }
  if (phase == Phase::kValidate) return nullptr;

  const auto params = read_params<strata_matmul_params>(call.params);
  for_each_index(c, [&](const int64_t* index) {
    double value = params.alpha * dot(a, b, index);
    // beta == 0 makes c write-only: its old contents (NaN, garbage) must not leak through 0*c.
    if (params.beta != 0) value += params.beta * load_f(c, index);
    store_f(c, index, value);
  });
  return nullptr;
}

}  // namespace strata_ref
