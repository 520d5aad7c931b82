// STRATA_OP_RANDOM: UNIFORM, NORMAL and BERNOULLI draws from Philox-4x32-10, exactly as the
// header's "Random numbers" section specifies, so every backend draws the same numbers.
// Element i of the output (row-major logical order) depends only on (seed, offset, i).
#include <strata/philox.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>
#include <numbers>

#include "op_common.hpp"

namespace strata_ref {
namespace {

constexpr std::string_view kOp = "random";

using strata::kit::round_to;

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

}  // namespace

strata_error* op_random(const strata_op_call& call, Phase phase) {
  if (auto* err = check_call(call, kOp, 0, 1, phase)) return err;
  const strata_tensor& out = *call.outputs[0];
  if (auto* err = make_error(strata::kit::check_random_dtype(call.sub_op, out))) return err;
  if (auto* err = make_error(strata::kit::check_params_present(
          call, kOp, "random needs strata_random_params (seed, offset, a, b)"))) {
    return err;
  }
  const auto params = read_params<strata_random_params>(call.params);
  if (auto* err = make_error(strata::kit::check_random_params(call.sub_op, out, params))) {
    return err;
  }
  if (phase == Phase::kValidate) return nullptr;
  uint64_t i = 0;
  for_each_index(out, [&](const int64_t* index) {
    store_f(out, index, draw(call.sub_op, out.dtype, params, i++));
  });
  return nullptr;
}

}  // namespace strata_ref
