// Cases of the random family, checked against the Philox definition in backend.h and
// strata/philox.h computed here on the host: UNIFORM and BERNOULLI bit for bit, NORMAL within
// the elementwise bound. Partial blocks, rank 0, empty and strided outputs (values follow the
// logical row-major order), counters past 2^32, and BERNOULLI's p of 0 and 1.
#include <strata/philox.h>

#include <cmath>
#include <numbers>

#include "cases.hpp"
#include "dtype.hpp"

namespace strata::conformance {
namespace {

struct Draw {
  std::string label;
  double a, b;
  uint64_t offset;
  uint64_t salt;  // mixed with the run's seed into the Philox key
};

std::vector<Draw> draws(int32_t sub_op) {
  constexpr uint64_t kHighCounter = (uint64_t{1} << 32) + 5;  // the counter's high word in use
  switch (sub_op) {
    case STRATA_RANDOM_UNIFORM:
      return {{"low -2, high 3", -2, 3, 0, 1},
              {"[0, 1), counter past 2^32", 0, 1, kHighCounter, 2}};
    case STRATA_RANDOM_NORMAL:
      return {{"mean 0.5, stddev 2", 0.5, 2, 0, 3},
              {"mean -1, stddev 0.25, counter past 2^32", -1, 0.25, kHighCounter, 4}};
    default:
      return {{"p 0.3", 0.3, 0, 0, 5},
              {"p 0 and offset 9", 0, 0, 9, 6},
              {"p 1", 1, 0, 0, 7},
              {"p 0.5, counter past 2^32", 0.5, 0, kHighCounter, 8}};
  }
}

const std::vector<View>& views() {
  using L = Layout;
  static const std::vector<View> list = {
      {"odd sizes", {7, 13}},
      {"a partial block", {5}},
      {"rank 0", {}},
      {"zero-size axis", {0, 3}},
      {"padded output", {5, 6}, L::kDense, L::kPadded},
      {"rank 4, offset output", {2, 3, 1, 5}, L::kDense, L::kOffset},
  };
  return list;
}

uint32_t word(const strata_random_params& p, uint64_t block, uint64_t w) {
  return strata_random_block(p.seed, p.offset, block).w[w];
}

// The header's exact UNIFORM rule: low and high rounded to the dtype, then range, t and y each
// rounded to the dtype. f32 and f64 use their own arithmetic; for f16 and bf16 every double
// operation below is exact, so rounding it gives the correctly rounded narrow result.
double uniform_value(strata_dtype dtype, double low, double high, uint32_t x) {
  const float u = strata_uniform_from_word(x);
  if (dtype == STRATA_F32) {
    const float lo = static_cast<float>(low);
    const float range = static_cast<float>(high) - lo;
    const float t = range * u;
    return lo + t;
  }
  if (dtype == STRATA_F64) {
    const double range = high - low;
    const double t = range * u;
    return low + t;
  }
  const double lo = round_to(dtype, low);
  const double range = round_to(dtype, round_to(dtype, high) - lo);
  const double t = round_to(dtype, range * u);
  return round_to(dtype, lo + t);
}

double normal_value(double mean, double stddev, uint32_t x1, uint32_t x2) {
  const double u1 = (static_cast<double>(x1 >> 8) + 1) * 0x1p-24;
  const double u2 = static_cast<double>(x2 >> 8) * 0x1p-24;
  return mean + stddev * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// (x >> 8) < p * 2^24, compared exactly: both sides are exact doubles.
double bernoulli_value(double p, uint32_t x) {
  return static_cast<double>(x >> 8) < p * 0x1p24 ? 1 : 0;
}

std::vector<double> philox_oracle(const Case& c) {
  const auto& p = std::get<strata_random_params>(c.params);
  const auto n = static_cast<uint64_t>(c.outputs[0].elements());
  std::vector<double> values(n);
  for (uint64_t i = 0; i < n; ++i) {
    switch (c.op->sub_op) {
      case STRATA_RANDOM_UNIFORM:
        values[i] = uniform_value(c.dtype, p.a, p.b, word(p, i / 4, i % 4));
        break;
      case STRATA_RANDOM_NORMAL:
        values[i] =
            normal_value(p.a, p.b, word(p, i / 2, 2 * (i % 2)), word(p, i / 2, 2 * (i % 2) + 1));
        break;
      default:
        values[i] = bernoulli_value(p.a, word(p, i / 4, i % 4));
        break;
    }
  }
  return values;
}

Case random_case(const OpInfo& op, strata_dtype dtype, const Draw& d, const View& v,
                 uint64_t seed) {
  auto params = make_params<strata_random_params>();
  params.seed = philox_seed(seed, d.salt);
  params.offset = d.offset;
  params.a = d.a;
  params.b = d.b;
  const Tolerance tolerance =
      op.sub_op == STRATA_RANDOM_NORMAL ? Tolerance::kElementwise : Tolerance::kExact;
  Case c = make_case(op, dtype, v.label + ", " + d.label, tolerance, params, {},
                     {view_output(v, "out", dtype)});
  c.oracle = philox_oracle;
  return c;
}

}  // namespace

std::vector<Case> random_cases(const OpInfo& op, strata_dtype dtype, uint64_t seed) {
  std::vector<Case> cases;
  for (const Draw& d : draws(op.sub_op)) {
    for (const View& v : views()) cases.push_back(random_case(op, dtype, d, v, seed));
  }
  return cases;
}

Case random_large_case(const OpInfo& op, strata_dtype dtype, uint64_t seed) {
  return random_case(op, dtype, draws(op.sub_op).front(), {"large", kLargeShape}, seed);
}

}  // namespace strata::conformance
