// RANDOM on Vulkan against the reference: UNIFORM bit for bit in every float dtype (the spec
// pins every rounding), BERNOULLI exactly (floats and u8), NORMAL within the elementwise bound.
// Offsets beyond 2^32 blocks and strided outputs are covered.
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

void check_random(int sub, strata_dtype dtype, const strata_random_params& p, Match match) {
  OpRun(STRATA_OP_RANDOM, sub, &p).out(gapped(dtype, {7, 9, 5})).check(match);
}

TEST(VulkanRandom, UniformIsBitExactInEveryFloatDtype) {
  SKIP_WITHOUT_VULKAN();
  const strata_random_params ranges[] = {
      {sizeof(strata_random_params), 42, 0, 0.0, 1.0},
      {sizeof(strata_random_params), 0x123456789abcdefull, 0xfffffffeull, -3.7, 11.3},
      {sizeof(strata_random_params), 7, 5, -0.001, 0.002},
      {sizeof(strata_random_params), 9, 1, 1000.0, 1003.0},
  };
  for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
    for (const strata_random_params& p : ranges) {
      SCOPED_TRACE(testing::Message()
                   << "dtype " << dtype << " range [" << p.a << ", " << p.b << ")");
      check_random(STRATA_RANDOM_UNIFORM, dtype, p, Match::kExact);
    }
  }
}

TEST(VulkanRandom, BernoulliIsExactForFloatsAndBytes) {
  SKIP_WITHOUT_VULKAN();
  for (double prob : {0.0, 0.3, 0.5, 1.0}) {
    const strata_random_params p{sizeof p, 3, 17, prob, 0};
    for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_U8}) {
      check_random(STRATA_RANDOM_BERNOULLI, dtype, p, Match::kExact);
    }
  }
}

TEST(VulkanRandom, NormalMatchesWithinTheElementwiseBound) {
  SKIP_WITHOUT_VULKAN();
  for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
    const strata_random_params p{sizeof p, 2024, 1ull << 33, 0.5, 2.0};
    check_random(STRATA_RANDOM_NORMAL, dtype, p, Match::kElementwise);
  }
  const strata_random_params many{sizeof many, 1, 0, 0.0, 1.0};
  OpRun(STRATA_OP_RANDOM, STRATA_RANDOM_NORMAL, &many)
      .out(dense(STRATA_F32, {100000}))
      .check(Match::kElementwise);
}

TEST(VulkanRandom, InvalidParametersAreRejected) {
  SKIP_WITHOUT_VULKAN();
  const strata_random_params backwards{sizeof backwards, 1, 0, 2.0, 1.0};
  OpRun run(STRATA_OP_RANDOM, STRATA_RANDOM_UNIFORM, &backwards);
  run.out(dense(STRATA_F32, {4}));
  EXPECT_EQ(status_of([&] { run.run(); }), STRATA_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace strata_vk_test
