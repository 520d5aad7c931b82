// Asynchronous execution: many ops recorded and submitted in batches then read once, host
// writes ordered after pending work, reads that see everything enqueued before them.
#include <cstring>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

strata_op_call call(strata_op op, int32_t sub, const void* params,
                    std::vector<const strata_tensor*>& in, std::vector<const strata_tensor*>& out) {
  return {sizeof(strata_op_call), op, sub, params, in.data(), in.size(), out.data(), out.size()};
}

TEST(VulkanStream, AThousandDependentOpsThenOneRead) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  strata::Buffer acc = vk.alloc(64 * 4), one = vk.alloc(64 * 4);
  const strata_tensor a = dense(STRATA_F32, {64}).descriptor(acc.handle());
  const strata_tensor o = dense(STRATA_F32, {64}).descriptor(one.handle());
  const strata_fill_params zero{sizeof zero, 0.0}, unit{sizeof unit, 1.0};
  std::vector<const strata_tensor*> none, acc_out = {&a}, one_out = {&o}, sum_in = {&a, &o};
  vk.execute(call(STRATA_OP_FILL, 0, &zero, none, acc_out));
  vk.execute(call(STRATA_OP_FILL, 0, &unit, none, one_out));
  // Each add reads what the previous one wrote: only correct barriers give 1000.
  for (int i = 0; i < 1000; ++i) vk.execute(call(STRATA_OP_BINARY, 0, nullptr, sum_in, acc_out));
  Bytes result(64 * 4);
  vk.read(acc, 0, result);
  for (int64_t i = 0; i < 64; ++i) ASSERT_EQ(element(STRATA_F32, result, i), 1000.0) << i;
}

TEST(VulkanStream, HostWritesAreOrderedAfterPendingWork) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  strata::Buffer x = vk.alloc(16 * 4), y = vk.alloc(16 * 4);
  const strata_tensor xt = dense(STRATA_F32, {16}).descriptor(x.handle());
  const strata_tensor yt = dense(STRATA_F32, {16}).descriptor(y.handle());
  std::vector<const strata_tensor*> in = {&xt}, out = {&yt};
  vk.write(x, 0, encode(STRATA_F32, std::vector<double>(16, 2.0)));
  vk.execute(call(STRATA_OP_UNARY, STRATA_UNARY_SQUARE, nullptr, in, out));  // y = 4
  vk.write(x, 0, encode(STRATA_F32, std::vector<double>(16, 3.0)));          // after the square
  Bytes got(16 * 4);
  vk.read(y, 0, got);
  EXPECT_EQ(element(STRATA_F32, got, 5), 4.0);
  vk.execute(call(STRATA_OP_UNARY, STRATA_UNARY_SQUARE, nullptr, in, out));
  vk.read(y, 0, got);
  EXPECT_EQ(element(STRATA_F32, got, 5), 9.0);
}

TEST(VulkanStream, ManyStagedWritesKeepTheirOrder) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  const int64_t n = 256 * 1024;  // 1 MiB of f32
  strata::Buffer x = vk.alloc(n * 4), y = vk.alloc(n * 4);
  const strata_tensor xt = dense(STRATA_F32, {n}).descriptor(x.handle());
  const strata_tensor yt = dense(STRATA_F32, {n}).descriptor(y.handle());
  std::vector<const strata_tensor*> in = {&xt}, out = {&yt};
  // Pending work keeps the device busy, so every write below is staged and recorded: 100 MiB
  // in all, submitted as it accumulates rather than held until the read.
  vk.execute(call(STRATA_OP_UNARY, STRATA_UNARY_NEG, nullptr, in, out));
  Bytes data(n * 4);
  for (int i = 0; i < 100; ++i) {
    const float value = static_cast<float>(i);
    std::memcpy(data.data(), &value, 4);
    std::memcpy(data.data() + (n - 1) * 4, &value, 4);
    vk.write(x, 0, data);
  }
  vk.execute(call(STRATA_OP_UNARY, STRATA_UNARY_NEG, nullptr, in, out));
  Bytes got(n * 4);
  vk.read(y, 0, got);
  EXPECT_EQ(element(STRATA_F32, got, 0), -99.0);
  EXPECT_EQ(element(STRATA_F32, got, n - 1), -99.0);
}

TEST(VulkanStream, ManyIndependentSmallOpsAcrossBatches) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  std::vector<strata::Buffer> buffers;
  for (int i = 0; i < 600; ++i) buffers.push_back(vk.alloc(4));
  for (int i = 0; i < 600; ++i) {
    const strata_fill_params p{sizeof p, static_cast<double>(i)};
    const strata_tensor t = dense(STRATA_F32, {}).descriptor(buffers[i].handle());
    std::vector<const strata_tensor*> none, out = {&t};
    vk.execute(call(STRATA_OP_FILL, 0, &p, none, out));
  }
  vk.synchronize();
  for (int i = 0; i < 600; i += 37) {
    Bytes got(4);
    vk.read(buffers[i], 0, got);
    EXPECT_EQ(element(STRATA_F32, got, 0), i);
  }
}

}  // namespace
}  // namespace strata_vk_test
