// Random tensors: the values the ABI's Philox rule gives (computed here from strata/philox.h),
// the per-context stream and its offsets, and equal draws from equally seeded contexts.
#include <gtest/gtest.h>
#include <strata/philox.h>

#include <cmath>
#include <numbers>

#include "strata/random.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Context;
using strata::DType;
using strata::Tensor;
using strata_test::error_of;
namespace random = strata::random;

uint32_t word(uint64_t seed, uint64_t offset, uint64_t i, uint64_t per_block) {
  return strata_random_block(seed, offset, i / per_block).w[i % per_block];
}

std::vector<float> host_uniform_f32(uint64_t seed, uint64_t offset, size_t n, float lo, float hi) {
  std::vector<float> out;
  for (size_t i = 0; i < n; ++i) {
    const float u = strata_uniform_from_word(word(seed, offset, i, 4));
    const float range = hi - lo;
    const float t = range * u;
    out.push_back(lo + t);
  }
  return out;
}

std::vector<double> host_normal(uint64_t seed, uint64_t offset, size_t n, double mean,
                                double stddev) {
  std::vector<double> out;
  for (size_t i = 0; i < n; ++i) {
    const auto block = strata_random_block(seed, offset, i / 2);
    const uint32_t x1 = block.w[2 * (i % 2)], x2 = block.w[2 * (i % 2) + 1];
    const double u1 = (double(x1 >> 8) + 1) * 0x1p-24, u2 = double(x2 >> 8) * 0x1p-24;
    out.push_back(mean +
                  stddev * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2));
  }
  return out;
}

class RandomTest : public strata_test::ReferenceTest {};

TEST_F(RandomTest, UniformIsThePhiloxRuleBitForBit) {
  context_.set_seed(1234);
  const Tensor u = random::uniform({3, 3}, -2, 3);
  EXPECT_EQ(u.dtype(), DType::float32);
  EXPECT_EQ(u.to_vector<float>(), host_uniform_f32(1234, 0, 9, -2, 3));
  const Tensor d = random::uniform({5}, 0, 1, DType::float64, 77);
  const std::vector<double> values = d.to_vector<double>();
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(values[i], double(strata_uniform_from_word(word(77, 0, i, 4)))) << i;
  }
}

TEST_F(RandomTest, EachDrawAdvancesTheStream) {
  context_.set_seed(9);
  const Tensor first = random::uniform({5});
  EXPECT_EQ(context_.random_offset(), 2u);  // ceil(5 / 4) blocks
  const Tensor second = random::uniform({5});
  EXPECT_EQ(context_.random_offset(), 4u);
  EXPECT_EQ(first.to_vector<float>(), host_uniform_f32(9, 0, 5, 0, 1));
  EXPECT_EQ(second.to_vector<float>(), host_uniform_f32(9, 2, 5, 0, 1));
  random::normal({3});
  EXPECT_EQ(context_.random_offset(), 6u);  // ceil(3 / 2) blocks
}

TEST_F(RandomTest, AnExplicitSeedLeavesTheStreamAlone) {
  context_.set_seed(5);
  const Tensor a = random::uniform({4}, 0, 1, std::nullopt, 31);
  const Tensor b = random::uniform({4}, 0, 1, std::nullopt, 31);
  EXPECT_EQ(context_.random_offset(), 0u);
  EXPECT_EQ(a.to_vector<float>(), b.to_vector<float>());
  EXPECT_EQ(a.to_vector<float>(), host_uniform_f32(31, 0, 4, 0, 1));
}

TEST_F(RandomTest, NormalFollowsBoxMuller) {
  context_.set_seed(2024);
  const Tensor n = random::normal({7}, 1.5, 2, DType::float64);
  const auto expected = host_normal(2024, 0, 7, 1.5, 2);
  const auto actual = n.to_vector<double>();
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-12) << i;
}

TEST_F(RandomTest, BernoulliComparesTheTop24Bits) {
  context_.set_seed(3);
  const Tensor mask = random::bernoulli({10}, 0.3, DType::uint8);
  EXPECT_EQ(mask.dtype(), DType::uint8);
  const auto values = mask.to_vector<uint8_t>();
  for (size_t i = 0; i < values.size(); ++i) {
    const uint32_t x = word(3, 0, i, 4);
    EXPECT_EQ(values[i], double(x >> 8) < 0.3 * 16777216.0 ? 1 : 0) << i;
  }
  const Tensor floats = random::bernoulli({1000}, 0.25);
  const double mean = strata::ops::mean(floats).item<double>();
  EXPECT_NEAR(mean, 0.25, 0.05);
}

TEST_F(RandomTest, EquallySeededContextsDrawTheSame) {
  Context a = strata_test::reference_context();
  Context b = strata_test::reference_context();
  a.set_seed(42);
  b.set_seed(42);
  auto draw = [](const Context& c) {
    return strata::with_backend(c, [] {
      return std::pair(random::uniform({6}).to_vector<float>(),
                       random::normal({6}).to_vector<float>());
    });
  };
  EXPECT_EQ(draw(a), draw(b));
  b.set_seed(43);
  EXPECT_NE(draw(a).first, draw(b).first);
}

TEST_F(RandomTest, SetSeedSeedsTheCurrentContextAndLaterOnes) {
  random::uniform({8});
  strata::set_seed(77);
  EXPECT_EQ(context_.seed(), 77u);
  EXPECT_EQ(context_.random_offset(), 0u);
  EXPECT_EQ(strata_test::reference_context().seed(), 77u);
  EXPECT_EQ(random::uniform({4}).to_vector<float>(), host_uniform_f32(77, 0, 4, 0, 1));
}

TEST_F(RandomTest, InvalidParametersAreRejected) {
  EXPECT_EQ(error_of([] { random::uniform({2}, 1, 1); }),
            "uniform: minval 1 and maxval 1: need minval < maxval and a finite range");
  EXPECT_EQ(error_of([] { random::bernoulli({2}, 1.5); }),
            "bernoulli: p is 1.5; it must lie in [0, 1]");
  EXPECT_EQ(error_of([] { random::normal({2}, 0, 1, DType::int32); }),
            "normal: dtype int32 is not a float dtype");
  EXPECT_EQ(error_of([] { random::normal({2}, 0, -1); }),
            "normal: mean 0, stddev -1: need finite values and stddev >= 0");
}

}  // namespace
