// STRATA_OP_FILL, STRATA_OP_COPY and STRATA_OP_CAST: data movement, one element at a time
// through the shared accessors, so every dtype, stride (0 included) and offset goes one way.
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "element_values.hpp"
#include "elementwise.hpp"
#include "op_common.hpp"

namespace strata_ref {
namespace {

// I64 values beyond 2^53 are not exact in double, and rounding to double and then again to a
// narrower float can round twice. Rounding to odd (truncate, then set the last kept bit when
// anything was dropped) makes the second rounding the correct one for any float of at most
// 51 significant bits: f32, f16 and bf16.
double int64_to_double_round_odd(int64_t value) {
  constexpr uint64_t kExact = uint64_t{1} << 53;
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (magnitude <= kExact) return static_cast<double>(value);
  int shift = 0;
  while ((magnitude >> shift) >= kExact) ++shift;
  uint64_t kept = magnitude >> shift;
  if ((magnitude & ((uint64_t{1} << shift) - 1)) != 0) kept |= 1;
  const double result = std::ldexp(static_cast<double>(kept), shift);
  return value < 0 ? -result : result;
}

// One element of STRATA_OP_CAST: a bit copy within a dtype, exact int64 between integer
// dtypes (store_i saturates to the target's range), otherwise one rounding through double
// (store_f truncates toward zero, maps NaN to 0 and saturates for integer targets).
void cast_element(const strata_tensor& in, const strata_tensor& out, const int64_t* index) {
  if (in.dtype == out.dtype) return copy_element(in, index, out, index);
  if (is_integer(in.dtype) && is_integer(out.dtype)) {
    return store_i(out, index, load_i(in, index));
  }
  if (in.dtype == STRATA_I64 && out.dtype != STRATA_F64) {
    return store_f(out, index, int64_to_double_round_odd(load_i(in, index)));
  }
  store_f(out, index, load_f(in, index));
}

}  // namespace

strata_error* op_fill(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "fill";
  if (auto* err = check_call(call, kOp, 0, 1, phase)) return err;
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; fill needs strata_fill_params (value)", kOp);
  }
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& out = *call.outputs[0];
  const double value = read_params<strata_fill_params>(call.params).value;
  for_each_index(out, [&](const int64_t* index) { store_f(out, index, value); });
  return nullptr;
}

strata_error* op_copy(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "copy";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = make_error(strata::kit::check_copy(call, kOp))) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];

  for_each_index(out, [&](const int64_t* index) { copy_element(in, index, out, index); });
  return nullptr;
}

strata_error* op_cast(const strata_op_call& call, Phase phase) {
  constexpr std::string_view kOp = "cast";
  if (auto* err = check_call(call, kOp, 1, 1, phase)) return err;
  if (auto* err = check_same_shapes(kOp, call, {"in", "out"})) return err;
  if (phase == Phase::kValidate) return nullptr;

  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];
  for_each_index(out, [&](const int64_t* index) { cast_element(in, out, index); });
  return nullptr;
}

}  // namespace strata_ref
