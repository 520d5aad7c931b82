// SOFTMAX and SOFTMAX_BACKWARD on Vulkan against the reference: both sub-codes, strided rows,
// rows of one element, rows longer than a workgroup, large inputs that need the max subtracted.
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

void check_softmax(strata_dtype dtype, int sub, const std::vector<int64_t>& shape, double scale,
                   std::mt19937& rng) {
  const View x = permuted(dtype, shape, {1, 0, 2});
  OpRun(STRATA_OP_SOFTMAX, sub, nullptr)
      .in(x, random_bytes(dtype, x.buffer_elements, -scale, scale, rng))
      .out(gapped(dtype, shape))
      .check(Match::kElementwise);
  // The backward op takes the forward output: run the reference forward for realistic y.
  const View yv = dense(dtype, shape);
  OpRun forward(STRATA_OP_SOFTMAX, sub, nullptr);
  forward.in(yv, random_bytes(dtype, yv.buffer_elements, -2, 2, rng)).out(yv);
  forward.run();
  const View dy = gapped(dtype, shape);
  OpRun(STRATA_OP_SOFTMAX_BACKWARD, sub, nullptr)
      .in(dy, random_bytes(dtype, dy.buffer_elements, -1, 1, rng))
      .in(yv, forward.results()[0][0])
      .out(gapped(dtype, shape))
      .check(Match::kElementwise);
}

TEST(VulkanSoftmax, BothSubCodesForwardAndBackward) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(50);
  for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
    for (int sub : {STRATA_SOFTMAX, STRATA_LOG_SOFTMAX}) {
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " softmax " << sub);
      check_softmax(dtype, sub, {3, 4, 10}, 3, rng);
      check_softmax(dtype, sub, {2, 3, 1}, 3, rng);
    }
  }
}

TEST(VulkanSoftmax, LongRowsAndLargeLogits) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(51);
  for (int sub : {STRATA_SOFTMAX, STRATA_LOG_SOFTMAX}) {
    check_softmax(STRATA_F32, sub, {2, 2, 3000}, 80, rng);
  }
}

}  // namespace
}  // namespace strata_vk_test
