// FILL, COPY, CAST and WHERE on Vulkan against the reference: every dtype the device has,
// strided, broadcast, offset, zero-size and rank-0 views, and the edge values of casts.
#include <cmath>
#include <limits>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

constexpr strata_dtype kAllDtypes[] = {STRATA_F32, STRATA_F64, STRATA_F16, STRATA_BF16,
                                       STRATA_I32, STRATA_I64, STRATA_U8};
constexpr strata_dtype kComputeDtypes[] = {STRATA_F32, STRATA_F16, STRATA_BF16,
                                           STRATA_I32, STRATA_I64, STRATA_U8};
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(VulkanMovement, FillEveryDtypeIntoGappedViewsLeavesGuards) {
  SKIP_WITHOUT_VULKAN();
  for (strata_dtype dtype : kAllDtypes) {
    for (double value : {0.0, -2.75, 300.7, -1e10, kNaN}) {
      strata_fill_params p{sizeof p, value};
      OpRun(STRATA_OP_FILL, 0, &p).out(gapped(dtype, {3, 4, 5})).check(Match::kExact);
    }
  }
}

TEST(VulkanMovement, FillZeroSizeAndRankZero) {
  SKIP_WITHOUT_VULKAN();
  strata_fill_params p{sizeof p, 7.5};
  OpRun(STRATA_OP_FILL, 0, &p).out(gapped(STRATA_F32, {4, 0, 3})).check(Match::kExact);
  OpRun(STRATA_OP_FILL, 0, &p).out(gapped(STRATA_F32, {})).check(Match::kExact);
}

TEST(VulkanMovement, CopyTransposesBroadcastsAndSlicesEveryDtype) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(1);
  for (strata_dtype dtype : kAllDtypes) {
    const View transposed = permuted(dtype, {5, 3, 4}, {2, 0, 1});
    OpRun(STRATA_OP_COPY, 0, nullptr)
        .in(transposed, random_bytes(dtype, transposed.buffer_elements, -50, 50, rng))
        .out(gapped(dtype, {5, 3, 4}))
        .check(Match::kExact);
    const View spread = broadcast(dtype, {4, 6, 3}, {1});
    OpRun(STRATA_OP_COPY, 0, nullptr)
        .in(spread, random_bytes(dtype, spread.buffer_elements, -50, 50, rng))
        .out(gapped(dtype, {4, 6, 3}))
        .check(Match::kExact);
    const View offset = gapped(dtype, {7});
    OpRun(STRATA_OP_COPY, 0, nullptr)
        .in(offset, random_bytes(dtype, offset.buffer_elements, -50, 50, rng))
        .out(dense(dtype, {7}))
        .check(Match::kExact);
  }
}

TEST(VulkanMovement, CopyOfALargeTensor) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(2);
  const View in = permuted(STRATA_F32, {300, 700}, {1, 0});
  OpRun(STRATA_OP_COPY, 0, nullptr)
      .in(in, random_bytes(STRATA_F32, in.buffer_elements, -1, 1, rng))
      .out(dense(STRATA_F32, {300, 700}))
      .check(Match::kExact);
}

// Values that exercise every cast rule: truncation toward zero, NaN to 0, saturation, signed
// zeros, infinities, integers too wide for 16-bit floats.
std::vector<double> cast_edge_values(strata_dtype from) {
  if (!is_float_dtype(from)) {
    std::vector<double> v = {0, 1, 2, 127, 255, 256, 2049, 4097, 65519, 65521, 1e6 + 1};
    if (from != STRATA_U8) {
      for (double x : {-1.0, -256.0, -70000.0, 2147483647.0, -2147483648.0, 16777217.0}) {
        v.push_back(x);
      }
    }
    if (from == STRATA_I64) {
      for (double x : {9007199254740993.0, -4e18, 4e18}) v.push_back(x);
    }
    return v;
  }
  return {0.0,   -0.0,  0.49, 0.5,  0.99,    1.5,     -1.5,     -0.7,      254.9,     255.5, 256.0,
          -3.0,  1e9,   -1e9, 3e9,  -3e9,    1e19,    -1e19,    kInf,      -kInf,     kNaN,  65504,
          65520, 70000, 1e-5, 1e-8, 2.5e-38, 123.456, -987.654, 1048577.0, 16777217.0};
}

TEST(VulkanMovement, CastBetweenEveryPairWithEdgeValues) {
  SKIP_WITHOUT_VULKAN();
  for (strata_dtype from : kComputeDtypes) {
    const std::vector<double> values = cast_edge_values(from);
    const int64_t n = static_cast<int64_t>(values.size());
    for (strata_dtype to : kComputeDtypes) {
      SCOPED_TRACE(testing::Message() << "cast " << from << " -> " << to);
      OpRun(STRATA_OP_CAST, 0, nullptr)
          .in(dense(from, {n}), encode(from, values))
          .out(gapped(to, {n}))
          .check(Match::kExact);
    }
  }
}

TEST(VulkanMovement, CastStridedRandomTensors) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(3);
  const View in = permuted(STRATA_F32, {6, 5, 4}, {1, 2, 0});
  for (strata_dtype to : {STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_I64, STRATA_U8}) {
    OpRun(STRATA_OP_CAST, 0, nullptr)
        .in(in, random_bytes(STRATA_F32, in.buffer_elements, -300, 300, rng))
        .out(gapped(to, {6, 5, 4}))
        .check(Match::kExact);
  }
}

TEST(VulkanMovement, WhereWithBroadcastOperandsEveryDtype) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(4);
  for (strata_dtype dtype : kAllDtypes) {
    const View cond = broadcast(STRATA_U8, {4, 5, 6}, {0});
    const View a = gapped(dtype, {4, 5, 6});
    const View b = broadcast(dtype, {4, 5, 6}, {2});
    OpRun(STRATA_OP_WHERE, 0, nullptr)
        .in(cond, random_bytes(STRATA_U8, cond.buffer_elements, 0, 3, rng))
        .in(a, random_bytes(dtype, a.buffer_elements, -9, 9, rng))
        .in(b, random_bytes(dtype, b.buffer_elements, -9, 9, rng))
        .out(gapped(dtype, {4, 5, 6}))
        .check(Match::kExact);
  }
}

TEST(VulkanMovement, MismatchedCallsAreInvalidAndF64MathUnsupported) {
  SKIP_WITHOUT_VULKAN();
  std::string message;
  OpRun copy(STRATA_OP_COPY, 0, nullptr);
  copy.in(dense(STRATA_F32, {3}), Bytes(12)).out(dense(STRATA_I32, {3}));
  EXPECT_EQ(status_of([&] { copy.run(); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("dtypes differ"), std::string::npos) << message;

  strata_tensor x = dense(STRATA_F64, {3}).descriptor(nullptr);
  strata_tensor y = dense(STRATA_F32, {3}).descriptor(nullptr);
  const strata_tensor* in[] = {&x};
  const strata_tensor* out[] = {&y};
  const strata_op_call call{sizeof call, STRATA_OP_CAST, 0, nullptr, in, 1, out, 1};
  const auto reason = vulkan().supports(call);
  ASSERT_TRUE(reason.has_value());
  EXPECT_NE(reason->find("f64"), std::string::npos) << *reason;
}

}  // namespace
}  // namespace strata_vk_test
