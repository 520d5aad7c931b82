// Cases of the data-movement ops fill, copy, cast and where: bit-exact results, every dtype,
// every view.
#include <fmt/format.h>

#include "cases.hpp"
#include "dtype.hpp"

namespace strata::conformance {
namespace {

// Values that exercise truncation toward zero, negative fractions and (for narrow targets)
// saturation of the value fill converts.
double fill_value(strata_dtype dtype) {
  switch (dtype) {
    case STRATA_U8:
      return 200.75;
    case STRATA_I32:
    case STRATA_I64:
      return -7.9;
    default:
      return -1.3;
  }
}

Case fill_case(const OpInfo& op, strata_dtype dtype, std::string label, TensorSpec out) {
  auto params = make_params<strata_fill_params>();
  params.value = fill_value(dtype);
  return make_case(op, dtype, std::move(label), Tolerance::kExact, params, {}, {std::move(out)});
}

std::vector<Case> fill_cases(const OpInfo& op, strata_dtype dtype) {
  std::vector<Case> cases;
  for (const View& v : elementwise_views()) {
    cases.push_back(fill_case(op, dtype, v.label, view_output(v, "out", dtype)));
  }
  return cases;
}

std::vector<Case> copy_cases(const OpInfo& op, strata_dtype dtype) {
  std::vector<Case> cases;
  for (const View& v : elementwise_views()) {
    cases.push_back(make_case(op, dtype, v.label, Tolerance::kExact, {},
                              {view_input(v, "in", dtype, typical_domain(dtype))},
                              {view_output(v, "out", dtype)}));
  }
  return cases;
}

// Values reaching past the narrower dtypes' ranges, so saturation (integers) and overflow to
// infinity (f16) are exercised.
Domain wide_domain(strata_dtype from) {
  switch (from) {
    case STRATA_F16:
      return Domain::magnitude(1, 6e4);
    case STRATA_U8:
      return Domain::grid(0, 255);
    case STRATA_I32:
      return Domain::grid(-3e6, 3e6, 7);
    case STRATA_I64:
      return Domain::grid(-5e9, 5e9, 3);
    default:
      return Domain::magnitude(1, 5e9);
  }
}

Domain cast_domain(strata_dtype from) {
  return is_float(from) ? Domain::uniform(-300, 300) : typical_domain(from);
}

Case cast_case(const OpInfo& op, strata_dtype from, strata_dtype to, std::string label,
               TensorSpec in, TensorSpec out) {
  Case c = make_case(op, from, std::move(label), Tolerance::kExact, {}, {std::move(in)},
                     {std::move(out)});
  c.dtype_label = fmt::format("{}->{}", dtype_name(from), dtype_name(to));
  return c;
}

std::vector<Case> cast_cases(const OpInfo& op, strata_dtype from) {
  static const std::vector<View> views = {
      {"odd sizes", {7, 13}},
      {"zero-size axis", {0, 3}},
      {"transposed input", {9, 5}, Layout::kTransposed},
      {"broadcast input (stride 0)", {4, 6}, Layout::kDense, Layout::kDense, 0b10},
      {"padded output", {5, 6}, Layout::kDense, Layout::kPadded},
  };
  std::vector<Case> cases;
  for (strata_dtype to : kAllDtypes) {
    for (const View& v : views) {
      cases.push_back(cast_case(op, from, to, v.label, view_input(v, "in", from, cast_domain(from)),
                                view_output(v, "out", to)));
    }
    cases.push_back(cast_case(op, from, to, "wide values",
                              make_tensor("in", from, {6, 9}, wide_domain(from)),
                              make_tensor("out", to, {6, 9}, Domain::none())));
    if (is_float(from)) {
      cases.push_back(cast_case(op, from, to, "NaN, inf, signed zeros",
                                make_tensor("in", from, {6, 7}, Domain::specials(-300, 300)),
                                make_tensor("out", to, {6, 7}, Domain::none())));
    }
  }
  return cases;
}

// cond holds 0, 1 and 2: any non-zero byte is true.
Case where_case(const OpInfo& op, strata_dtype dtype, std::string label, TensorSpec cond,
                TensorSpec a, TensorSpec b, TensorSpec out) {
  return make_case(op, dtype, std::move(label), Tolerance::kExact, {},
                   {std::move(cond), std::move(a), std::move(b)}, {std::move(out)});
}

std::vector<Case> where_cases(const OpInfo& op, strata_dtype dtype) {
  const Domain cond = Domain::grid(0, 2);
  const Domain values = typical_domain(dtype);
  std::vector<Case> cases;
  for (const View& v : elementwise_views()) {
    cases.push_back(where_case(op, dtype, v.label, view_input(v, "cond", STRATA_U8, cond),
                               make_tensor("a", dtype, v.shape, values),
                               make_tensor("b", dtype, v.shape, values, Layout::kTransposed),
                               view_output(v, "out", dtype)));
  }
  cases.push_back(where_case(op, dtype, "broadcast a and b (stride 0)",
                             make_tensor("cond", STRATA_U8, {5, 7}, cond),
                             make_broadcast("a", dtype, {5, 7}, 0b11, values),
                             make_broadcast("b", dtype, {5, 7}, 0b01, values),
                             make_tensor("out", dtype, {5, 7}, Domain::none())));
  return cases;
}

}  // namespace

std::vector<Case> movement_cases(const OpInfo& op, strata_dtype dtype, uint64_t) {
  switch (op.op) {
    case STRATA_OP_FILL:
      return fill_cases(op, dtype);
    case STRATA_OP_COPY:
      return copy_cases(op, dtype);
    case STRATA_OP_CAST:
      return cast_cases(op, dtype);
    default:
      return where_cases(op, dtype);
  }
}

Case movement_large_case(const OpInfo& op, strata_dtype dtype, uint64_t) {
  const Domain values = typical_domain(dtype);
  const TensorSpec out = make_tensor("out", dtype, kLargeShape, Domain::none());
  switch (op.op) {
    case STRATA_OP_FILL:
      return fill_case(op, dtype, "large", out);
    case STRATA_OP_COPY:
      return make_case(op, dtype, "large, transposed input", Tolerance::kExact, {},
                       {make_tensor("in", dtype, kLargeShape, values, Layout::kTransposed)}, {out});
    case STRATA_OP_CAST: {
      const strata_dtype to = dtype == STRATA_F32 ? STRATA_I32 : STRATA_F32;
      return cast_case(op, dtype, to, "large",
                       make_tensor("in", dtype, kLargeShape, cast_domain(dtype)),
                       make_tensor("out", to, kLargeShape, Domain::none()));
    }
    default:
      return where_case(op, dtype, "large, broadcast b",
                        make_tensor("cond", STRATA_U8, kLargeShape, Domain::grid(0, 2)),
                        make_tensor("a", dtype, kLargeShape, values),
                        make_broadcast("b", dtype, kLargeShape, 0b01, values), out);
  }
}

}  // namespace strata::conformance
