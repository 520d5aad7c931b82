// STRATA_OP_FILL, STRATA_OP_COPY and STRATA_OP_CAST on the reference backend, against values
// worked out by hand or converted here by the compiler's own casts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kI32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kI32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kTwo53 = int64_t{1} << 53;

CallResult fill(ReferenceHarness& h, const TestTensor& out, double value) {
  strata_fill_params p{sizeof p, value};
  return h.run(STRATA_OP_FILL, 0, &p, {}, {&out});
}

CallResult cast(ReferenceHarness& h, const TestTensor& in, const TestTensor& out) {
  return h.run(STRATA_OP_CAST, 0, nullptr, {&in}, {&out});
}

// Casts `values` from one dtype to another through contiguous tensors.
std::vector<double> cast_values(ReferenceHarness& h, strata_dtype from, strata_dtype to,
                                const std::vector<double>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  TestTensor in = h.make(from, {n}, values);
  TestTensor out = h.make(to, {n}, {});
  CallResult r = cast(h, in, out);
  EXPECT_TRUE(r.ok()) << r.message;
  return h.read(out);
}

std::vector<int64_t> cast_i64_to_i64(ReferenceHarness& h, strata_dtype via,
                                     const std::vector<int64_t>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  TestTensor in = make_i64(h, {n}, values);
  TestTensor mid = h.make(via, {n}, {});
  TestTensor out = h.make(STRATA_I64, {n}, {});
  EXPECT_TRUE(cast(h, in, mid).ok());
  EXPECT_TRUE(cast(h, mid, out).ok());
  return read_i64(h, out);
}

// ---- fill ------------------------------------------------------------------------------------

TEST(Fill, F32IntoAGuardedView) {
  ReferenceHarness h;
  TestTensor out = guarded_output(h, STRATA_F32, {2, 3});
  ASSERT_TRUE(fill(h, out, 2.5).ok());
  EXPECT_EQ(h.read(out), std::vector<double>(6, 2.5));
  expect_guards_intact(h, out);
}

TEST(Fill, RoundsToEachFloatDtype) {
  ReferenceHarness h;
  const double v = 0.1;
  const std::vector<std::pair<strata_dtype, double>> cases = {
      {STRATA_F64, 0.1},
      {STRATA_F32, static_cast<double>(static_cast<float>(v))},
      {STRATA_F16, static_cast<double>(static_cast<_Float16>(v))},
      {STRATA_BF16, 0.10009765625},  // 0x3DCD: float 0x3DCCCCCD rounded up to 8 bits
  };
  for (const auto& [dtype, expected] : cases) {
    TestTensor out = guarded_output(h, dtype, {3});
    ASSERT_TRUE(fill(h, out, v).ok());
    EXPECT_EQ(h.read(out), std::vector<double>(3, expected)) << static_cast<int>(dtype);
    expect_guards_intact(h, out);
  }
}

TEST(Fill, IntegersConvertAsACCast) {
  ReferenceHarness h;
  const std::vector<std::tuple<strata_dtype, double, double>> cases = {
      {STRATA_I32, -2.7, -2},      {STRATA_I32, 2.7, 2},
      {STRATA_I32, 1e12, kI32Max}, {STRATA_I32, kNaN, 0},
      {STRATA_I64, -3.9, -3},      {STRATA_U8, 255.9, 255},
      {STRATA_U8, 300, 255},       {STRATA_U8, -5, 0},
      {STRATA_U8, kNaN, 0},        {STRATA_I64, -kInf, static_cast<double>(kI64Min)},
  };
  for (const auto& [dtype, value, expected] : cases) {
    TestTensor out = guarded_output(h, dtype, {2, 2});
    ASSERT_TRUE(fill(h, out, value).ok());
    EXPECT_EQ(h.read(out), std::vector<double>(4, expected)) << value;
    expect_guards_intact(h, out);
  }
}

TEST(Fill, RankZeroAndEmpty) {
  ReferenceHarness h;
  TestTensor scalar = guarded_output(h, STRATA_F64, {});
  ASSERT_TRUE(fill(h, scalar, -7).ok());
  EXPECT_EQ(h.read(scalar), std::vector<double>{-7});
  expect_guards_intact(h, scalar);
  TestTensor empty = guarded_output(h, STRATA_F32, {3, 0});
  ASSERT_TRUE(fill(h, empty, 1).ok());
  expect_guards_intact(h, empty);
}

