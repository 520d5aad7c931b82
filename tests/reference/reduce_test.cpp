// STRATA_OP_REDUCE on the reference backend against a naive loop over a rank-3 tensor written
// here, plus integer, empty-axis, tie and NaN cases worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

using Dims = std::array<int64_t, 3>;

// The values folded into each keepdims output element of a dense [d0, d1, d2] tensor, in
// row-major order, grouped per output element (also in row-major order).
std::vector<std::vector<double>> naive_groups(const std::vector<double>& x, Dims d, uint32_t mask) {
  auto reduced = [&](int k) { return ((mask >> k) & 1u) != 0; };
  const Dims od = {reduced(0) ? 1 : d[0], reduced(1) ? 1 : d[1], reduced(2) ? 1 : d[2]};
  std::vector<std::vector<double>> groups(static_cast<size_t>(od[0] * od[1] * od[2]));
  for (int64_t i = 0; i < d[0]; ++i) {
    for (int64_t j = 0; j < d[1]; ++j) {
      for (int64_t k = 0; k < d[2]; ++k) {
        const int64_t oi = reduced(0) ? 0 : i, oj = reduced(1) ? 0 : j, ok = reduced(2) ? 0 : k;
        groups[static_cast<size_t>((oi * od[1] + oj) * od[2] + ok)].push_back(
            x[static_cast<size_t>((i * d[1] + j) * d[2] + k)]);
      }
    }
  }
  return groups;
}

double fold(strata_reduce_op op, const std::vector<double>& g) {
  switch (op) {
    case STRATA_REDUCE_SUM:
      return std::accumulate(g.begin(), g.end(), 0.0);
    case STRATA_REDUCE_MEAN:
      return std::accumulate(g.begin(), g.end(), 0.0) / g.size();
    case STRATA_REDUCE_MAX:
      return *std::max_element(g.begin(), g.end());
    case STRATA_REDUCE_MIN:
      return *std::min_element(g.begin(), g.end());
    case STRATA_REDUCE_ARGMAX:
      return std::max_element(g.begin(), g.end()) - g.begin();
    case STRATA_REDUCE_ARGMIN:
      return std::min_element(g.begin(), g.end()) - g.begin();
  }
  return kNaN;
}

std::vector<double> naive_reduce(strata_reduce_op op, const std::vector<double>& x, Dims d,
                                 uint32_t mask) {
  std::vector<double> out;
  for (const auto& g : naive_groups(x, d, mask)) out.push_back(fold(op, g));
  return out;
}

std::vector<int64_t> keepdims(const std::vector<int64_t>& shape, uint32_t mask) {
  std::vector<int64_t> out = shape;
  for (size_t k = 0; k < out.size(); ++k) {
    if ((mask >> k) & 1u) out[k] = 1;
  }
  return out;
}

CallResult reduce(ReferenceHarness& h, strata_reduce_op op, uint32_t mask, const TestTensor& in,
                  const TestTensor& out) {
  strata_reduce_params p{sizeof p, mask};
  return h.run(STRATA_OP_REDUCE, op, &p, {&in}, {&out});
}

const strata_reduce_op kValueOps[] = {STRATA_REDUCE_SUM, STRATA_REDUCE_MEAN, STRATA_REDUCE_MAX,
                                      STRATA_REDUCE_MIN};

TEST(Reduce, SeveralAxisSetsOfARank3TensorMatchANaiveLoop) {
  ReferenceHarness h;
  const Dims d = {2, 3, 4};
  const std::vector<double> x = random_values(24, 21, -3, 3);
  TestTensor in = h.make(STRATA_F64, {2, 3, 4}, x);
  for (uint32_t mask : {0u, 1u, 2u, 4u, 3u, 5u, 6u, 7u}) {
    for (strata_reduce_op op : kValueOps) {
      SCOPED_TRACE(testing::Message() << "op " << op << " mask " << mask);
      TestTensor out = guarded_output(h, STRATA_F64, keepdims({2, 3, 4}, mask));
      ASSERT_TRUE(reduce(h, op, mask, in, out).ok());
      expect_all_near(h.read(out), naive_reduce(op, x, d, mask), 1e-13, 1e-14);
      expect_guards_intact(h, out);
    }
  }
}

