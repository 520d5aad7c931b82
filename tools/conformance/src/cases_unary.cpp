// Cases of the unary family, forward and backward: every function on every view, with the
// params that change its code path (gelu's tanh approximation, leaky_relu and elu slopes,
// clip bounds), inputs kept in each function's domain, and on purpose: exact kinks (a grid
// through 0 and the clip bounds), large magnitudes (overflow-prone exp-based forms), and NaN,
// infinities and signed zeros.
#include <algorithm>

#include "cases.hpp"
#include "grad_case.hpp"

namespace strata::conformance {
namespace {

struct Variant {
  strata_unary_params params;
  std::string suffix;  // appended to labels: ", tanh approximation"
};

strata_unary_params unary_params(double alpha, double beta) {
  auto p = make_params<strata_unary_params>();
  p.alpha = alpha;
  p.beta = beta;
  return p;
}

std::vector<Variant> variants(int32_t fn) {
  switch (fn) {
    case STRATA_UNARY_LEAKY_RELU:
      return {{unary_params(0.1, 0), ", alpha 0.1"}};
    case STRATA_UNARY_ELU:
      return {{unary_params(1.3, 0), ", alpha 1.3"}};
    case STRATA_UNARY_CLIP:
      return {{unary_params(-0.5, 1.25), ", bounds -0.5 and 1.25"}};
    case STRATA_UNARY_GELU:
      return {{unary_params(0, 0), ", exact"}, {unary_params(0, 1), ", tanh approximation"}};
    default:
      return {{unary_params(0, 0), ""}};
  }
}

bool positive_only(int32_t fn) {
  return fn == STRATA_UNARY_SQRT || fn == STRATA_UNARY_RSQRT || fn == STRATA_UNARY_LOG;
}

// Functions defined on all reals (reciprocal is, but its pole at 0 makes values meaningless).
bool real_line(int32_t fn) {
  return !positive_only(fn) && fn != STRATA_UNARY_RECIPROCAL;
}

Domain ordinary(int32_t fn) {
  if (positive_only(fn)) return Domain::uniform(0.05, 10);
  if (fn == STRATA_UNARY_RECIPROCAL) return Domain::magnitude(0.1, 10);
  return Domain::uniform(-3, 3);
}

// |x| past 20, where exp-based forms overflow unless written carefully.
Domain large_magnitude(int32_t fn) {
  if (positive_only(fn)) return Domain::uniform(1e-3, 1e4);
  if (fn == STRATA_UNARY_RECIPROCAL) return Domain::magnitude(1e-3, 1e4);
  return Domain::uniform(-40, 40);
}

std::vector<double> kinks(int32_t fn, const strata_unary_params& p) {
  switch (fn) {
    case STRATA_UNARY_ABS:
    case STRATA_UNARY_SIGN:
    case STRATA_UNARY_RELU:
    case STRATA_UNARY_LEAKY_RELU:
    case STRATA_UNARY_ELU:
    case STRATA_UNARY_SELU:
    case STRATA_UNARY_SOFTSIGN:
      return {0.0};  // softsign: its second derivative jumps at 0
    case STRATA_UNARY_CLIP:
      return {p.alpha, p.beta};
    default:
      return {};
  }
}

bool is_backward(const OpInfo& op) {
  return op.op == STRATA_OP_UNARY_BACKWARD;
}

bool is_broadcast(const TensorSpec& t) {
  return std::find(t.strides.begin(), t.strides.end(), 0) != t.strides.end();
}

// The backward's dy takes x's view, broadcast included (the gradient of a mean arrives
// broadcast); x keeps the view's layout but is never broadcast.
Case unary_case(const OpInfo& op, strata_dtype dtype, const Variant& v, std::string label,
                TensorSpec x, TensorSpec out) {
  std::vector<TensorSpec> inputs;
  if (is_backward(op)) {
    TensorSpec dy = x;
    dy.role = "dy";
    dy.domain = Domain::uniform(-2, 2);
    if (is_broadcast(x)) x = make_tensor("x", dtype, x.shape, x.domain);
    inputs = {std::move(dy), std::move(x)};
  } else {
    inputs = {std::move(x)};
  }
  out.role = is_backward(op) ? "dx" : "y";
  return make_case(op, dtype, label + v.suffix, Tolerance::kElementwise, v.params,
                   std::move(inputs), {std::move(out)});
}

// Cases on special data, dense [rows, cols].
void add_domain_cases(std::vector<Case>& cases, const OpInfo& op, strata_dtype dtype,
                      const Variant& v) {
  const int32_t fn = op.sub_op;
  const auto add = [&](std::string label, std::vector<int64_t> shape, Domain domain) {
    cases.push_back(unary_case(op, dtype, v, std::move(label),
                               make_tensor("x", dtype, shape, std::move(domain)),
                               make_tensor("y", dtype, shape, Domain::none())));
  };
  add("large magnitudes", {4, 9}, large_magnitude(fn));
  if (real_line(fn)) {
    add("kinks: a grid through 0 and the clip bounds", {5, 7}, Domain::grid(-3, 3, 0.25));
  }
  if (!is_backward(op)) {
    add("NaN, inf, signed zeros", {6, 7},
        real_line(fn) ? Domain::specials(-3, 3) : Domain::specials(0.05, 10));
  }
}

Case grad_forward(const OpInfo& backward_op, strata_dtype dtype, const Variant& v,
                  std::string label, TensorSpec x) {
  TensorSpec y = make_tensor("y", dtype, x.shape, Domain::none());
  return make_case(find_op(STRATA_OP_UNARY, backward_op.sub_op), dtype, std::move(label),
                   Tolerance::kElementwise, v.params, {std::move(x)}, {std::move(y)});
}

// Away from the function's kinks by more than the finite-difference step, and for the
// functions with a pole or a boundary at 0, far enough from it (|x| >= 1) that the truncation
// error of the central difference stays small.
Domain grad_domain(int32_t fn, const strata_unary_params& p) {
  if (positive_only(fn)) return Domain::uniform(1, 4);
  if (fn == STRATA_UNARY_RECIPROCAL) return Domain::magnitude(1, 4);
  return Domain::uniform(-3, 3).avoiding(kinks(fn, p), 0.05);
}

}  // namespace

std::vector<Case> unary_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const Variant& v : variants(op.sub_op)) {
    for (const View& view : elementwise_views()) {
      cases.push_back(unary_case(op, dtype, v, view.label,
                                 view_input(view, "x", dtype, ordinary(op.sub_op)),
                                 view_output(view, "y", dtype)));
    }
    add_domain_cases(cases, op, dtype, v);
  }
  return cases;
}

