// STRATA_OP_RANDOM on the reference backend. UNIFORM must be bit-exact, so the expectations
// here are computed directly from strata_philox4x32_10 and the header's formulas, in each
// dtype's own arithmetic; NORMAL and BERNOULLI are checked against the same words and by
// their statistics.
#include <gtest/gtest.h>
#include <strata/philox.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

// The four words of block `b` of a draw: counter (lo32, hi32 of offset + b, 0, 0), key
// (lo32, hi32 of seed), as the header specifies.
std::array<uint32_t, 4> words(uint64_t seed, uint64_t offset, uint64_t b) {
  const uint64_t counter = offset + b;
  strata_philox_block c{
      {static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32), 0, 0}};
  strata_philox_block r =
      strata_philox4x32_10(c, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
  return {r.w[0], r.w[1], r.w[2], r.w[3]};
}

uint32_t uniform_word(uint64_t seed, uint64_t offset, uint64_t i) {
  return words(seed, offset, i / 4)[i % 4];
}

float unit(uint32_t x) {
  return static_cast<float>(x >> 8) * 0x1p-24f;
}

// bfloat16 rounding of a float, nearest even, by integer arithmetic on its bits.
float round_bf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  bits += 0x7FFF + ((bits >> 16) & 1);
  bits &= 0xFFFF0000u;
  std::memcpy(&f, &bits, 4);
  return f;
}

// y = low + (high - low) * u with the dtype's rounding after every step. Each float operation
// on values of a narrower format is correctly rounded for that format (24 >= 2*11 + 2).
double expected_uniform(strata_dtype dtype, double low, double high, uint32_t x) {
  const float u = unit(x);
  switch (dtype) {
    case STRATA_F64: {
      const double range = high - low;
      const double t = range * static_cast<double>(u);
      return low + t;
    }
    case STRATA_F32: {
      const float lo = static_cast<float>(low), hi = static_cast<float>(high);
      const float range = hi - lo;
      const float t = range * u;
      return lo + t;
    }
    case STRATA_F16: {
      auto r = [](float v) { return static_cast<float>(static_cast<_Float16>(v)); };
      const float lo = r(static_cast<float>(low)), hi = r(static_cast<float>(high));
      const float range = r(hi - lo);
      const float t = r(range * u);
      return r(lo + t);
    }
    default: {
      const float lo = round_bf16(static_cast<float>(low)),
                  hi = round_bf16(static_cast<float>(high));
      const float range = round_bf16(hi - lo);
      const float t = round_bf16(range * u);
      return round_bf16(lo + t);
    }
  }
}

strata_random_params params(uint64_t seed, uint64_t offset, double a, double b) {
  return {sizeof(strata_random_params), seed, offset, a, b};
}

std::vector<double> draw(ReferenceHarness& h, strata_random_op op, strata_dtype dtype,
                         std::vector<int64_t> shape, const strata_random_params& p) {
  TestTensor out = guarded_output(h, dtype, shape);
  CallResult r = h.run(STRATA_OP_RANDOM, op, &p, {}, {&out});
  EXPECT_TRUE(r.ok()) << r.message;
  expect_guards_intact(h, out);
  return h.read(out);
}

TEST(Random, UniformIsBitExactInEveryDtype) {
  ReferenceHarness h;
  // A seed with both halves set, and an offset whose low word wraps during the draw.
  const uint64_t seed = 0x0123456789ABCDEFull, offset = 0xFFFFFFFEull;
  for (auto [low, high] : {std::pair{-2.5, 7.25}, std::pair{0.1, 0.7}, std::pair{-1e3, -3.0}}) {
    for (strata_dtype dtype : {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16}) {
      const auto y = draw(h, STRATA_RANDOM_UNIFORM, dtype, {3, 5}, params(seed, offset, low, high));
      for (uint64_t i = 0; i < y.size(); ++i) {
        EXPECT_EQ(y[i], expected_uniform(dtype, low, high, uniform_word(seed, offset, i)))
            << "dtype " << dtype << " element " << i << " range " << low << ".." << high;
      }
    }
  }
}

