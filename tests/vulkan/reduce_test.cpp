// REDUCE on Vulkan against the reference: every sub-code and dtype over several axis sets,
// strided inputs, empty axes (the identities), NaN propagation, ties, exact integer sums that
// pass through overflow, and one long row that spans many workgroup iterations.
#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

constexpr strata_dtype kDtypes[] = {STRATA_F32, STRATA_F16, STRATA_BF16,
                                    STRATA_I32, STRATA_I64, STRATA_U8};

bool is_arg(int sub) {
  return sub == STRATA_REDUCE_ARGMAX || sub == STRATA_REDUCE_ARGMIN;
}

std::vector<int64_t> reduced_shape(const std::vector<int64_t>& shape, uint32_t mask) {
  std::vector<int64_t> out = shape;
  for (size_t k = 0; k < shape.size(); ++k) {
    if ((mask >> k) & 1u) out[k] = 1;
  }
  return out;
}

void check_reduce(int sub, const View& in, const Bytes& data, uint32_t mask,
                  strata_dtype index_dtype = STRATA_I64) {
  const strata_reduce_params params{sizeof params, mask};
  const strata_dtype out_dtype = is_arg(sub) ? index_dtype : in.dtype;
  OpRun(STRATA_OP_REDUCE, sub, &params)
      .in(in, data)
      .out(gapped(out_dtype, reduced_shape(in.shape, mask)))
      .check(Match::kElementwise);
}

TEST(VulkanReduce, EverySubCodeDtypeAndAxisSet) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(20);
  const std::vector<int64_t> shape = {3, 4, 5};
  for (strata_dtype dtype : kDtypes) {
    const View in = permuted(dtype, shape, {2, 0, 1});
    // Small integers make ties, which ARGMAX/ARGMIN must break toward the lowest index.
    const Bytes data = random_integers(dtype, in.buffer_elements, 0, 6, rng);
    for (int sub = 0; sub <= STRATA_REDUCE_ARGMIN; ++sub) {
      if (sub == STRATA_REDUCE_MEAN && !is_float_dtype(dtype)) continue;
      const std::vector<uint32_t> masks =
          is_arg(sub) ? std::vector<uint32_t>{1, 2, 4} : std::vector<uint32_t>{0, 1, 2, 4, 5, 6, 7};
      for (uint32_t mask : masks) {
        SCOPED_TRACE(testing::Message()
                     << "dtype " << dtype << " reduce " << sub << " mask " << mask);
        check_reduce(sub, in, data, mask);
        if (is_arg(sub)) check_reduce(sub, in, data, mask, STRATA_I32);
      }
    }
  }
}

TEST(VulkanReduce, EmptyAxesGiveTheIdentities) {
  SKIP_WITHOUT_VULKAN();
  for (strata_dtype dtype : {STRATA_F32, STRATA_I32, STRATA_U8, STRATA_I64}) {
    for (int sub = STRATA_REDUCE_SUM; sub <= STRATA_REDUCE_MIN; ++sub) {
      if (sub == STRATA_REDUCE_MEAN && !is_float_dtype(dtype)) continue;
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " reduce " << sub);
      check_reduce(sub, dense(dtype, {3, 0, 2}), Bytes(dtype_bytes(dtype)), 2);
    }
  }
}

TEST(VulkanReduce, NaNPropagatesAndWinsTheFirstPlace) {
  SKIP_WITHOUT_VULKAN();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = {1, nan, 5, nan, -2, 5, 5, -7, 3, 3, -7, 0};
  for (int sub = 0; sub <= STRATA_REDUCE_ARGMIN; ++sub) {
    SCOPED_TRACE(testing::Message() << "reduce " << sub);
    check_reduce(sub, dense(STRATA_F32, {3, 4}), encode(STRATA_F32, values), 2);
    check_reduce(sub, dense(STRATA_F32, {3, 4}), encode(STRATA_F32, values), 1);
  }
}

TEST(VulkanReduce, IntegerSumsAreExactThroughIntermediateOverflow) {
  SKIP_WITHOUT_VULKAN();
  const std::vector<double> i32 = {2147483647,
                                   2147483647,
                                   -2147483648.0,
                                   -5,  // exact: 2^31-6
                                   2147483647,
                                   100,
                                   0,
                                   0,  // saturates
                                   -2147483648.0,
                                   -1,
                                   0,
                                   0};  // saturates
  check_reduce(STRATA_REDUCE_SUM, dense(STRATA_I32, {3, 4}), encode(STRATA_I32, i32), 2);
  const std::vector<double> i64 = {9e18, 9e18, -9e18, -8e18, 9e18, 9e18, 0, 1};
  check_reduce(STRATA_REDUCE_SUM, dense(STRATA_I64, {2, 4}), encode(STRATA_I64, i64), 2);
  const std::vector<double> u8 = {200, 200, 200, 1, 2, 3};
  check_reduce(STRATA_REDUCE_SUM, dense(STRATA_U8, {2, 3}), encode(STRATA_U8, u8), 2);
}

