// STRATA_OP_RANDOM: UNIFORM, NORMAL and BERNOULLI draws from Philox-4x32-10, exactly as the
// header's "Random numbers" section specifies, so every backend draws the same numbers.
// Element i of the output (row-major logical order) depends only on (seed, offset, i).
#include <strata/philox.h>

#include <cmath>
#include <numbers>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "random";

// v rounded to the nearest value of the float `dtype` (nearest even), as a store would.
double round_to(strata_dtype dtype, double v) {
  switch (dtype) {
    case STRATA_F32:
      return static_cast<float>(v);
    case STRATA_F16:
      return f16_to_double(double_to_f16(v));
    case STRATA_BF16:
      return bf16_to_double(double_to_bf16(v));
    default:
      return v;
  }
}

// Word `word` (0..3) of Philox block `block` of this draw.
uint32_t philox_word(const strata_random_params& p, uint64_t block, int word) {
  return strata_random_block(p.seed, p.offset, block).w[word];
}

// The exact UNIFORM rule: low and high rounded to the dtype, then range = high - low,
// t = range * u and y = low + t, each rounded to the dtype separately (no fused multiply-add).
// u has 24 bits and every operand is a value of the dtype, so each double operation below is
// exact or correctly rounded before the one rounding to the dtype.
double uniform_value(strata_dtype dtype, double low, double high, uint32_t word) {
  const double u = strata_uniform_from_word(word);
  const double lo = round_to(dtype, low);
  const double range = round_to(dtype, round_to(dtype, high) - lo);
  const double t = round_to(dtype, range * u);
  return round_to(dtype, lo + t);
}

// Box-Muller in double, rounded once by the store.
double normal_value(double mean, double stddev, uint32_t x1, uint32_t x2) {
  const double u1 = (static_cast<double>(x1 >> 8) + 1) * 0x1p-24;
  const double u2 = static_cast<double>(x2 >> 8) * 0x1p-24;
  const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  return mean + stddev * z;
}

// u < p compared exactly (u and p as doubles).
double bernoulli_value(double p, uint32_t word) {
  return static_cast<double>(strata_uniform_from_word(word)) < p ? 1.0 : 0.0;
}

double draw(int32_t sub_op, strata_dtype dtype, const strata_random_params& p, uint64_t i) {
  switch (sub_op) {
    case STRATA_RANDOM_UNIFORM:
      return uniform_value(dtype, p.a, p.b, philox_word(p, i / 4, static_cast<int>(i % 4)));
    case STRATA_RANDOM_NORMAL: {
      const int first = 2 * static_cast<int>(i % 2);
      return normal_value(p.a, p.b, philox_word(p, i / 2, first), philox_word(p, i / 2, first + 1));
    }
    default:
      return bernoulli_value(p.a, philox_word(p, i / 4, static_cast<int>(i % 4)));
  }
}

strata_error* check_dtype(int32_t sub_op, const strata_tensor& out) {
  if (sub_op != STRATA_RANDOM_UNIFORM && sub_op != STRATA_RANDOM_NORMAL &&
      sub_op != STRATA_RANDOM_BERNOULLI) {
    return unsupported("{}: sub-code {} is not UNIFORM (0), NORMAL (1) or BERNOULLI (2)", kOp,
                       sub_op);
  }
  const bool u8_allowed = sub_op == STRATA_RANDOM_BERNOULLI && out.dtype == STRATA_U8;
  if (!is_float(out.dtype) && !u8_allowed) {
    return unsupported("{}: output is {}: sub-code {} draws float dtypes{}", kOp, shape_text(out),
                       sub_op, sub_op == STRATA_RANDOM_BERNOULLI ? " or u8" : "");
  }
  return nullptr;
}

strata_error* check_uniform(const strata_tensor& out, double low, double high) {
  const double lo = round_to(out.dtype, low);
  const double hi = round_to(out.dtype, high);
  if (!(std::isfinite(low) && std::isfinite(high) && low < high)) {
    return invalid("{}: uniform on {} needs finite low < high, got low {} and high {}", kOp,
                   shape_text(out), low, high);
  }
  if (!(std::isfinite(hi - lo) && lo < hi && std::isfinite(round_to(out.dtype, hi - lo)))) {
    return invalid(
        "{}: uniform on {}: low {} and high {} round to {} and {} in {}, whose "
        "difference is not a finite positive {} value",
        kOp, shape_text(out), low, high, lo, hi, dtype_name(out.dtype), dtype_name(out.dtype));
  }
  return nullptr;
}

strata_error* check_params(int32_t sub_op, const strata_tensor& out,
                           const strata_random_params& p) {
  switch (sub_op) {
    case STRATA_RANDOM_UNIFORM:
      return check_uniform(out, p.a, p.b);
    case STRATA_RANDOM_NORMAL:
      if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.b >= 0)) {
        return invalid(
            "{}: normal on {} needs a finite mean and a finite stddev >= 0, got "
            "mean {} and stddev {}",
            kOp, shape_text(out), p.a, p.b);
      }
      return nullptr;
    default:
      if (!(p.a >= 0 && p.a <= 1)) {
        return invalid("{}: bernoulli on {} needs 0 <= p <= 1, got p = {}", kOp, shape_text(out),
                       p.a);
      }
      return nullptr;
  }
}

}  // namespace

strata_error* op_random(const strata_op_call& call, Phase phase) {
  if (auto* err = check_call(call, kOp, 0, 1, phase)) return err;
  const strata_tensor& out = *call.outputs[0];
  if (auto* err = check_dtype(call.sub_op, out)) return err;
  if (call.params == nullptr) {
    return invalid("{}: params are NULL; random needs strata_random_params (seed, offset, a, b)",
                   kOp);
  }
  const auto params = read_params<strata_random_params>(call.params);
  if (auto* err = check_params(call.sub_op, out, params)) return err;
  if (phase == Phase::kValidate) return nullptr;
  uint64_t i = 0;
  for_each_index(out, [&](const int64_t* index) {
    store_f(out, index, draw(call.sub_op, out.dtype, params, i++));
  });
  return nullptr;
}

}  // namespace strata_ref
