// Cases of the binary family: NumPy broadcasting as stride 0 on either input or both, every
// view, integer saturation, and for floats NaN, infinities and signed zeros (including
// division by zero). Comparisons get data with many ties.
#include <cmath>

#include "cases.hpp"
#include "dtype.hpp"

namespace strata::conformance {
namespace {

struct BinaryView {
  std::string label;
  std::vector<int64_t> shape;
  Layout a_layout = Layout::kDense;
  Layout b_layout = Layout::kDense;
  Layout out_layout = Layout::kDense;
  uint32_t a_broadcast = 0;
  uint32_t b_broadcast = 0;
};

const std::vector<BinaryView>& views() {
  using L = Layout;
  static const std::vector<BinaryView> list = {
      {"scalar", {}},
      {"odd sizes", {7, 13}},
      {"zero-size axis", {0, 5}},
      {"size-1 axes", {1, 6, 1}},
      {"b broadcast along rows (stride 0)", {7, 13}, L::kDense, L::kDense, L::kDense, 0, 0b01},
      {"a broadcast along columns (stride 0)", {7, 13}, L::kDense, L::kDense, L::kDense, 0b10},
      {"both broadcast (stride 0)", {5, 3, 4}, L::kDense, L::kDense, L::kDense, 0b010, 0b001},
      {"b broadcast as a scalar (stride 0)", {6, 5}, L::kDense, L::kDense, L::kDense, 0, 0b11},
      {"transposed a, sliced b", {9, 11}, L::kTransposed, L::kPadded},
      {"stepped a, padded output", {5, 9}, L::kStepped, L::kDense, L::kPadded},
      {"rank 5, offset b and output", {2, 1, 3, 1, 5}, L::kDense, L::kOffset, L::kOffset},
  };
  return list;
}

bool is_comparison(int32_t sub_op) {
  return sub_op >= STRATA_BINARY_EQUAL;
}

Domain a_domain(int32_t sub_op, strata_dtype dtype) {
  if (is_comparison(sub_op)) {
    // Coarse values: equal pairs are common, so every comparison's tie rule is exercised.
    return dtype == STRATA_U8 ? Domain::grid(0, 6) : Domain::grid(-3, 3, is_float(dtype) ? 0.5 : 1);
  }
  if (sub_op == STRATA_BINARY_POW) return Domain::uniform(0.5, 2);  // no negative bases
  return typical_domain(dtype);
}

Domain b_domain(int32_t sub_op, strata_dtype dtype) {
  if (sub_op == STRATA_BINARY_DIV) return Domain::magnitude(0.25, 4);
  if (sub_op == STRATA_BINARY_POW) return Domain::uniform(-2, 2);
  return a_domain(sub_op, dtype);
}

TensorSpec operand(std::string role, strata_dtype dtype, const std::vector<int64_t>& shape,
                   uint32_t broadcast, Layout layout, Domain domain) {
  if (broadcast != 0) return make_broadcast(std::move(role), dtype, shape, broadcast, domain);
  return make_tensor(std::move(role), dtype, shape, std::move(domain), layout);
}

Case binary_case(const OpInfo& op, strata_dtype dtype, std::string label, TensorSpec a,
                 TensorSpec b, Layout out_layout = Layout::kDense) {
  const bool compare = is_comparison(op.sub_op);
  const Tolerance tolerance =
      compare || !is_float(dtype) ? Tolerance::kExact : Tolerance::kElementwise;
  TensorSpec out =
      make_tensor("out", compare ? STRATA_U8 : dtype, a.shape, Domain::none(), out_layout);
  return make_case(op, dtype, std::move(label), tolerance, {}, {std::move(a), std::move(b)},
                   {std::move(out)});
}

// Operands near the integer range's ends: sums and products must saturate, never wrap.
Domain saturating_domain(strata_dtype dtype) {
  return dtype == STRATA_I32 ? Domain::grid(-2.1e9, 2.1e9, 999983)
                             : Domain::grid(-9e18, 9e18, std::ldexp(1.0, 40));
}

bool saturates(int32_t sub_op) {
  return sub_op == STRATA_BINARY_ADD || sub_op == STRATA_BINARY_SUB || sub_op == STRATA_BINARY_MUL;
}

}  // namespace

std::vector<Case> binary_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  const Domain da = a_domain(op.sub_op, dtype);
  const Domain db = b_domain(op.sub_op, dtype);
  std::vector<Case> cases;
  for (const BinaryView& v : views()) {
    cases.push_back(
        binary_case(op, dtype, v.label, operand("a", dtype, v.shape, v.a_broadcast, v.a_layout, da),
                    operand("b", dtype, v.shape, v.b_broadcast, v.b_layout, db), v.out_layout));
  }
  const bool wide_int = dtype == STRATA_I32 || dtype == STRATA_I64;
  if (wide_int && saturates(op.sub_op)) {
    cases.push_back(binary_case(op, dtype, "saturation",
                                make_tensor("a", dtype, {6, 7}, saturating_domain(dtype)),
                                make_tensor("b", dtype, {6, 7}, saturating_domain(dtype))));
  }
  if (is_float(dtype) && op.sub_op != STRATA_BINARY_POW) {
    cases.push_back(binary_case(op, dtype, "NaN, inf, signed zeros",
                                make_tensor("a", dtype, {8, 9}, Domain::specials(-3, 3)),
                                make_tensor("b", dtype, {8, 9}, Domain::specials(-3, 3))));
  }
  return cases;
}

Case binary_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  return binary_case(op, dtype, "large, b broadcast along rows",
                     make_tensor("a", dtype, kLargeShape, a_domain(op.sub_op, dtype)),
                     make_broadcast("b", dtype, kLargeShape, 0b01, b_domain(op.sub_op, dtype)));
}

}  // namespace strata::conformance
