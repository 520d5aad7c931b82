// STRATA_OP_BINARY on the reference backend: NumPy-style broadcasting written as stride-0 views,
// checked against loops over plain vectors, plus integer, NaN and comparison cases by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
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

struct ArithmeticCase {
  strata_binary_op op;
  const char* name;
  double (*f)(double a, double b);
};

const std::vector<ArithmeticCase> kArithmetic = {
    {STRATA_BINARY_ADD, "add", [](double a, double b) { return a + b; }},
    {STRATA_BINARY_SUB, "sub", [](double a, double b) { return a - b; }},
    {STRATA_BINARY_MUL, "mul", [](double a, double b) { return a * b; }},
    {STRATA_BINARY_DIV, "div", [](double a, double b) { return a / b; }},
    {STRATA_BINARY_POW, "pow", [](double a, double b) { return std::pow(a, b); }},
    {STRATA_BINARY_MAXIMUM, "maximum", [](double a, double b) { return a > b ? a : b; }},
    {STRATA_BINARY_MINIMUM, "minimum", [](double a, double b) { return a < b ? a : b; }},
};

CallResult binary(ReferenceHarness& h, strata_binary_op op, const TestTensor& a,
                  const TestTensor& b, const TestTensor& out) {
  return h.run(STRATA_OP_BINARY, op, nullptr, {&a, &b}, {&out});
}

// out[i][j] = f(a[i][j], b[j]): a [rows, cols] against a row b [cols].
std::vector<double> naive_row_broadcast(double (*f)(double, double), const std::vector<double>& a,
                                        const std::vector<double>& b, size_t cols) {
  std::vector<double> out;
  for (size_t i = 0; i < a.size(); ++i) out.push_back(f(a[i], b[i % cols]));
  return out;
}

// Positive a so that pow stays real; b in a range where nothing overflows.
TEST(Binary, ArithmeticBroadcastsARowInEveryFloatDtype) {
  ReferenceHarness h;
  const std::vector<double> av = random_values(6, 11, 0.5, 2.0);
  const std::vector<double> bv = random_values(3, 12, -1.5, 1.5);
  for (const ArithmeticCase& c : kArithmetic) {
    for (strata_dtype dtype : {STRATA_F64, STRATA_F32, STRATA_F16, STRATA_BF16}) {
      SCOPED_TRACE(std::string(c.name) + " dtype " + std::to_string(dtype));
      TestTensor a = h.make(dtype, {2, 3}, av);
      // b is [3] broadcast to [2,3]: stride 0 on the new leading axis.
      TestTensor b =
          h.make_view(dtype, {2, 3}, {0, 1}, 0, 3, {bv[0], bv[1], bv[2], bv[0], bv[1], bv[2]});
      TestTensor out = guarded_output(h, dtype, {2, 3});
      ASSERT_TRUE(binary(h, c.op, a, b, out).ok());
      const std::vector<double> b_stored = h.read(b);
      const std::vector<double> b_row(b_stored.begin(), b_stored.begin() + 3);
      expect_all_near(h.read(out), naive_row_broadcast(c.f, h.read(a), b_row, 3),
                      rounding_tolerance(dtype));
      expect_guards_intact(h, out);
    }
  }
}

TEST(Binary, OuterProductOfAColumnAndARow) {
  ReferenceHarness h;
  // [2,1] x [1,3] -> [2,3]: a repeats along columns, b along rows.
  TestTensor a = h.make_view(STRATA_F32, {2, 3}, {1, 0}, 0, 2, {2, 2, 2, 3, 3, 3});
  TestTensor b = h.make_view(STRATA_F32, {2, 3}, {0, 1}, 0, 3, {10, 20, 30, 10, 20, 30});
  TestTensor out = guarded_output(h, STRATA_F32, {2, 3});
  ASSERT_TRUE(binary(h, STRATA_BINARY_MUL, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{20, 40, 60, 30, 60, 90}));
  expect_guards_intact(h, out);
  ASSERT_TRUE(binary(h, STRATA_BINARY_SUB, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{-8, -18, -28, -7, -17, -27}));
}

TEST(Binary, F32ResultsAreCorrectlyRounded) {
  ReferenceHarness h;
  const std::vector<double> av = random_values(64, 13, -100, 100);
  const std::vector<double> bv = random_values(64, 14, 0.01, 3);
  TestTensor a = h.make(STRATA_F32, {64}, av);
  TestTensor b = h.make(STRATA_F32, {64}, bv);
  TestTensor out = h.make(STRATA_F32, {64}, {});
  const std::vector<double> as = h.read(a), bs = h.read(b);
  for (strata_binary_op op : {STRATA_BINARY_ADD, STRATA_BINARY_MUL, STRATA_BINARY_DIV}) {
    ASSERT_TRUE(binary(h, op, a, b, out).ok());
    const std::vector<double> got = h.read(out);
    for (size_t i = 0; i < got.size(); ++i) {
      const float x = static_cast<float>(as[i]), y = static_cast<float>(bs[i]);
      const float expected = op == STRATA_BINARY_ADD   ? x + y
                             : op == STRATA_BINARY_MUL ? x * y
                                                       : x / y;
      EXPECT_EQ(got[i], expected) << "op " << op << " element " << i;
    }
  }
}