TEST(Reduce, StridedInputAndLowerPrecisionDtypes) {
  ReferenceHarness h;
  const Dims d = {2, 3, 4};
  const std::vector<double> x = random_values(24, 22, 0.5, 2.0);
  for (strata_dtype dtype : {STRATA_F32, STRATA_F16, STRATA_BF16}) {
    // Logical [2,3,4] over a contiguous [4,3,2] buffer: element (i,j,k) at i + 2j + 6k.
    TestTensor in = h.make_view(dtype, {2, 3, 4}, {1, 2, 6}, 0, 24, x);
    const std::vector<double> stored = h.read(in);
    for (uint32_t mask : {5u, 2u, 7u}) {
      for (strata_reduce_op op : kValueOps) {
        SCOPED_TRACE(testing::Message() << "dtype " << dtype << " op " << op << " mask " << mask);
        TestTensor out = guarded_output(h, dtype, keepdims({2, 3, 4}, mask));
        ASSERT_TRUE(reduce(h, op, mask, in, out).ok());
        expect_all_near(h.read(out), naive_reduce(op, stored, d, mask), rounding_tolerance(dtype));
        expect_guards_intact(h, out);
      }
    }
  }
}

TEST(Reduce, BroadcastInputCountsEveryRepeat) {
  ReferenceHarness h;
  // A [3] row broadcast to [4,3]: the sum over axis 0 is four times the row.
  TestTensor in = h.make_view(STRATA_F32, {4, 3}, {0, 1}, 1, 4, {});
  const std::vector<float> row = {1.5f, -2, 4};
  ASSERT_TRUE(h.take(h.api().buffer_write(h.instance(), in.buffer, 4, row.data(), 12)).ok());
  TestTensor out = h.make(STRATA_F32, {1, 3}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 1, in, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{6, -8, 16}));
}

TEST(Reduce, FloatSumsAccumulateWide) {
  ReferenceHarness h;
  // In f32 arithmetic 2^24 + 1 + 1 + ... stays 2^24; the oracle keeps every 1.
  std::vector<double> x(9, 1.0);
  x[0] = std::ldexp(1.0, 24);
  TestTensor in = h.make(STRATA_F32, {9}, x);
  TestTensor out = h.make(STRATA_F32, {1}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 1, in, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{std::ldexp(1.0, 24) + 8});
}

TEST(Reduce, IntegerReductionsAreExactAndSaturate) {
  ReferenceHarness h;
  const int64_t two53 = int64_t{1} << 53;
  TestTensor big = make_i64(h, {2, 3}, {two53, 1, 1, two53, two53 + 1, -1});
  TestTensor out = h.make(STRATA_I64, {2, 1}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 2, big, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{two53 + 2, 2 * two53}));
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MAX, 2, big, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{two53, two53 + 1}));
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MIN, 2, big, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{1, -1}));

  TestTensor extremes = make_i64(h, {2, 2}, {kI64Max, 1, kI64Min, -1});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 2, extremes, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{kI64Max, kI64Min}));

  TestTensor i32 = h.make(STRATA_I32, {2, 2}, {2147483647, 1, -2147483647, -5});
  TestTensor i32_out = guarded_output(h, STRATA_I32, {2, 1});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 2, i32, i32_out).ok());
  EXPECT_EQ(h.read(i32_out), (std::vector<double>{2147483647, -2147483648.0}));
  expect_guards_intact(h, i32_out);
  TestTensor u8 = h.make(STRATA_U8, {3}, {200, 100, 7});
  TestTensor u8_out = h.make(STRATA_U8, {1}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_SUM, 1, u8, u8_out).ok());
  EXPECT_EQ(h.read(u8_out), std::vector<double>{255});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MIN, 1, u8, u8_out).ok());
  EXPECT_EQ(h.read(u8_out), std::vector<double>{7});
}

