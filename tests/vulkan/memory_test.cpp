// Memory: the sub-allocator's bookkeeping on its own, and through the plugin: reuse over many
// alloc/free cycles, out-of-memory as a status, zero-size buffers, ordered writes and
// overlapping copies.
#include <numeric>

#include "range_allocator.hpp"
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

using strata_vk::RangeAllocator;

TEST(VulkanRangeAllocator, FirstFitAlignedAndMergedOnRelease) {
  RangeAllocator ranges(1024);
  const auto a = ranges.allocate(100, 64);
  const auto b = ranges.allocate(100, 64);
  const auto c = ranges.allocate(100, 64);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, 0u);
  EXPECT_EQ(*b, 128u);  // 100 rounded up to the next 64-aligned start
  EXPECT_EQ(*c, 256u);
  EXPECT_EQ(ranges.used(), 300u);
  ranges.release(*b, 100);
  EXPECT_EQ(*ranges.allocate(28, 4), 100u);  // first fit: the gap after a
  ranges.release(*a, 100);
  ranges.release(100, 28);
  ranges.release(*c, 100);
  EXPECT_TRUE(ranges.empty());
  EXPECT_EQ(ranges.free_ranges(), 1u);  // everything merged back into one range
  EXPECT_EQ(*ranges.allocate(1024, 256), 0u);
  EXPECT_FALSE(ranges.allocate(1, 1).has_value());
}

TEST(VulkanRangeAllocator, RandomChurnNeverOverlapsAndEndsWhole) {
  RangeAllocator ranges(1 << 20);
  std::mt19937 rng(70);
  std::vector<std::pair<uint64_t, uint64_t>> live;
  for (int step = 0; step < 5000; ++step) {
    if (!live.empty() && (rng() % 2 == 0 || live.size() > 200)) {
      const size_t i = rng() % live.size();
      ranges.release(live[i].first, live[i].second);
      live.erase(live.begin() + static_cast<long>(i));
      continue;
    }
    const uint64_t size = 1 + rng() % 5000;
    if (auto offset = ranges.allocate(size, 256)) {
      EXPECT_EQ(*offset % 256, 0u);
      for (const auto& [o, s] : live) {
        EXPECT_TRUE(*offset + size <= o || o + s <= *offset) << "overlap at step " << step;
      }
      live.emplace_back(*offset, size);
    }
  }
  for (const auto& [o, s] : live) ranges.release(o, s);
  EXPECT_TRUE(ranges.empty());
  EXPECT_EQ(ranges.free_ranges(), 1u);
}

TEST(VulkanMemory, AllocFreeCyclesReuseMemory) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  // 400 x 24 MiB = 9.6 GiB in total: far beyond the device, so only reuse lets this pass.
  for (int i = 0; i < 400; ++i) {
    strata::Buffer big = vk.alloc(24u << 20);
    strata::Buffer small = vk.alloc(1000 + i);
    ASSERT_TRUE(big && small);
  }
  // Freed while work on it is pending: released only after the work, and nothing breaks.
  strata::Buffer data = vk.alloc(4096);
  const strata_fill_params fill{sizeof fill, 3.0};
  const strata_tensor t = dense(STRATA_F32, {1024}).descriptor(data.handle());
  const strata_tensor* outs[] = {&t};
  vk.execute({sizeof(strata_op_call), STRATA_OP_FILL, 0, &fill, nullptr, 0, outs, 1});
  data.reset();
  vk.synchronize();
}

TEST(VulkanMemory, HugeAllocationIsOutOfMemory) {
  SKIP_WITHOUT_VULKAN();
  std::string message;
  EXPECT_EQ(status_of([&] { vulkan().alloc(uint64_t{1} << 44); }, &message), STRATA_OUT_OF_MEMORY);
  EXPECT_NE(message.find("17592186044416 bytes"), std::string::npos) << message;
  // The instance is fine afterwards.
  EXPECT_NO_THROW(vulkan().alloc(64));
}

TEST(VulkanMemory, ExhaustingTheHeapIsOutOfMemoryAndRecoverable) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend vk = make_vulkan({});  // its own instance, so other tests keep their memory
  std::vector<strata::Buffer> held;
  std::string message;
  strata_status_code code = STRATA_OK;
  for (int i = 0; i < 4096 && code == STRATA_OK; ++i) {
    code = status_of([&] { held.push_back(vk.alloc(48u << 20)); }, &message);
  }
  EXPECT_EQ(code, STRATA_OUT_OF_MEMORY);
  EXPECT_NE(message.find("out of device memory"), std::string::npos) << message;
  held.clear();
  EXPECT_NO_THROW(vk.alloc(48u << 20)) << "freed memory is available again";
}

TEST(VulkanMemory, ZeroSizeBuffersAreDistinctAndUsable) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  strata::Buffer a = vk.alloc(0), b = vk.alloc(0);
  EXPECT_NE(a.handle(), b.handle());
  vk.write(a, 0, {});
  Bytes none;
  vk.read(b, 0, none);
  std::string message;
  Bytes one(1);
  EXPECT_EQ(status_of([&] { vk.read(a, 0, one); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("outside the 0-byte buffer"), std::string::npos) << message;
}

TEST(VulkanMemory, TensorsInForeignOrFreedBuffersAreRejected) {
  SKIP_WITHOUT_VULKAN();
  strata::Buffer foreign = reference().alloc(16);
  const strata_fill_params fill{sizeof fill, 1.0};
  const strata_tensor t = dense(STRATA_F32, {4}).descriptor(foreign.handle());
  const strata_tensor* outs[] = {&t};
  std::string message;
  EXPECT_EQ(status_of(
                [&] {
                  plugin_execute(vulkan(), {sizeof(strata_op_call), STRATA_OP_FILL, 0, &fill,
                                            nullptr, 0, outs, 1});
                },
                &message),
            STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("not a live buffer of this instance"), std::string::npos) << message;
}

TEST(VulkanMemory, CopiesBetweenAndWithinBuffersIncludingOverlap) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  Bytes data(1000);
  std::iota(reinterpret_cast<uint8_t*>(data.data()), reinterpret_cast<uint8_t*>(data.data()) + 1000,
            0);
  strata::Buffer a = vk.alloc(1000), b = vk.alloc(1000);
  vk.write(a, 0, data);
  vk.copy(a, 100, b, 0, 500);
  vk.copy(a, 0, a, 10, 900);  // overlapping, forward: must behave like memmove
  Bytes got_a(1000), got_b(500);
  vk.read(a, 0, got_a);
  vk.read(b, 0, got_b);
  Bytes want_a = data;
  std::memmove(want_a.data() + 10, data.data(), 900);
  EXPECT_EQ(got_a, want_a);
  EXPECT_EQ(got_b, Bytes(data.begin() + 100, data.begin() + 600));
}

}  // namespace
}  // namespace strata_vk_test