TEST(Binary, IeeeSpecialValues) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F64, {6}, {1, -1, 0, kNaN, 2, -8});
  TestTensor b = h.make(STRATA_F64, {6}, {0, 0, 0, 1, kNaN, 1.0 / 3});
  TestTensor out = h.make(STRATA_F64, {6}, {});
  ASSERT_TRUE(binary(h, STRATA_BINARY_DIV, a, b, out).ok());
  expect_all_near(h.read(out), {kInf, -kInf, kNaN, kNaN, kNaN, -24}, 1e-15);
  ASSERT_TRUE(binary(h, STRATA_BINARY_POW, a, b, out).ok());
  expect_all_near(h.read(out), {1, 1, 1, kNaN, kNaN, kNaN}, 0);
  // maximum and minimum are NaN when either side is, whichever side it is on.
  ASSERT_TRUE(binary(h, STRATA_BINARY_MAXIMUM, a, b, out).ok());
  expect_all_near(h.read(out), {1, 0, 0, kNaN, kNaN, 1.0 / 3}, 0);
  ASSERT_TRUE(binary(h, STRATA_BINARY_MINIMUM, a, b, out).ok());
  expect_all_near(h.read(out), {0, -1, 0, kNaN, kNaN, -8}, 0);
  TestTensor zero = h.make(STRATA_F64, {}, {0});
  TestTensor minus_one = h.make(STRATA_F64, {}, {-1});
  TestTensor scalar = h.make(STRATA_F64, {}, {});
  ASSERT_TRUE(binary(h, STRATA_BINARY_POW, zero, minus_one, scalar).ok());
  EXPECT_EQ(h.read(scalar), std::vector<double>{kInf});
}

TEST(Binary, IntegerArithmeticIsExactAndSaturates) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_I32, {5}, {7, -7, 2147483647, -2147483647, 65536});
  TestTensor b = h.make(STRATA_I32, {5}, {3, 3, 1, -2, 65536});
  TestTensor out = guarded_output(h, STRATA_I32, {5});
  const std::vector<std::pair<strata_binary_op, std::vector<double>>> cases = {
      {STRATA_BINARY_ADD, {10, -4, 2147483647, -2147483648.0, 131072}},
      {STRATA_BINARY_SUB, {4, -10, 2147483646, -2147483645, 0}},
      {STRATA_BINARY_MUL, {21, -21, 2147483647, 2147483647, 2147483647}},
      {STRATA_BINARY_MAXIMUM, {7, 3, 2147483647, -2, 65536}},
      {STRATA_BINARY_MINIMUM, {3, -7, 1, -2147483647, 65536}},
  };
  for (const auto& [op, expected] : cases) {
    ASSERT_TRUE(binary(h, op, a, b, out).ok()) << op;
    EXPECT_EQ(h.read(out), expected) << op;
    expect_guards_intact(h, out);
  }
}

TEST(Binary, I64ArithmeticBeyondDoublePrecision) {
  ReferenceHarness h;
  const int64_t two53 = int64_t{1} << 53;
  TestTensor a = make_i64(h, {4}, {two53 + 1, kI64Max, kI64Min, int64_t{1} << 40});
  TestTensor b = make_i64(h, {4}, {1, 1, 1, int64_t{1} << 30});
  TestTensor out = h.make(STRATA_I64, {4}, {});
  ASSERT_TRUE(binary(h, STRATA_BINARY_ADD, a, b, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{two53 + 2, kI64Max, kI64Min + 1,
                                                    (int64_t{1} << 40) + (1 << 30)}));
  ASSERT_TRUE(binary(h, STRATA_BINARY_SUB, b, a, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{-two53, kI64Min + 2, kI64Max,
                                                    (int64_t{1} << 30) - (int64_t{1} << 40)}));
  ASSERT_TRUE(binary(h, STRATA_BINARY_MUL, a, a, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{kI64Max, kI64Max, kI64Max, kI64Max}));
  ASSERT_TRUE(binary(h, STRATA_BINARY_MAXIMUM, a, b, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{two53 + 1, kI64Max, 1, int64_t{1} << 40}));
}