Case unary_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return unary_case(op, dtype, variants(op.sub_op).front(), "large",
                    make_tensor("x", dtype, kLargeShape, ordinary(op.sub_op)),
                    make_tensor("y", dtype, kLargeShape, Domain::none()));
}

std::vector<GradCase> unary_grad_cases(const OpInfo& backward_op, strata_dtype dtype) {
  std::vector<GradCase> cases;
  for (const Variant& v : variants(backward_op.sub_op)) {
    const Domain domain = grad_domain(backward_op.sub_op, v.params);
    for (const auto& [label, layout] :
         {std::pair{"dense", Layout::kDense}, std::pair{"transposed x", Layout::kTransposed}}) {
      TensorSpec x = make_tensor("x", dtype, {4, 5}, domain, layout);
      Case forward = grad_forward(backward_op, dtype, v, label, x);
      Case backward =
          make_case(backward_op, dtype, label + v.suffix, Tolerance::kElementwise, v.params,
                    {make_tensor("dy", dtype, {4, 5}, Domain::uniform(-1, 1)), x},
                    {make_tensor("dx", dtype, {4, 5}, Domain::none())});
      cases.push_back({std::move(forward),
                       0,
                       std::move(backward),
                       {{GradSource::Kind::kDy}, {GradSource::Kind::kForwardInput, 0}}});
    }
  }
  return cases;
}

}  // namespace strata::conformance
