// GATHER and SCATTER_ADD on Vulkan against the reference: i32 and i64 indices of several
// ranks, strided tables, repeated indices that must accumulate, exact integer accumulation, and
// a bad index that the asynchronous plugin reports at the next synchronize.
#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

// table [N, d...], indices of shape S, rows [S..., d...].
std::vector<int64_t> rows_shape(const std::vector<int64_t>& table, const std::vector<int64_t>& s) {
  std::vector<int64_t> rows = s;
  rows.insert(rows.end(), table.begin() + 1, table.end());
  return rows;
}

TEST(VulkanGather, RowsByIndexForEveryDtypeAndIndexType) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(40);
  const std::vector<int64_t> table = {7, 3, 2};
  const std::vector<int64_t> s = {2, 5};
  for (strata_dtype dtype : {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_I64, STRATA_U8}) {
    for (strata_dtype index : {STRATA_I32, STRATA_I64}) {
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " indices " << index);
      const View tv = permuted(dtype, table, {0, 2, 1});
      const View iv = gapped(index, s);
      OpRun(STRATA_OP_GATHER, 0, nullptr)
          .in(tv, random_bytes(dtype, tv.buffer_elements, -9, 9, rng))
          .in(iv, random_integers(index, iv.buffer_elements, 0, 6, rng))
          .out(gapped(dtype, rows_shape(table, s)))
          .check(Match::kExact);
    }
  }
}

TEST(VulkanGather, ScalarIndicesAndRankOneTables) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(41);
  OpRun(STRATA_OP_GATHER, 0, nullptr)
      .in(dense(STRATA_F32, {5}), random_bytes(STRATA_F32, 5, -1, 1, rng))
      .in(dense(STRATA_I32, {}), encode(STRATA_I32, {3}))
      .out(dense(STRATA_F32, {}))
      .check(Match::kExact);
  OpRun(STRATA_OP_GATHER, 0, nullptr)
      .in(dense(STRATA_I32, {5}), random_integers(STRATA_I32, 5, -100, 100, rng))
      .in(dense(STRATA_I64, {4}), encode(STRATA_I64, {4, 0, 4, 2}))
      .out(gapped(STRATA_I32, {4}))
      .check(Match::kExact);
}

TEST(VulkanGather, ScatterAddAccumulatesRepeatedIndices) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(42);
  const std::vector<int64_t> table = {6, 4};
  const std::vector<int64_t> s = {3, 4};
  for (strata_dtype dtype :
       {STRATA_F32, STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_I64, STRATA_U8}) {
    for (strata_dtype index : {STRATA_I32, STRATA_I64}) {
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " indices " << index);
      const View uv = permuted(dtype, rows_shape(table, s), {1, 0, 2});
      const View iv = dense(index, s);
      const View tv = gapped(dtype, table);
      OpRun(STRATA_OP_SCATTER_ADD, 0, nullptr)
          .in(uv, random_integers(dtype, uv.buffer_elements, 0, 9, rng))
          .in(iv, random_integers(index, iv.buffer_elements, 0, 5, rng))  // 12 into 6 rows
          .out(tv, random_integers(dtype, tv.buffer_elements, 0, 9, rng))
          .check(Match::kElementwise);
    }
  }
}

TEST(VulkanGather, ScatterAddIntegersSaturateOnceLikeTheReference) {
  SKIP_WITHOUT_VULKAN();
  // Row 0 gets +2^31-1 and -2^31+1 : the exact sum is 0, no saturation on the way.
  OpRun(STRATA_OP_SCATTER_ADD, 0, nullptr)
      .in(dense(STRATA_I32, {4, 1}), encode(STRATA_I32, {2147483647, -2147483647, 2147483647, 5}))
      .in(dense(STRATA_I32, {4}), encode(STRATA_I32, {0, 0, 1, 1}))
      .out(dense(STRATA_I32, {2, 1}), encode(STRATA_I32, {7, 2147483000}))
      .check(Match::kExact);
}

TEST(VulkanGather, LargeScatterAdd) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(43);
  const View uv = dense(STRATA_F32, {4000, 16});
  OpRun(STRATA_OP_SCATTER_ADD, 0, nullptr)
      .in(uv, random_bytes(STRATA_F32, uv.buffer_elements, -1, 1, rng))
      .in(dense(STRATA_I64, {4000}), random_integers(STRATA_I64, 4000, 0, 99, rng))
      .out(dense(STRATA_F32, {100, 16}), Bytes(100 * 16 * 4))
      .check(Match::kElementwise);
}

TEST(VulkanGather, BadIndexIsReportedAtSynchronize) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend& vk = vulkan();
  strata::Buffer table = vk.alloc(5 * 4), indices = vk.alloc(3 * 8), out = vk.alloc(3 * 4);
  const Bytes index_bytes = encode(STRATA_I64, {1, 9, 2});
  vk.write(indices, 0, index_bytes);
  const strata_tensor t = dense(STRATA_F32, {5}).descriptor(table.handle());
  const strata_tensor i = dense(STRATA_I64, {3}).descriptor(indices.handle());
  const strata_tensor o = dense(STRATA_F32, {3}).descriptor(out.handle());
  const strata_tensor* in[] = {&t, &i};
  const strata_tensor* outs[] = {&o};
  const strata_op_call call{sizeof call, STRATA_OP_GATHER, 0, nullptr, in, 2, outs, 1};
  vk.execute(call);  // enqueued: the index is only seen on the device
  std::string message;
  EXPECT_EQ(status_of([&] { vk.synchronize(); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("index 9 at position [1]"), std::string::npos) << message;
  EXPECT_NE(message.find("[0, 5)"), std::string::npos) << message;
  // Reported once: the instance goes on working.
  EXPECT_EQ(status_of([&] { vk.synchronize(); }), STRATA_OK);
  const strata_tensor* scatter_in[] = {&o, &i};
  const strata_tensor* scatter_out[] = {&t};
  const strata_op_call scatter{
      sizeof scatter, STRATA_OP_SCATTER_ADD, 0, nullptr, scatter_in, 2, scatter_out, 1};
  vk.execute(scatter);
  Bytes readback(20);
  EXPECT_EQ(status_of([&] { vk.read(table, 0, readback); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("scatter_add"), std::string::npos) << message;
}

}  // namespace
}  // namespace strata_vk_test
