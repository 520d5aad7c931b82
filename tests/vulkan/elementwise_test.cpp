// UNARY, UNARY_BACKWARD and BINARY on Vulkan against the reference: every sub-code, every
// dtype the device computes in, random data in strided and broadcast views, and IEEE edge
// values (signed zeros, infinities, NaN, overflow, integer saturation).
#include <cmath>
#include <limits>

#include "vulkan_harness.hpp"

namespace strata_vk_test {
namespace {

constexpr strata_dtype kFloatDtypes[] = {STRATA_F32, STRATA_F16, STRATA_BF16};
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// sqrt, rsqrt and log want positive inputs for a meaningful NMSE.
bool wants_positive(int sub) {
  return sub == STRATA_UNARY_SQRT || sub == STRATA_UNARY_RSQRT || sub == STRATA_UNARY_LOG;
}

strata_unary_params unary_params(int sub, bool tanh_gelu) {
  if (sub == STRATA_UNARY_CLIP) return {sizeof(strata_unary_params), -0.5, 0.8};
  return {sizeof(strata_unary_params), 0.3, tanh_gelu ? 1.0 : 0.0};
}

void check_unary(strata_dtype dtype, int sub, const strata_unary_params& params, bool backward,
                 std::mt19937& rng) {
  const std::vector<int64_t> shape = {4, 5, 6};
  const View x = permuted(dtype, shape, {1, 2, 0});
  const double lo = wants_positive(sub) ? 0.05 : -4, hi = 4;
  OpRun run(backward ? STRATA_OP_UNARY_BACKWARD : STRATA_OP_UNARY, sub, &params);
  if (backward) {
    const View dy = broadcast(dtype, shape, {0});
    run.in(dy, random_bytes(dtype, dy.buffer_elements, -2, 2, rng));
  }
  run.in(x, random_bytes(dtype, x.buffer_elements, lo, hi, rng)).out(gapped(dtype, shape));
  run.check(Match::kElementwise);
}

TEST(VulkanElementwise, EveryUnaryFunctionBothDirectionsEveryFloatDtype) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(10);
  for (strata_dtype dtype : kFloatDtypes) {
    for (int sub = 0; sub <= STRATA_UNARY_CLIP; ++sub) {
      for (bool backward : {false, true}) {
        SCOPED_TRACE(testing::Message() << "dtype " << dtype << " unary " << sub
                                        << (backward ? " backward" : " forward"));
        check_unary(dtype, sub, unary_params(sub, false), backward, rng);
        if (sub == STRATA_UNARY_GELU)
          check_unary(dtype, sub, unary_params(sub, true), backward, rng);
      }
    }
  }
}

TEST(VulkanElementwise, UnaryEdgeValuesMatchTheReference) {
  SKIP_WITHOUT_VULKAN();
  const std::vector<double> edges = {0.0, -0.0, kInf, -kInf, kNaN, 1e-30, -1e-30, 1e-6,
                                     30,  -30,  90,   -90,   1e30, -1e30, 0.5,    -0.5};
  const int64_t n = static_cast<int64_t>(edges.size());
  for (int sub = 0; sub <= STRATA_UNARY_CLIP; ++sub) {
    for (bool backward : {false, true}) {
      for (bool tanh_gelu : {false, true}) {
        SCOPED_TRACE(testing::Message() << "unary " << sub << (backward ? " backward" : ""));
        const strata_unary_params params = unary_params(sub, tanh_gelu);
        OpRun run(backward ? STRATA_OP_UNARY_BACKWARD : STRATA_OP_UNARY, sub, &params);
        if (backward)
          run.in(dense(STRATA_F32, {n}), encode(STRATA_F32, std::vector(edges.size(), 1.5)));
        run.in(dense(STRATA_F32, {n}), encode(STRATA_F32, edges)).out(dense(STRATA_F32, {n}));
        run.check(Match::kElementwise);
      }
    }
  }
}

TEST(VulkanElementwise, EveryBinaryOpOnFloatsWithBroadcasting) {
  SKIP_WITHOUT_VULKAN();
  std::mt19937 rng(11);
  const std::vector<int64_t> shape = {3, 4, 5};
  for (strata_dtype dtype : kFloatDtypes) {
    for (int sub = 0; sub <= STRATA_BINARY_GREATER_EQUAL; ++sub) {
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " binary " << sub);
      const View a = gapped(dtype, shape);
      const View b = broadcast(dtype, shape, {1});
      // pow wants a positive base; comparisons want ties, so both draw small integers.
      const bool integers = sub >= STRATA_BINARY_EQUAL;
      const double lo = sub == STRATA_BINARY_POW ? 0.1 : -3;
      const Bytes a_bytes = integers ? random_integers(dtype, a.buffer_elements, -2, 2, rng)
                                     : random_bytes(dtype, a.buffer_elements, lo, 3, rng);
      const Bytes b_bytes = integers ? random_integers(dtype, b.buffer_elements, -2, 2, rng)
                                     : random_bytes(dtype, b.buffer_elements, -3, 3, rng);
      const strata_dtype out = integers ? STRATA_U8 : dtype;
      OpRun(STRATA_OP_BINARY, sub, nullptr)
          .in(a, a_bytes)
          .in(b, b_bytes)
          .out(gapped(out, shape))
          .check(Match::kElementwise);
    }
  }
}