TEST(Reduce, EmptyAxisGivesTheIdentity) {
  ReferenceHarness h;
  struct Case {
    strata_dtype dtype;
    strata_reduce_op op;
    double identity;
  };
  const std::vector<Case> cases = {
      {STRATA_F32, STRATA_REDUCE_SUM, 0},          {STRATA_F32, STRATA_REDUCE_MEAN, kNaN},
      {STRATA_F64, STRATA_REDUCE_MAX, -kInf},      {STRATA_F64, STRATA_REDUCE_MIN, kInf},
      {STRATA_F16, STRATA_REDUCE_MAX, -kInf},      {STRATA_BF16, STRATA_REDUCE_MIN, kInf},
      {STRATA_I32, STRATA_REDUCE_SUM, 0},          {STRATA_I32, STRATA_REDUCE_MAX, -2147483648.0},
      {STRATA_I32, STRATA_REDUCE_MIN, 2147483647}, {STRATA_U8, STRATA_REDUCE_MAX, 0},
      {STRATA_U8, STRATA_REDUCE_MIN, 255},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << "dtype " << c.dtype << " op " << c.op);
    TestTensor in = h.make(c.dtype, {2, 0, 3}, {});
    TestTensor out = guarded_output(h, c.dtype, {2, 1, 3});
    ASSERT_TRUE(reduce(h, c.op, 2, in, out).ok());
    expect_all_near(h.read(out), std::vector<double>(6, c.identity), 0);
    expect_guards_intact(h, out);
  }
  TestTensor in = make_i64(h, {0}, {});
  TestTensor out = h.make(STRATA_I64, {1}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MAX, 1, in, out).ok());
  EXPECT_EQ(read_i64(h, out), std::vector<int64_t>{kI64Min});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MIN, 1, in, out).ok());
  EXPECT_EQ(read_i64(h, out), std::vector<int64_t>{kI64Max});
}

TEST(Reduce, EmptyOutputTouchesNothing) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {0, 3}, {});
  TestTensor out = guarded_output(h, STRATA_F32, {0, 1});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MEAN, 2, in, out).ok());
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMAX, 2, in, guarded_output(h, STRATA_I64, {0, 1})).ok());
  expect_guards_intact(h, out);
}

TEST(Reduce, MaxAndMinPropagateNaN) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F64, {2, 3}, {1, kNaN, 3, 4, 5, 6});
  TestTensor out = h.make(STRATA_F64, {2, 1}, {});
  for (strata_reduce_op op : {STRATA_REDUCE_MAX, STRATA_REDUCE_MIN}) {
    ASSERT_TRUE(reduce(h, op, 2, in, out).ok());
    const std::vector<double> got = h.read(out);
    EXPECT_TRUE(std::isnan(got[0]));
    EXPECT_EQ(got[1], op == STRATA_REDUCE_MAX ? 6 : 4);
  }
}

TEST(Reduce, ArgmaxAndArgminTiesAndNaN) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {2, 4}, {1, 3, 3, 1, 5, kNaN, 7, kNaN});
  for (strata_dtype index_dtype : {STRATA_I32, STRATA_I64}) {
    TestTensor along_rows = guarded_output(h, index_dtype, {2, 1});
    ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMAX, 2, in, along_rows).ok());
    EXPECT_EQ(h.read(along_rows), (std::vector<double>{1, 1}));  // first of the tied 3s; first NaN
    ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMIN, 2, in, along_rows).ok());
    EXPECT_EQ(h.read(along_rows), (std::vector<double>{0, 1}));  // first of the tied 1s; NaN
    expect_guards_intact(h, along_rows);
    TestTensor along_columns = guarded_output(h, index_dtype, {1, 4});
    ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMAX, 1, in, along_columns).ok());
    EXPECT_EQ(h.read(along_columns), (std::vector<double>{1, 1, 1, 1}));
    ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMIN, 1, in, along_columns).ok());
    EXPECT_EQ(h.read(along_columns), (std::vector<double>{0, 1, 0, 1}));
    expect_guards_intact(h, along_columns);
  }
}

TEST(Reduce, ArgmaxOfAStridedRank3TensorMatchesANaiveLoop) {
  ReferenceHarness h;
  const Dims d = {2, 3, 4};
  const std::vector<double> x = random_values(24, 23);
  TestTensor in = h.make_view(STRATA_F64, {2, 3, 4}, {1, 2, 6}, 0, 24, x);
  for (uint32_t mask : {1u, 2u, 4u}) {
    for (strata_reduce_op op : {STRATA_REDUCE_ARGMAX, STRATA_REDUCE_ARGMIN}) {
      TestTensor out = h.make(STRATA_I64, keepdims({2, 3, 4}, mask), {});
      ASSERT_TRUE(reduce(h, op, mask, in, out).ok());
      EXPECT_EQ(h.read(out), naive_reduce(op, x, d, mask)) << "op " << op << " mask " << mask;
    }
  }
}