TEST(Random, SameSeedAndOffsetRepeatAndOffsetShiftsWholeBlocks) {
  ReferenceHarness h;
  const auto first = draw(h, STRATA_RANDOM_UNIFORM, STRATA_F32, {12}, params(7, 0, 0, 1));
  EXPECT_EQ(draw(h, STRATA_RANDOM_UNIFORM, STRATA_F32, {12}, params(7, 0, 0, 1)), first);
  EXPECT_NE(draw(h, STRATA_RANDOM_UNIFORM, STRATA_F32, {12}, params(8, 0, 0, 1)), first);
  // Offset 2 starts two blocks (eight uniforms) later.
  const auto shifted = draw(h, STRATA_RANDOM_UNIFORM, STRATA_F32, {4}, params(7, 2, 0, 1));
  EXPECT_EQ(shifted, std::vector<double>(first.begin() + 8, first.end()));
  // NORMAL uses two words per element: one block holds two normals.
  const auto normals = draw(h, STRATA_RANDOM_NORMAL, STRATA_F64, {6}, params(7, 0, 0, 1));
  const auto later = draw(h, STRATA_RANDOM_NORMAL, STRATA_F64, {2}, params(7, 2, 0, 1));
  EXPECT_EQ(later, std::vector<double>(normals.begin() + 4, normals.end()));
}

TEST(Random, UniformStatistics) {
  ReferenceHarness h;
  const double low = -1, high = 3;
  const auto y = draw(h, STRATA_RANDOM_UNIFORM, STRATA_F32, {100000}, params(42, 0, low, high));
  double sum = 0, sum_sq = 0;
  for (double v : y) {
    ASSERT_GE(v, low);
    ASSERT_LT(v, high);
    sum += v;
  }
  const double mean = sum / y.size();
  for (double v : y) sum_sq += (v - mean) * (v - mean);
  // Standard errors: 0.0037 for the mean, 0.0038 for the variance; bounds are ~5 of them.
  EXPECT_NEAR(mean, 1.0, 0.02);
  EXPECT_NEAR(sum_sq / y.size(), 16.0 / 12.0, 0.02);
}

// Box-Muller from the header, in double, on the words element i uses.
double expected_normal(uint64_t seed, uint64_t offset, uint64_t i, double mean, double stddev) {
  const auto w = words(seed, offset, i / 2);
  const uint32_t x1 = w[2 * (i % 2)], x2 = w[2 * (i % 2) + 1];
  const double u1 = ((x1 >> 8) + 1) / 16777216.0, u2 = (x2 >> 8) / 16777216.0;
  return mean + stddev * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

TEST(Random, NormalFollowsBoxMullerOnTheSameWords) {
  ReferenceHarness h;
  const uint64_t seed = 99, offset = 5;
  const auto y64 = draw(h, STRATA_RANDOM_NORMAL, STRATA_F64, {9}, params(seed, offset, 0.5, 2));
  const auto y32 = draw(h, STRATA_RANDOM_NORMAL, STRATA_F32, {9}, params(seed, offset, 0.5, 2));
  const auto y16 = draw(h, STRATA_RANDOM_NORMAL, STRATA_F16, {9}, params(seed, offset, 0.5, 2));
  for (uint64_t i = 0; i < 9; ++i) {
    const double z = expected_normal(seed, offset, i, 0.5, 2);
    EXPECT_NEAR(y64[i], z, 1e-12);
    EXPECT_NEAR(y32[i], z, 1e-6 * std::max(1.0, std::fabs(z)));
    EXPECT_NEAR(y16[i], z, 1e-3 * std::max(1.0, std::fabs(z)));
  }
}

TEST(Random, NormalStatistics) {
  ReferenceHarness h;
  const auto y = draw(h, STRATA_RANDOM_NORMAL, STRATA_F32, {100000}, params(3, 0, 2.0, 3.0));
  double sum = 0, sum_sq = 0;
  for (double v : y) sum += v;
  const double mean = sum / y.size();
  for (double v : y) sum_sq += (v - mean) * (v - mean);
  // Standard errors: 0.0095 for the mean, 0.040 for the variance.
  EXPECT_NEAR(mean, 2.0, 0.05);
  EXPECT_NEAR(sum_sq / y.size(), 9.0, 0.2);
}

TEST(Random, BernoulliFrequencyAndExactness) {
  ReferenceHarness h;
  const double p = 0.3;
  const auto y = draw(h, STRATA_RANDOM_BERNOULLI, STRATA_F32, {100000}, params(11, 0, p, 0));
  double ones = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_TRUE(y[i] == 0 || y[i] == 1) << y[i];
    if (i < 64) {
      EXPECT_EQ(y[i], unit(uniform_word(11, 0, i)) < p ? 1 : 0) << "element " << i;
    }
    ones += y[i];
  }
  EXPECT_NEAR(ones / y.size(), p, 0.0075);  // standard error 0.00145
  // U8 output: the same mask.
  const auto mask = draw(h, STRATA_RANDOM_BERNOULLI, STRATA_U8, {64}, params(11, 0, p, 0));
  EXPECT_EQ(mask, std::vector<double>(y.begin(), y.begin() + 64));
  EXPECT_EQ(draw(h, STRATA_RANDOM_BERNOULLI, STRATA_U8, {9}, params(1, 0, 0.0, 0)),
            std::vector<double>(9, 0));
  EXPECT_EQ(draw(h, STRATA_RANDOM_BERNOULLI, STRATA_F64, {9}, params(1, 0, 1.0, 0)),
            std::vector<double>(9, 1));
}

