// STRATA_OP_MATMUL: batched c = alpha * a @ b + beta * c, one dot product per element of c,
// accumulated in double.
#include <strata/kit/op_checks.hpp>

#include <algorithm>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "matmul";

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
  if (auto* err = make_error(strata::kit::check_matmul(a, b, c))) return err;
  if (auto* err = make_error(strata::kit::check_params_present(
          call, kOp, "matmul needs strata_matmul_params (alpha, beta)"))) {
    return err;
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
