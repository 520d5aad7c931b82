// Cases of the reduce family: single, multiple, all and no axes, size-1 and empty axes (the
// identities of each reduction), rank 0 and rank 1, non-contiguous and broadcast inputs,
// long rows, integer saturation, NaN propagation, and for argmax/argmin data full of ties
// (lowest index wins) with both index dtypes.
#include <cmath>

#include "cases.hpp"
#include "dtype.hpp"

namespace strata::conformance {
namespace {

struct Geometry {
  std::string label;
  std::vector<int64_t> shape;
  uint32_t axes;
  bool arg_ok = true;  // argmax/argmin reduce exactly one non-empty axis
  Layout in_layout = Layout::kDense;
  Layout out_layout = Layout::kDense;
  uint32_t broadcast = 0;
};

const std::vector<Geometry>& geometries() {
  using L = Layout;
  static const std::vector<Geometry> list = {
      {"odd sizes, last axis", {7, 13}, 0b10},
      {"first axis", {7, 13}, 0b01},
      {"all axes", {7, 13}, 0b11, false},
      {"axes 0 and 2", {3, 4, 5}, 0b101, false},
      {"middle axis", {3, 4, 5}, 0b010},
      {"size-1 axis", {5, 1, 6}, 0b010},
      {"no axes (a copy)", {4, 6}, 0, false},
      {"empty reduced axis (the identity)", {4, 0, 3}, 0b010, false},
      {"empty kept axis", {0, 5}, 0b10},
      {"rank 0", {}, 0, false},
      {"rank 1", {37}, 0b1},
      {"long rows", {3, 257}, 0b10},
      {"transposed input", {9, 11}, 0b10, true, L::kTransposed},
      {"broadcast reduced axis (stride 0)", {6, 8}, 0b10, true, L::kDense, L::kDense, 0b10},
      {"sliced input, padded output", {6, 10}, 0b01, true, L::kPadded, L::kPadded},
  };
  return list;
}

bool is_arg(int32_t sub_op) {
  return sub_op == STRATA_REDUCE_ARGMAX || sub_op == STRATA_REDUCE_ARGMIN;
}

bool is_sum(int32_t sub_op) {
  return sub_op == STRATA_REDUCE_SUM || sub_op == STRATA_REDUCE_MEAN;
}

Domain value_domain(int32_t sub_op, strata_dtype dtype) {
  // Few distinct values: many ties, whose lowest index must win.
  if (is_arg(sub_op)) return Domain::grid(0, 3);
  if (!is_sum(sub_op)) return typical_domain(dtype);
  if (is_float(dtype)) return Domain::uniform(-2, 2);
  return dtype == STRATA_U8 ? Domain::grid(0, 20) : Domain::grid(-100, 100);
}

Tolerance tolerance(int32_t sub_op, strata_dtype dtype) {
  return is_sum(sub_op) && is_float(dtype) ? Tolerance::kAccumulating : Tolerance::kExact;
}

std::vector<int64_t> reduced_shape(const std::vector<int64_t>& shape, uint32_t axes) {
  std::vector<int64_t> out = shape;
  for (size_t k = 0; k < out.size(); ++k) {
    if ((axes >> k) & 1u) out[k] = 1;
  }
  return out;
}

Case reduce_case(const OpInfo& op, strata_dtype dtype, strata_dtype out_dtype, const Geometry& g,
                 const Domain& domain) {
  auto params = make_params<strata_reduce_params>();
  params.axes_mask = g.axes;
  TensorSpec in = g.broadcast != 0 ? make_broadcast("in", dtype, g.shape, g.broadcast, domain)
                                   : make_tensor("in", dtype, g.shape, domain, g.in_layout);
  TensorSpec out =
      make_tensor("out", out_dtype, reduced_shape(g.shape, g.axes), Domain::none(), g.out_layout);
  Case c = make_case(op, dtype, g.label, tolerance(op.sub_op, dtype), params, {std::move(in)},
                     {std::move(out)});
  if (out_dtype != dtype) {
    c.dtype_label = std::string(dtype_name(dtype)) + "->" + std::string(dtype_name(out_dtype));
  }
  return c;
}

// One case per output dtype: the input's for values, i64 and i32 for indices.
void add(std::vector<Case>& cases, const OpInfo& op, strata_dtype dtype, const Geometry& g,
         const Domain& domain) {
  if (!is_arg(op.sub_op)) return cases.push_back(reduce_case(op, dtype, dtype, g, domain));
  for (strata_dtype index : {STRATA_I64, STRATA_I32}) {
    cases.push_back(reduce_case(op, dtype, index, g, domain));
  }
}

Domain saturating_domain(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_U8:
      return Domain::grid(200, 255);
    case STRATA_I32:
      return Domain::grid(-2.1e9, 2.1e9, 999983);
    default:
      return Domain::grid(-9e18, 9e18, std::ldexp(1.0, 40));
  }
}

}  // namespace

std::vector<Case> reduce_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  const Domain domain = value_domain(op.sub_op, dtype);
  std::vector<Case> cases;
  for (const Geometry& g : geometries()) {
    if (g.arg_ok || !is_arg(op.sub_op)) add(cases, op, dtype, g, domain);
  }
  if (is_float(dtype) && !is_sum(op.sub_op)) {
    add(cases, op, dtype, {"NaN, inf, signed zeros", {6, 9}, 0b10}, Domain::specials(-3, 3));
  }
  if (!is_float(dtype) && op.sub_op == STRATA_REDUCE_SUM) {
    add(cases, op, dtype, {"saturation", {4, 9}, 0b10}, saturating_domain(dtype));
  }
  return cases;
}

Case reduce_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  const strata_dtype out = is_arg(op.sub_op) ? STRATA_I64 : dtype;
  return reduce_case(op, dtype, out, {"large, last axis", kLargeShape, 0b10},
                     value_domain(op.sub_op, dtype));
}

}  // namespace strata::conformance