TEST(Reduce, ArgmaxOfIntegersIsExact) {
  ReferenceHarness h;
  const int64_t two53 = int64_t{1} << 53;
  TestTensor in = make_i64(h, {3}, {two53, two53 + 1, two53 + 1});
  TestTensor out = h.make(STRATA_I32, {1}, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMAX, 1, in, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{1});
  TestTensor bytes = h.make(STRATA_U8, {4}, {9, 3, 200, 3});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_ARGMIN, 1, bytes, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{1});
}

TEST(Reduce, RankZeroAndMaskZeroAreCopies) {
  ReferenceHarness h;
  TestTensor scalar = h.make(STRATA_F32, {}, {2.5});
  TestTensor out = guarded_output(h, STRATA_F32, {});
  ASSERT_TRUE(reduce(h, STRATA_REDUCE_MEAN, 0, scalar, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{2.5});
  expect_guards_intact(h, out);
  expect_error(reduce(h, STRATA_REDUCE_SUM, 1, scalar, out), STRATA_INVALID_ARGUMENT,
               {"reduce sum", "axes_mask 0x1", "rank 0"});
}

TEST(Reduce, RejectsMalformedAndUnsupportedCalls) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {2, 3, 4}, {});
  TestTensor squeezed = h.make(STRATA_F32, {2, 4}, {});
  expect_error(reduce(h, STRATA_REDUCE_SUM, 2, in, squeezed), STRATA_INVALID_ARGUMENT,
               {"reduce sum", "f32[2,3,4]", "f32[2,1,4]", "f32[2,4]"});
  TestTensor wrong_size = h.make(STRATA_F32, {2, 1, 3}, {});
  expect_error(reduce(h, STRATA_REDUCE_MAX, 2, in, wrong_size), STRATA_INVALID_ARGUMENT,
               {"f32[2,1,4]", "f32[2,1,3]"});
  TestTensor out = h.make(STRATA_F32, {2, 1, 4}, {});
  expect_error(reduce(h, STRATA_REDUCE_SUM, 8 | 2, in, out), STRATA_INVALID_ARGUMENT,
               {"axes_mask 0xa", "f32[2,3,4]"});
  TestTensor out64 = h.make(STRATA_F64, {2, 1, 4}, {});
  expect_error(reduce(h, STRATA_REDUCE_SUM, 2, in, out64), STRATA_INVALID_ARGUMENT,
               {"f32[2,3,4]", "f64[2,1,4]", "dtypes differ"});
  TestTensor indices = h.make(STRATA_I64, {2, 1, 1}, {});
  expect_error(reduce(h, STRATA_REDUCE_ARGMAX, 6, in, indices), STRATA_INVALID_ARGUMENT,
               {"reduce argmax", "exactly one"});
  expect_error(reduce(h, STRATA_REDUCE_ARGMIN, 2, in, out), STRATA_INVALID_ARGUMENT,
               {"i32 or i64"});
  TestTensor empty = h.make(STRATA_F32, {2, 0}, {});
  TestTensor empty_out = h.make(STRATA_I64, {2, 1}, {});
  expect_error(reduce(h, STRATA_REDUCE_ARGMAX, 2, empty, empty_out), STRATA_INVALID_ARGUMENT,
               {"f32[2,0]", "empty along axis 1"});
  TestTensor ints = h.make(STRATA_I32, {2, 3}, {});
  TestTensor ints_out = h.make(STRATA_I32, {2, 1}, {});
  expect_error(reduce(h, STRATA_REDUCE_MEAN, 2, ints, ints_out), STRATA_UNSUPPORTED,
               {"reduce mean", "i32[2,3]"});
  expect_error(h.run(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, nullptr, {&in}, {&out}),
               STRATA_INVALID_ARGUMENT, {"params"});
  expect_error(reduce(h, static_cast<strata_reduce_op>(6), 2, in, out), STRATA_UNSUPPORTED,
               {"unknown sub-code 6"});
}

}  // namespace
}  // namespace strata_test
