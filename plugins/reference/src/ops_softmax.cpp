// STRATA_OP_SOFTMAX and STRATA_OP_SOFTMAX_BACKWARD over the last axis. Each row (all indices
// but the last fixed) is loaded into doubles, transformed, and stored with one rounding.
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "op_common.hpp"

namespace strata_ref {
namespace {

using Row = std::vector<double>;

// Calls fn(index) once per row, with index[rank-1] left for the callee to step.
template <typename Fn>
void for_each_row(const strata_tensor& t, Fn&& fn) {
  if (t.shape[t.rank - 1] == 0) return;
  for_each_index(t.rank - 1, t.shape, [&](const int64_t* prefix) {
    int64_t index[STRATA_MAX_RANK] = {};
    std::copy(prefix, prefix + t.rank - 1, index);
    fn(index);
  });
}

Row load_row(const strata_tensor& t, int64_t* index) {
  Row row(static_cast<size_t>(t.shape[t.rank - 1]));
  for (size_t j = 0; j < row.size(); ++j) {
    index[t.rank - 1] = static_cast<int64_t>(j);
    row[j] = load_f(t, index);
  }
  return row;
}

void store_row(const strata_tensor& t, int64_t* index, const Row& row) {
  for (size_t j = 0; j < row.size(); ++j) {
    index[t.rank - 1] = static_cast<int64_t>(j);
    store_f(t, index, row[j]);
  }
}

double sum(const Row& row) {
  double s = 0;
  for (double v : row) s += v;
  return s;
}

// Subtracting the row maximum keeps exp() from overflowing for large inputs.
Row softmax_row(int32_t sub_op, const Row& x) {
  const double m = *std::max_element(x.begin(), x.end());
  Row e(x.size());
  for (size_t j = 0; j < x.size(); ++j) e[j] = std::exp(x[j] - m);
  const double total = sum(e);
  Row y(x.size());
  for (size_t j = 0; j < x.size(); ++j) {
    y[j] = sub_op == STRATA_SOFTMAX ? e[j] / total : x[j] - m - std::log(total);
  }
  return y;
}

Row softmax_backward_row(int32_t sub_op, const Row& dy, const Row& y) {
  Row dx(y.size());
  if (sub_op == STRATA_SOFTMAX) {
    double dot = 0;
    for (size_t j = 0; j < y.size(); ++j) dot += dy[j] * y[j];
    for (size_t j = 0; j < y.size(); ++j) dx[j] = y[j] * (dy[j] - dot);
  } else {
    const double total = sum(dy);
    for (size_t j = 0; j < y.size(); ++j) dx[j] = dy[j] - std::exp(y[j]) * total;
  }
  return dx;
}

}  // namespace

strata_error* op_softmax(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "softmax";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_softmax_sub_op(kOp, call.sub_op))) return err;
  if (auto* err = make_error(strata::kit::check_softmax_tensors(kOp, call))) return err;
  if (phase == Phase::kValidate) return nullptr;
  const strata_tensor& x = *call.inputs[0];
  const strata_tensor& y = *call.outputs[0];
  for_each_row(y, [&](int64_t* index) {
    store_row(y, index, softmax_row(call.sub_op, load_row(x, index)));
  });
  return nullptr;
}

strata_error* op_softmax_backward(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "softmax_backward";
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_softmax_sub_op(kOp, call.sub_op))) return err;
  if (auto* err = make_error(strata::kit::check_softmax_tensors(kOp, call))) return err;
  if (phase == Phase::kValidate) return nullptr;
  const strata_tensor& dy = *call.inputs[0];
  const strata_tensor& y = *call.inputs[1];
  const strata_tensor& dx = *call.outputs[0];
  for_each_row(dx, [&](int64_t* index) {
    const Row dy_row = load_row(dy, index);
    store_row(dx, index, softmax_backward_row(call.sub_op, dy_row, load_row(y, index)));
  });
  return nullptr;
}

}  // namespace strata_ref