TEST(Random, StridedOutputFollowsLogicalOrderWithinGuards) {
  ReferenceHarness h;
  const auto p = params(5, 3, -1, 1);
  // A transposed [3, 4] view of a [4, 3] block at element 2 of a 16-element buffer.
  TestTensor out = h.make_view(STRATA_F32, {3, 4}, {1, 3}, 2, 16, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &p, {}, {&out}).ok());
  const auto y = h.read(out);
  for (uint64_t i = 0; i < y.size(); ++i) {
    EXPECT_EQ(y[i], expected_uniform(STRATA_F32, -1, 1, uniform_word(5, 3, i))) << i;
  }
  expect_guards_intact(h, out);
}

TEST(Random, ScalarAndEmptyOutputs) {
  ReferenceHarness h;
  const auto p = params(5, 3, 0, 1);
  EXPECT_EQ(draw(h, STRATA_RANDOM_UNIFORM, STRATA_F64, {}, p),
            (std::vector<double>{expected_uniform(STRATA_F64, 0, 1, uniform_word(5, 3, 0))}));
  TestTensor empty = h.make_view(STRATA_F32, {4, 0}, {1, 1}, 0, 2, {}, sentinel_for(STRATA_F32));
  ASSERT_TRUE(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &p, {}, {&empty}).ok());
  expect_guards_intact(h, empty);
}

TEST(Random, RejectsBadCalls) {
  ReferenceHarness h;
  TestTensor f = h.make(STRATA_F32, {4}, std::vector<double>(4, 0));
  TestTensor u8 = h.make(STRATA_U8, {4}, std::vector<double>(4, 0));
  TestTensor i32 = h.make(STRATA_I32, {4}, std::vector<double>(4, 0));
  const auto ok = params(1, 0, 0, 1);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &ok, {}, {&u8}).code,
            STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &ok, {}, {&i32}).code,
            STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &ok, {}, {&i32}).code,
            STRATA_UNSUPPORTED);
  EXPECT_TRUE(h.supports(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &ok, {}, {&u8}).ok());
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, 3, &ok, {}, {&f}).code, STRATA_UNSUPPORTED);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, nullptr, {}, {&f}).code,
            STRATA_INVALID_ARGUMENT);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &ok, {&f}, {&f}).code,
            STRATA_INVALID_ARGUMENT);

  const strata_random_params bad_uniform[] = {params(1, 0, 1, 1), params(1, 0, 2, 1),
                                              params(1, 0, NAN, 1), params(1, 0, 0, INFINITY)};
  for (const auto& p : bad_uniform) {
    EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &p, {}, {&f}).code,
              STRATA_INVALID_ARGUMENT);
  }
  // high - low overflows f16 (max 65504): no finite range to scale by.
  TestTensor half = h.make(STRATA_F16, {4}, std::vector<double>(4, 0));
  const auto wide = params(1, 0, -60000, 60000);
  CallResult r = h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &wide, {}, {&half});
  EXPECT_EQ(r.code, STRATA_INVALID_ARGUMENT);
  EXPECT_NE(r.message.find("f16[4]"), std::string::npos) << r.message;
  EXPECT_TRUE(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &wide, {}, {&f}).ok());

  const auto negative_stddev = params(1, 0, 0, -1);
  EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &negative_stddev, {}, {&f}).code,
            STRATA_INVALID_ARGUMENT);
  for (double p : {-0.1, 1.5, static_cast<double>(NAN)}) {
    const auto bp = params(1, 0, p, 0);
    EXPECT_EQ(h.run(STRATA_OP_RANDOM, STRATA_RANDOM_BERNOULLI, &bp, {}, {&f}).code,
              STRATA_INVALID_ARGUMENT);
  }
}

}  // namespace
}  // namespace strata_test