// Every pair of special values: exact except pow, which only the elementwise bound pins down
// (infinities and NaN must still agree exactly).
TEST(VulkanElementwise, BinaryIeeeEdgeCases) {
  SKIP_WITHOUT_VULKAN();
  const std::vector<double> values = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.0, kInf, -kInf, kNaN};
  std::vector<double> a, b;
  for (double u : values) {
    for (double v : values) {
      a.push_back(u);
      b.push_back(v);
    }
  }
  const int64_t n = static_cast<int64_t>(a.size());
  for (int sub = 0; sub <= STRATA_BINARY_GREATER_EQUAL; ++sub) {
    SCOPED_TRACE(testing::Message() << "binary " << sub);
    OpRun(STRATA_OP_BINARY, sub, nullptr)
        .in(dense(STRATA_F32, {n}), encode(STRATA_F32, a))
        .in(dense(STRATA_F32, {n}), encode(STRATA_F32, b))
        .out(dense(sub >= STRATA_BINARY_EQUAL ? STRATA_U8 : STRATA_F32, {n}))
        .check(sub == STRATA_BINARY_POW ? Match::kElementwise : Match::kExact);
  }
}

TEST(VulkanElementwise, IntegerArithmeticSaturatesAndComparesExactly) {
  SKIP_WITHOUT_VULKAN();
  const std::vector<double> i32 = {
      0, 1, -1, 7, -9, 46341, -46341, 2147483647, -2147483648.0, 1073741824, -1073741825};
  const std::vector<double> i64 = {0,    1,     -1,     3037000500.0, -3037000500.0,
                                   4e18, -4e18, 9.2e18, -9.2e18,      123456789012.0};
  for (strata_dtype dtype : {STRATA_I32, STRATA_I64, STRATA_U8}) {
    const std::vector<double>& base = dtype == STRATA_I64 ? i64 : i32;
    std::vector<double> a, b;
    for (double u : base) {
      for (double v : base) {
        a.push_back(u);
        b.push_back(v);
      }
    }
    const int64_t n = static_cast<int64_t>(a.size());
    for (int sub = 0; sub <= STRATA_BINARY_GREATER_EQUAL; ++sub) {
      const bool comparison = sub >= STRATA_BINARY_EQUAL;
      const bool allowed = sub == STRATA_BINARY_ADD || sub == STRATA_BINARY_SUB ||
                           sub == STRATA_BINARY_MUL || sub == STRATA_BINARY_MAXIMUM ||
                           sub == STRATA_BINARY_MINIMUM;
      if (!comparison && (!allowed || dtype == STRATA_U8)) continue;
      SCOPED_TRACE(testing::Message() << "dtype " << dtype << " binary " << sub);
      OpRun(STRATA_OP_BINARY, sub, nullptr)
          .in(dense(dtype, {n}), encode(dtype, a))
          .in(gapped(dtype, {n}), encode(dtype,
                                         [&] {
                                           std::vector<double> padded(
                                               gapped(dtype, {n}).buffer_elements, 0);
                                           for (int64_t i = 0; i < n; ++i) padded[2 + i] = b[i];
                                           return padded;
                                         }()))
          .out(gapped(comparison ? STRATA_U8 : dtype, {n}))
          .check(Match::kExact);
    }
  }
}

TEST(VulkanElementwise, UnsupportedAndMalformedCalls) {
  SKIP_WITHOUT_VULKAN();
  std::string message;
  OpRun div(STRATA_OP_BINARY, STRATA_BINARY_DIV, nullptr);
  div.in(dense(STRATA_I32, {2}), Bytes(8)).in(dense(STRATA_I32, {2}), Bytes(8));
  div.out(dense(STRATA_I32, {2}));
  EXPECT_EQ(status_of([&] { div.run(); }, &message), STRATA_UNSUPPORTED) << message;

  OpRun unknown(STRATA_OP_UNARY, 99, nullptr);
  unknown.in(dense(STRATA_F32, {2}), Bytes(8)).out(dense(STRATA_F32, {2}));
  EXPECT_EQ(status_of([&] { unknown.run(); }, &message), STRATA_UNSUPPORTED) << message;

  OpRun shapes(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr);
  shapes.in(dense(STRATA_F32, {2}), Bytes(8)).in(dense(STRATA_F32, {3}), Bytes(12));
  shapes.out(dense(STRATA_F32, {2}));
  EXPECT_EQ(status_of([&] { shapes.run(); }, &message), STRATA_INVALID_ARGUMENT);
  EXPECT_NE(message.find("f32[3]"), std::string::npos) << message;
}

}  // namespace
}  // namespace strata_vk_test
