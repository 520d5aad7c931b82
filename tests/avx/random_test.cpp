// STRATA_OP_RANDOM: uniform and bernoulli bit for bit as the reference, normal within the
// elementwise bound, for any seed and offset (including 64-bit counter carries), any view, and
// sizes that split across threads; parameter checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "plugin_pair.hpp"

namespace avx_test {
namespace {

struct Draw {
  uint64_t seed, offset;
  double a, b;
};

const Draw kDraws[] = {{0, 0, 0, 1},
                       {42, 7, -3, 5},
                       {0xDEADBEEFCAFEF00Dull, 0xFFFFFFFFull - 3, 1e-3, 2e-3},  // carry into c1
                       {123456789, 1ull << 40, -1e6, 1e6}};

TEST(AvxRandom, UniformIsBitExact) {
  for (const Draw& d : kDraws) {
    const strata_random_params p{sizeof p, d.seed, d.offset, d.a, d.b};
    for (int64_t n : {1, 7, 8, 33, 1001}) {
      compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &p, {}, {guarded(STRATA_F32, {n})}, 0,
              "uniform n " + std::to_string(n));
    }
    compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &p, {}, {guarded(STRATA_F32, {3, 4, 5})}, 0,
            "uniform strided");
  }
}

TEST(AvxRandom, BernoulliIsBitExact) {
  for (const Draw& d : kDraws) {
    for (double prob : {0.0, 0.3, 0.5, 1.0 / 3, 1.0}) {
      const strata_random_params p{sizeof p, d.seed, d.offset, prob, 0};
      compare(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &p, {}, {guarded(STRATA_F32, {257})}, 0,
              "bernoulli f32");
      compare(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &p, {}, {guarded(STRATA_U8, {5, 7})}, 0,
              "bernoulli u8");
    }
  }
}

TEST(AvxRandom, NormalWithinTheElementwiseBound) {
  for (const Draw& d : kDraws) {
    const strata_random_params p{sizeof p, d.seed, d.offset, d.a, std::fabs(d.b)};
    for (int64_t n : {1, 2, 9, 1000}) {
      compare(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &p, {}, {guarded(STRATA_F32, {n})},
              kElementwise, "normal n " + std::to_string(n));
    }
  }
}

TEST(AvxRandom, LargeDrawsSplitAcrossThreads) {
  const strata_random_params p{sizeof p, 99, 1000, -1, 1};
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &p, {}, {guarded(STRATA_F32, {300, 400})}, 0,
          "large uniform");
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &p, {}, {guarded(STRATA_F32, {100003})},
          kElementwise, "large normal");
}

TEST(AvxRandom, BadParametersMatchTheReference) {
  const strata_random_params inverted{sizeof inverted, 1, 0, 2, 1};
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &inverted, {}, {guarded(STRATA_F32, {4})}, 0,
          "low > high");
  const strata_random_params rounds_equal{sizeof rounds_equal, 1, 0, 1.0, 1.0 + 1e-12};
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &rounds_equal, {}, {guarded(STRATA_F32, {4})}, 0,
          "range rounds to 0");
  const strata_random_params bad_p{sizeof bad_p, 1, 0, 1.5, 0};
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &bad_p, {}, {guarded(STRATA_F32, {4})}, 0,
          "p > 1");
  const strata_random_params negative_sd{sizeof negative_sd, 1, 0, 0, -1};
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &negative_sd, {}, {guarded(STRATA_F32, {4})}, 0,
          "stddev < 0");
  compare(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &inverted, {}, {guarded(STRATA_I32, {4})}, 0,
          "integer uniform");
  compare(STRATA_OP_RANDOM, 5, &inverted, {}, {guarded(STRATA_F32, {4})}, 0, "sub-code");
}

}  // namespace
}  // namespace avx_test
