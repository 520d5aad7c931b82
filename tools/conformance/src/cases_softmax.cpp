// Cases of softmax and log_softmax, forward and backward, over the last axis: rows of length
// 1 and 0, no rows, rank 1 and 3, long rows, non-contiguous, offset and broadcast tensors, and
// logits large enough to overflow exp without the max subtraction.
#include "cases.hpp"
#include "grad_case.hpp"

namespace strata::conformance {
namespace {

const std::vector<View>& views() {
  using L = Layout;
  static const std::vector<View> list = {
      {"odd sizes", {7, 13}},
      {"rank 1", {9}},
      {"rows of length 1", {5, 1}},
      {"1 x 1", {1, 1}},
      {"empty rows", {3, 0}},
      {"no rows", {0, 5}},
      {"rank 3", {2, 3, 17}},
      {"long rows", {2, 1000}},
      {"transposed input", {9, 11}, L::kTransposed},
      {"sliced input, padded output", {6, 10}, L::kPadded, L::kPadded},
      {"stepped input, offset output", {4, 7}, L::kStepped, L::kOffset},
      {"broadcast along the row (stride 0)", {4, 6}, L::kDense, L::kDense, 0b10},
  };
  return list;
}

bool is_backward(const OpInfo& op) {
  return op.op == STRATA_OP_SOFTMAX_BACKWARD;
}

// The backward reads the forward's output y: probabilities, or log-probabilities.
Domain y_domain(const OpInfo& op) {
  return op.sub_op == STRATA_SOFTMAX ? Domain::uniform(0, 1) : Domain::uniform(-6, 0);
}

// forward: x -> y;  backward: dy, y -> dx. The view's layout goes to the first input.
Case softmax_case(const OpInfo& op, strata_dtype dtype, const View& v, const Domain& x_data) {
  std::vector<TensorSpec> in;
  if (is_backward(op)) {
    in = {view_input(v, "dy", dtype, Domain::uniform(-1, 1)),
          make_tensor("y", dtype, v.shape, y_domain(op))};
  } else {
    in = {view_input(v, "x", dtype, x_data)};
  }
  return make_case(op, dtype, v.label, Tolerance::kAccumulating, {}, std::move(in),
                   {view_output(v, is_backward(op) ? "dx" : "y", dtype)});
}

}  // namespace

std::vector<Case> softmax_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const View& v : views()) cases.push_back(softmax_case(op, dtype, v, Domain::uniform(-3, 3)));
  if (!is_backward(op)) {
    cases.push_back(
        softmax_case(op, dtype, {"logits up to 100", {5, 9}}, Domain::uniform(-100, 100)));
  }
  return cases;
}

Case softmax_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return softmax_case(op, dtype, {"large", kLargeShape}, Domain::uniform(-3, 3));
}

std::vector<GradCase> softmax_grad_cases(const OpInfo& backward_op, strata_dtype dtype) {
  using Kind = GradSource::Kind;
  std::vector<GradCase> cases;
  for (const View& v : {View{"rows of 7", {3, 7}}, View{"rank 3", {2, 3, 5}}}) {
    GradCase c;
    c.forward = softmax_case(find_op(STRATA_OP_SOFTMAX, backward_op.sub_op), dtype, v,
                             Domain::uniform(-2, 2));
    c.wrt = 0;
    c.backward = softmax_case(backward_op, dtype, v, Domain::none());
    c.sources = {{Kind::kDy}, {Kind::kForwardOutput}};
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace strata::conformance
