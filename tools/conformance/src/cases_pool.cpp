// Cases of pool2d and pool2d_backward, MAX and AVG: overlapping and strided windows, padding
// (never a MAX candidate, never in the AVG divisor), windows holding no real pixel, global
// windows, empty batches and channels, non-contiguous tensors, ties (the first maximum wins
// and gets the gradient) and NaN.
#include "cases.hpp"
#include "conv_geometry.hpp"
#include "grad_case.hpp"

namespace strata::conformance {
namespace {

const std::vector<ConvGeometry>& geometries() {
  using L = Layout;
  static const std::vector<ConvGeometry> list = {
      {"2x2, stride 2", {2, 6, 8, 3}, 2, 2, 0, conv_params(2, 2)},
      {"3x3, stride 1 (overlapping)", {1, 7, 9, 2}, 3, 3, 0, conv_params(1, 1)},
      {"3x2, stride 2x1, padded", {1, 7, 6, 2}, 3, 2, 0, conv_params(2, 1, {1, 1, 0, 1})},
      {"odd size, rounded down", {1, 7, 7, 3}, 2, 2, 0, conv_params(2, 2)},
      {"windows holding only padding", {1, 2, 2, 1}, 2, 2, 0, conv_params(2, 2, {2, 0, 2, 0})},
      {"1x1 window", {2, 3, 4, 5}, 1, 1, 0, conv_params(1, 1)},
      {"global window", {2, 5, 6, 3}, 5, 6, 0, conv_params(1, 1)},
      {"empty batch", {0, 4, 4, 2}, 2, 2, 0, conv_params(2, 2)},
      {"no channels", {1, 4, 4, 0}, 2, 2, 0, conv_params(2, 2)},
      {"sliced x, offset y",
       {1, 6, 6, 4},
       3,
       3,
       0,
       conv_params(2, 2, {1, 0, 1, 0}),
       L::kPadded,
       L::kOffset},
      {"transposed x, padded y",
       {1, 5, 6, 3},
       3,
       3,
       0,
       conv_params(2, 2),
       L::kTransposed,
       L::kPadded},
  };
  return list;
}

bool is_max(const OpInfo& op) {
  return op.sub_op == STRATA_POOL_MAX;
}

// MAX selects an element: exact. Averages and routed gradients are sums.
Tolerance tolerance(const OpInfo& op) {
  return op.op == STRATA_OP_POOL2D && is_max(op) ? Tolerance::kExact : Tolerance::kAccumulating;
}

// pool2d: x -> y;  pool2d_backward: dy, x -> dx.
Case pool_case(const OpInfo& op, strata_dtype dtype, const ConvGeometry& g, const Domain& x_data) {
  TensorSpec x = make_tensor("x", dtype, g.x, x_data, g.x_layout);
  std::vector<TensorSpec> in;
  TensorSpec out;
  if (op.op == STRATA_OP_POOL2D) {
    in = {std::move(x)};
    out = make_tensor("y", dtype, g.pooled_shape(), Domain::none(), g.y_layout);
  } else {
    in = {make_tensor("dy", dtype, g.pooled_shape(), Domain::uniform(-1, 1), g.y_layout),
          std::move(x)};
    out = make_tensor("dx", dtype, g.x, Domain::none(), g.x_layout);
  }
  return make_case(op, dtype, g.label, tolerance(op), pool_params(g), std::move(in),
                   {std::move(out)});
}

const std::vector<ConvGeometry>& grad_geometries() {
  static const std::vector<ConvGeometry> list = {
      {"2x2, stride 2", {1, 4, 6, 2}, 2, 2, 0, conv_params(2, 2)},
      {"3x3, stride 1 (overlapping)", {1, 5, 5, 1}, 3, 3, 0, conv_params(1, 1)},
      {"3x2, stride 2, padded", {2, 5, 4, 1}, 3, 2, 0, conv_params(2, 2, {1, 0, 1, 1})},
  };
  return list;
}

}  // namespace

std::vector<Case> pool_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  std::vector<Case> cases;
  for (const ConvGeometry& g : geometries()) {
    cases.push_back(pool_case(op, dtype, g, Domain::uniform(-2, 2)));
  }
  const ConvGeometry overlapping = geometries()[1];
  if (is_max(op)) {
    ConvGeometry ties = overlapping;
    ties.label = "ties (the first maximum wins)";
    cases.push_back(pool_case(op, dtype, ties, Domain::grid(0, 2)));
  }
  if (op.op == STRATA_OP_POOL2D) {
    ConvGeometry specials = overlapping;
    specials.label = "NaN, inf, signed zeros";
    cases.push_back(pool_case(op, dtype, specials, Domain::specials(-2, 2)));
  }
  return cases;
}

Case pool_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return pool_case(op, dtype,
                   {"large, 2x2 stride 2", {1, 1024, 1024, 1}, 2, 2, 0, conv_params(2, 2)},
                   Domain::uniform(-2, 2));
}

// Distinct values 0.1 apart for MAX: the finite-difference step never changes which pixel is
// the maximum.
std::vector<GradCase> pool_grad_cases(const OpInfo& backward_op, strata_dtype dtype) {
  const Domain x_data = is_max(backward_op) ? Domain::distinct(-2, 0.1) : Domain::uniform(-2, 2);
  using Kind = GradSource::Kind;
  std::vector<GradCase> cases;
  for (const ConvGeometry& g : grad_geometries()) {
    GradCase c;
    c.forward = pool_case(find_op(STRATA_OP_POOL2D, backward_op.sub_op), dtype, g, x_data);
    c.wrt = 0;
    c.backward = pool_case(backward_op, dtype, g, x_data);
    c.sources = {{Kind::kDy}, {Kind::kForwardInput, 0}};
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace strata::conformance