TEST(Fill, NeedsParamsAndNoInputs) {
  ReferenceHarness h;
  TestTensor out = h.make(STRATA_F32, {2}, {});
  expect_error(h.run(STRATA_OP_FILL, 0, nullptr, {}, {&out}), STRATA_INVALID_ARGUMENT,
               {"fill", "params"});
  strata_fill_params p{sizeof p, 1};
  expect_error(h.run(STRATA_OP_FILL, 0, &p, {&out}, {&out}), STRATA_INVALID_ARGUMENT,
               {"fill", "takes 0 inputs"});
}

// ---- copy ------------------------------------------------------------------------------------

TEST(Copy, TransposeIntoAGuardedView) {
  ReferenceHarness h;
  // in is a 2x3 row-major block viewed as its 3x2 transpose.
  TestTensor in = h.make_view(STRATA_F32, {3, 2}, {1, 3}, 0, 6, {1, 4, 2, 5, 3, 6});
  TestTensor out = guarded_output(h, STRATA_F32, {3, 2});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&out}).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, 4, 2, 5, 3, 6}));
  expect_guards_intact(h, out);
}

TEST(Copy, BroadcastAndOffsetInput) {
  ReferenceHarness h;
  // A row of 3 at element offset 5 repeated twice by stride 0.
  TestTensor in = h.make_view(STRATA_F64, {2, 3}, {0, 1}, 5, 9, {});
  std::vector<double> row = {7, 8, 9};
  ASSERT_TRUE(h.take(h.api().buffer_write(h.instance(), in.buffer, 5 * 8, row.data(), 24)).ok());
  TestTensor out = guarded_output(h, STRATA_F64, {2, 3});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&out}).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{7, 8, 9, 7, 8, 9}));
  expect_guards_intact(h, out);
}

TEST(Copy, IsBitExactForEveryDtype) {
  ReferenceHarness h;
  const std::vector<int64_t> big = {kTwo53 + 1, kI64Min, kI64Max, -3};
  TestTensor in = make_i64(h, {4}, big);
  TestTensor out = h.make(STRATA_I64, {4}, {});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&out}).ok());
  EXPECT_EQ(read_i64(h, out), big);

  // A signalling NaN with a payload survives untouched.
  const uint32_t nan_bits = 0x7F800123u;
  TestTensor fin = h.make(STRATA_F32, {1}, {});
  ASSERT_TRUE(h.take(h.api().buffer_write(h.instance(), fin.buffer, 0, &nan_bits, 4)).ok());
  TestTensor fout = h.make(STRATA_F32, {1}, {});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&fin}, {&fout}).ok());
  uint32_t copied = 0;
  ASSERT_TRUE(h.take(h.api().buffer_read(h.instance(), fout.buffer, 0, &copied, 4)).ok());
  EXPECT_EQ(copied, nan_bits);

  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_U8}) {
    TestTensor a = h.make(dtype, {2, 2}, {1, 2, 3, 4});
    TestTensor b = guarded_output(h, dtype, {2, 2});
    ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&a}, {&b}).ok());
    EXPECT_EQ(h.read(b), (std::vector<double>{1, 2, 3, 4}));
    expect_guards_intact(h, b);
  }
}

TEST(Copy, RankZeroAndEmpty) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {}, {3.5});
  TestTensor out = guarded_output(h, STRATA_F32, {});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&out}).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{3.5});
  expect_guards_intact(h, out);
  TestTensor ein = h.make(STRATA_F32, {0, 4}, {});
  TestTensor eout = guarded_output(h, STRATA_F32, {0, 4});
  ASSERT_TRUE(h.run(STRATA_OP_COPY, 0, nullptr, {&ein}, {&eout}).ok());
  expect_guards_intact(h, eout);
}