TEST(VulkanReduce, LongRowsAndManyRows) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(21);
  const View long_rows = dense(STRATA_F32, {3, 20000});
  const Bytes data = random_bytes(STRATA_F32, long_rows.buffer_elements, -1, 1, rng);
  for (int sub : {STRATA_REDUCE_SUM, STRATA_REDUCE_MAX, STRATA_REDUCE_ARGMIN}) {
    check_reduce(sub, long_rows, data, 2);
  }
  // Rows beyond 2^18 elements are folded in chunks by many workgroups, then combined.
  const View split_rows = gapped(STRATA_F32, {2, 300000});
  const Bytes split_data = random_bytes(STRATA_F32, split_rows.buffer_elements, -1, 1, rng);
  for (int sub : {STRATA_REDUCE_SUM, STRATA_REDUCE_MEAN, STRATA_REDUCE_ARGMAX}) {
    check_reduce(sub, split_rows, split_data, 2);
  }
  const View split_ints = dense(STRATA_I64, {300000});
  check_reduce(STRATA_REDUCE_SUM, split_ints,
               random_integers(STRATA_I64, 300000, -1000000, 1000000, rng), 1);
  const View many_rows = dense(STRATA_F32, {5000, 3});
  check_reduce(STRATA_REDUCE_MEAN, many_rows,
               random_bytes(STRATA_F32, many_rows.buffer_elements, -1, 1, rng), 2);
}

TEST(VulkanReduce, ArgReductionsNeedOneNonEmptyAxis) {
  SKIP_WITHOUT_VULKAN();
  const strata_reduce_params two_axes{sizeof two_axes, 3};
  OpRun run(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMAX, &two_axes);
  run.in(dense(STRATA_F32, {2, 2}), Bytes(16)).out(dense(STRATA_I64, {1, 1}));
  EXPECT_EQ(status_of([&] { run.run(); }), STRATA_INVALID_ARGUMENT);
  const strata_reduce_params one_axis{sizeof one_axis, 2};
  OpRun empty(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMIN, &one_axis);
  empty.in(dense(STRATA_F32, {2, 0}), Bytes(4)).out(dense(STRATA_I32, {2, 1}));
  EXPECT_EQ(status_of([&] { empty.run(); }), STRATA_INVALID_ARGUMENT);
}

}  // namespace
}  // namespace strata_vk_test

namespace strata_vk_test {
namespace {

// The shared-memory folds that devices without subgroup shuffles use, forced by the setting.
TEST(VulkanReduce, SharedMemoryFoldsWithoutSubgroups) {
  SKIP_WITHOUT_VULKAN();
  strata::Backend plain = make_vulkan(boost::json::parse(R"({"subgroups": false})").as_object());
  std::mt19937 rng(22);
  const View in = permuted(STRATA_F32, {6, 300}, {1, 0});
  const Bytes data = random_integers(STRATA_F32, in.buffer_elements, -50, 50, rng);
  for (int sub = 0; sub <= STRATA_REDUCE_ARGMIN; ++sub) {
    const strata_reduce_params params{sizeof params, 2};
    OpRun(STRATA_OP_REDUCE, sub, &params)
        .on(plain)
        .in(in, data)
        .out(gapped(sub >= STRATA_REDUCE_ARGMAX ? STRATA_I64 : STRATA_F32, {6, 1}))
        .check(Match::kElementwise);
  }
  const View ints = dense(STRATA_I64, {4, 500});
  const strata_reduce_params rows{sizeof rows, 2};
  OpRun(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &rows)
      .on(plain)
      .in(ints, random_integers(STRATA_I64, 2000, -1000, 1000, rng))
      .out(dense(STRATA_I64, {4, 1}))
      .check(Match::kExact);
  const View logits = dense(STRATA_F32, {3, 700});
  OpRun(STRATA_OP_SOFTMAX, STRATA_SOFTMAX, nullptr)
      .on(plain)
      .in(logits, random_bytes(STRATA_F32, logits.buffer_elements, -5, 5, rng))
      .out(dense(STRATA_F32, {3, 700}))
      .check(Match::kElementwise);
}

}  // namespace
}  // namespace strata_vk_test