TEST(Binary, ComparisonsWriteU8WithIeeeNaN) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {5}, {1, 2, 3, kNaN, 0.0});
  TestTensor b = h.make(STRATA_F32, {5}, {2, 2, 2, kNaN, -0.0});
  TestTensor out = guarded_output(h, STRATA_U8, {5});
  const std::vector<std::pair<strata_binary_op, std::vector<double>>> cases = {
      {STRATA_BINARY_EQUAL, {0, 1, 0, 0, 1}},   {STRATA_BINARY_NOT_EQUAL, {1, 0, 1, 1, 0}},
      {STRATA_BINARY_LESS, {1, 0, 0, 0, 0}},    {STRATA_BINARY_LESS_EQUAL, {1, 1, 0, 0, 1}},
      {STRATA_BINARY_GREATER, {0, 0, 1, 0, 0}}, {STRATA_BINARY_GREATER_EQUAL, {0, 1, 1, 0, 1}},
  };
  for (const auto& [op, expected] : cases) {
    ASSERT_TRUE(binary(h, op, a, b, out).ok()) << op;
    EXPECT_EQ(h.read(out), expected) << op;
    expect_guards_intact(h, out);
  }
  // NaN against a number is unordered too.
  TestTensor one = h.make_view(STRATA_F32, {5}, {0}, 0, 1, {1, 1, 1, 1, 1});
  ASSERT_TRUE(binary(h, STRATA_BINARY_LESS_EQUAL, a, one, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, 0, 0, 0, 1}));
}

TEST(Binary, ComparisonsOnIntegerAndHalfDtypes) {
  ReferenceHarness h;
  const int64_t two53 = int64_t{1} << 53;
  TestTensor a = make_i64(h, {3}, {two53, two53 + 1, -5});
  TestTensor b = make_i64(h, {3}, {two53 + 1, two53 + 1, -6});
  TestTensor out = h.make(STRATA_U8, {3}, {});
  ASSERT_TRUE(binary(h, STRATA_BINARY_LESS, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, 0, 0}));
  ASSERT_TRUE(binary(h, STRATA_BINARY_EQUAL, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{0, 1, 0}));
  for (strata_dtype dtype : {STRATA_U8, STRATA_I32, STRATA_F16, STRATA_BF16}) {
    TestTensor x = h.make(dtype, {3}, {1, 5, 9});
    TestTensor y = h.make(dtype, {3}, {5, 5, 5});
    ASSERT_TRUE(binary(h, STRATA_BINARY_GREATER_EQUAL, x, y, out).ok()) << dtype;
    EXPECT_EQ(h.read(out), (std::vector<double>{0, 1, 1})) << dtype;
  }
}

TEST(Binary, RankZeroAndEmpty) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {}, {1.5});
  TestTensor b = h.make(STRATA_F32, {}, {2});
  TestTensor out = guarded_output(h, STRATA_F32, {});
  ASSERT_TRUE(binary(h, STRATA_BINARY_POW, a, b, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{2.25});
  expect_guards_intact(h, out);
  TestTensor ea = h.make(STRATA_I32, {3, 0}, {});
  TestTensor eout = guarded_output(h, STRATA_U8, {3, 0});
  ASSERT_TRUE(binary(h, STRATA_BINARY_LESS, ea, ea, eout).ok());
  expect_guards_intact(h, eout);
}

TEST(Binary, RejectsMalformedAndUnsupportedCalls) {
  ReferenceHarness h;
  TestTensor a = h.make(STRATA_F32, {2, 3}, {});
  TestTensor row = h.make(STRATA_F32, {3}, {});
  TestTensor out = h.make(STRATA_F32, {2, 3}, {});
  expect_error(binary(h, STRATA_BINARY_ADD, a, row, out), STRATA_INVALID_ARGUMENT,
               {"binary add", "a f32[2,3]", "b f32[3]", "out f32[2,3]", "stride 0"});
  TestTensor a64 = h.make(STRATA_F64, {2, 3}, {});
  expect_error(binary(h, STRATA_BINARY_MUL, a64, a, out), STRATA_INVALID_ARGUMENT,
               {"binary mul", "a f64[2,3]", "b f32[2,3]"});
  expect_error(binary(h, STRATA_BINARY_MUL, a64, a64, out), STRATA_INVALID_ARGUMENT,
               {"out f32[2,3]"});
  expect_error(binary(h, STRATA_BINARY_LESS, a, a, out), STRATA_INVALID_ARGUMENT,
               {"binary less", "u8"});
  TestTensor ia = h.make(STRATA_I32, {2}, {4, 2});
  TestTensor iout = h.make(STRATA_I32, {2}, {});
  expect_error(binary(h, STRATA_BINARY_DIV, ia, ia, iout), STRATA_UNSUPPORTED,
               {"binary div", "i32[2]", "float"});
  expect_error(binary(h, STRATA_BINARY_POW, ia, ia, iout), STRATA_UNSUPPORTED, {"binary pow"});
  TestTensor ua = h.make(STRATA_U8, {2}, {4, 2});
  TestTensor uout = h.make(STRATA_U8, {2}, {});
  expect_error(binary(h, STRATA_BINARY_ADD, ua, ua, uout), STRATA_UNSUPPORTED,
               {"binary add", "u8[2]", "i32 or i64"});
  expect_error(binary(h, static_cast<strata_binary_op>(13), a, a, out), STRATA_UNSUPPORTED,
               {"unknown sub-code 13"});
}

}  // namespace
}  // namespace strata_test