TEST(Copy, RejectsShapeAndDtypeMismatches) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {2, 3}, {});
  TestTensor wrong_shape = h.make(STRATA_F32, {3, 2}, {});
  expect_error(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&wrong_shape}), STRATA_INVALID_ARGUMENT,
               {"copy", "f32[2,3]", "f32[3,2]"});
  TestTensor wrong_dtype = h.make(STRATA_F64, {2, 3}, {});
  expect_error(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&wrong_dtype}), STRATA_INVALID_ARGUMENT,
               {"copy", "f32[2,3]", "f64[2,3]"});
  // A broadcast output is malformed.
  TestTensor broadcast_out = h.make_view(STRATA_F32, {2, 3}, {0, 1}, 0, 3, {});
  expect_error(h.run(STRATA_OP_COPY, 0, nullptr, {&in}, {&broadcast_out}), STRATA_INVALID_ARGUMENT,
               {"broadcast"});
}

// ---- cast ------------------------------------------------------------------------------------

TEST(Cast, FloatToIntegerTruncatesSaturatesAndZeroesNaN) {
  ReferenceHarness h;
  const std::vector<double> in = {-2.7, -0.5, 0.5, 2.7, kNaN, 1e10, -1e10, kInf, -kInf};
  for (strata_dtype from : {STRATA_F32, STRATA_F64}) {
    EXPECT_EQ(cast_values(h, from, STRATA_I32, in),
              (std::vector<double>{-2, 0, 0, 2, 0, kI32Max, kI32Min, kI32Max, kI32Min}));
  }
  EXPECT_EQ(cast_values(h, STRATA_F64, STRATA_U8, {-3, 0.9, 255.9, 256, 1000, kNaN, 17.5}),
            (std::vector<double>{0, 0, 255, 255, 255, 0, 17}));
  EXPECT_EQ(cast_values(h, STRATA_BF16, STRATA_I32, {-3.5, 100}), (std::vector<double>{-3, 100}));
}

TEST(Cast, F64ToI64SaturatesAtTheInt64Range) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F64, {4}, {1e19, -1e19, std::ldexp(1.0, 62), -123.9});
  TestTensor out = h.make(STRATA_I64, {4}, {});
  ASSERT_TRUE(cast(h, in, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{kI64Max, kI64Min, int64_t{1} << 62, -123}));
}

TEST(Cast, IntegerToIntegerIsExactOrSaturates) {
  ReferenceHarness h;
  EXPECT_EQ(cast_values(h, STRATA_I32, STRATA_U8, {-1, 0, 255, 256, 100000}),
            (std::vector<double>{0, 0, 255, 255, 255}));
  EXPECT_EQ(cast_values(h, STRATA_U8, STRATA_I32, {0, 200, 255}),
            (std::vector<double>{0, 200, 255}));
  TestTensor in = make_i64(h, {4}, {int64_t{1} << 40, -(int64_t{1} << 40), 5, kI32Min});
  TestTensor out = h.make(STRATA_I32, {4}, {});
  ASSERT_TRUE(cast(h, in, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{kI32Max, kI32Min, 5, kI32Min}));
  // I64 -> I64 keeps values beyond 2^53 exact; via I32 they saturate.
  EXPECT_EQ(cast_i64_to_i64(h, STRATA_I64, {kTwo53 + 1, kI64Min}),
            (std::vector<int64_t>{kTwo53 + 1, kI64Min}));
  EXPECT_EQ(cast_i64_to_i64(h, STRATA_I32, {kTwo53 + 1, -7}), (std::vector<int64_t>{kI32Max, -7}));
}

TEST(Cast, I64ToFloatRoundsOnce) {
  ReferenceHarness h;
  // Via double these would round twice (first to a tie, then to even) and come out low.
  const int64_t to_f32 = (int64_t{1} << 62) + (int64_t{1} << 38) + 1;
  const int64_t to_bf16 = (int64_t{1} << 62) + (int64_t{1} << 54) + 1;
  const int64_t to_f64 = kTwo53 + 1;  // a tie in double: rounds to even, 2^53
  TestTensor in = make_i64(h, {3}, {to_f32, to_bf16, to_f64});
  TestTensor f32 = h.make(STRATA_F32, {3}, {});
  TestTensor bf16 = h.make(STRATA_BF16, {3}, {});
  TestTensor f64 = h.make(STRATA_F64, {3}, {});
  ASSERT_TRUE(cast(h, in, f32).ok());
  ASSERT_TRUE(cast(h, in, bf16).ok());
  ASSERT_TRUE(cast(h, in, f64).ok());
  EXPECT_EQ(h.read(f32)[0], static_cast<double>(static_cast<float>(to_f32)));
  EXPECT_EQ(h.read(f32)[0], std::ldexp(1.0, 62) + std::ldexp(1.0, 39));
  EXPECT_EQ(h.read(bf16)[1], std::ldexp(1.0, 62) + std::ldexp(1.0, 55));
  EXPECT_EQ(h.read(f64)[2], std::ldexp(1.0, 53));
  EXPECT_EQ(h.read(f64)[0], static_cast<double>(to_f32));
}

TEST(Cast, FloatToFloatRoundsToNearestEven) {
  ReferenceHarness h;
  const double tie_down = 1 + std::ldexp(1.0, -24);    // halfway between 1 and next float
  const double tie_up = 1 + 3 * std::ldexp(1.0, -24);  // halfway, odd below: rounds up
  EXPECT_EQ(cast_values(h, STRATA_F64, STRATA_F32, {tie_down, tie_up, 0.1}),
            (std::vector<double>{1.0, 1 + std::ldexp(1.0, -22),
                                 static_cast<double>(static_cast<float>(0.1))}));
  EXPECT_EQ(cast_values(h, STRATA_F64, STRATA_BF16,
                        {1 + std::ldexp(1.0, -8), 1 + 3 * std::ldexp(1.0, -8), -kInf}),
            (std::vector<double>{1.0, 1 + std::ldexp(1.0, -6), -kInf}));
  const float third = 1.0f / 3.0f;
  EXPECT_EQ(cast_values(h, STRATA_F32, STRATA_F16, {third, 65520, -1e-8}),
            (std::vector<double>{static_cast<double>(static_cast<_Float16>(third)), kInf,
                                 static_cast<double>(static_cast<_Float16>(-1e-8f))}));
  const std::vector<double> nan_out = cast_values(h, STRATA_F32, STRATA_F16, {kNaN});
  EXPECT_TRUE(std::isnan(nan_out[0]));
  // Widening is exact.
  EXPECT_EQ(cast_values(h, STRATA_F16, STRATA_F64, {0.333251953125}),
            std::vector<double>{0.333251953125});
}

TEST(Cast, IntegerToFloat) {
  ReferenceHarness h;
  EXPECT_EQ(cast_values(h, STRATA_I32, STRATA_F32, {16777217, -5}),
            (std::vector<double>{16777216, -5}));
  EXPECT_EQ(cast_values(h, STRATA_U8, STRATA_F16, {255, 0}), (std::vector<double>{255, 0}));
  EXPECT_EQ(cast_values(h, STRATA_I32, STRATA_F16, {100000}), std::vector<double>{kInf});
}

TEST(Cast, StridedInputGuardedOutputAndEmpty) {
  ReferenceHarness h;
  TestTensor in = h.make_view(STRATA_F64, {2, 2}, {1, 2}, 1, 5, {1.5, -2.5, 3.5, 250.7});
  TestTensor out = guarded_output(h, STRATA_U8, {2, 2});
  ASSERT_TRUE(cast(h, in, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, 0, 3, 250}));
  expect_guards_intact(h, out);
  TestTensor ein = h.make(STRATA_F32, {2, 0}, {});
  TestTensor eout = guarded_output(h, STRATA_I32, {2, 0});
  ASSERT_TRUE(cast(h, ein, eout).ok());
  expect_guards_intact(h, eout);
}

TEST(Cast, RejectsShapeMismatch) {
  ReferenceHarness h;
  TestTensor in = h.make(STRATA_F32, {4}, {});
  TestTensor out = h.make(STRATA_I32, {2, 2}, {});
  expect_error(cast(h, in, out), STRATA_INVALID_ARGUMENT, {"cast", "f32[4]", "i32[2,2]"});
}

}  // namespace
}  // namespace strata_test
