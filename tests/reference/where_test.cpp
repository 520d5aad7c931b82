// STRATA_OP_WHERE on the reference backend, against selections worked out here.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "op_checks.hpp"
#include "reference_harness.hpp"

namespace strata_test {
namespace {

CallResult where(ReferenceHarness& h, const TestTensor& cond, const TestTensor& a,
                 const TestTensor& b, const TestTensor& out) {
  return h.run(STRATA_OP_WHERE, 0, nullptr, {&cond, &a, &b}, {&out});
}

TEST(Where, AnyNonZeroConditionSelectsA) {
  ReferenceHarness h;
  TestTensor cond = h.make(STRATA_U8, {5}, {1, 0, 2, 0, 255});
  TestTensor a = h.make(STRATA_F32, {5}, {1, 2, 3, 4, 5});
  TestTensor b = h.make(STRATA_F32, {5}, {-1, -2, -3, -4, -5});
  TestTensor out = guarded_output(h, STRATA_F32, {5});
  ASSERT_TRUE(where(h, cond, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{1, -2, 3, -4, 5}));
  expect_guards_intact(h, out);
}

TEST(Where, BroadcastInputsByStrideZero) {
  ReferenceHarness h;
  // cond is [2,1] across columns, a is a scalar everywhere, b is a transposed [2,3] view.
  TestTensor cond = h.make_view(STRATA_U8, {2, 3}, {1, 0}, 0, 2, {1, 1, 1, 0, 0, 0});
  TestTensor a = h.make_view(STRATA_F64, {2, 3}, {0, 0}, 0, 1, {9, 9, 9, 9, 9, 9});
  TestTensor b = h.make_view(STRATA_F64, {2, 3}, {1, 2}, 0, 6, {1, 2, 3, 4, 5, 6});
  TestTensor out = guarded_output(h, STRATA_F64, {2, 3});
  ASSERT_TRUE(where(h, cond, a, b, out).ok());
  EXPECT_EQ(h.read(out), (std::vector<double>{9, 9, 9, 4, 5, 6}));
  expect_guards_intact(h, out);
}

TEST(Where, EveryDtypeBitExact) {
  ReferenceHarness h;
  TestTensor cond = h.make(STRATA_U8, {2}, {0, 1});
  const int64_t big = (int64_t{1} << 62) + 1;
  TestTensor a = make_i64(h, {2}, {big, big});
  TestTensor b = make_i64(h, {2}, {-big, -big});
  TestTensor out = h.make(STRATA_I64, {2}, {});
  ASSERT_TRUE(where(h, cond, a, b, out).ok());
  EXPECT_EQ(read_i64(h, out), (std::vector<int64_t>{-big, big}));
  for (strata_dtype dtype : {STRATA_F16, STRATA_BF16, STRATA_I32, STRATA_U8}) {
    TestTensor x = h.make(dtype, {2}, {10, 20});
    TestTensor y = h.make(dtype, {2}, {30, 40});
    TestTensor o = guarded_output(h, dtype, {2});
    ASSERT_TRUE(where(h, cond, x, y, o).ok());
    EXPECT_EQ(h.read(o), (std::vector<double>{30, 20}));
    expect_guards_intact(h, o);
  }
}

TEST(Where, RankZeroAndEmpty) {
  ReferenceHarness h;
  TestTensor cond = h.make(STRATA_U8, {}, {0});
  TestTensor a = h.make(STRATA_F32, {}, {1});
  TestTensor b = h.make(STRATA_F32, {}, {2});
  TestTensor out = guarded_output(h, STRATA_F32, {});
  ASSERT_TRUE(where(h, cond, a, b, out).ok());
  EXPECT_EQ(h.read(out), std::vector<double>{2});
  expect_guards_intact(h, out);

  TestTensor econd = h.make(STRATA_U8, {0, 2}, {});
  TestTensor ea = h.make(STRATA_F32, {0, 2}, {});
  TestTensor eout = guarded_output(h, STRATA_F32, {0, 2});
  ASSERT_TRUE(where(h, econd, ea, ea, eout).ok());
  expect_guards_intact(h, eout);
}

TEST(Where, RejectsMalformedCalls) {
  ReferenceHarness h;
  TestTensor cond = h.make(STRATA_U8, {2, 2}, {});
  TestTensor a = h.make(STRATA_F32, {2, 2}, {});
  TestTensor out = h.make(STRATA_F32, {2, 2}, {});
  TestTensor float_cond = h.make(STRATA_F32, {2, 2}, {});
  expect_error(where(h, float_cond, a, a, out), STRATA_INVALID_ARGUMENT,
               {"where", "cond f32[2,2]", "u8"});
  TestTensor b64 = h.make(STRATA_F64, {2, 2}, {});
  expect_error(where(h, cond, a, b64, out), STRATA_INVALID_ARGUMENT,
               {"where", "b f64[2,2]", "one dtype"});
  TestTensor short_b = h.make(STRATA_F32, {2}, {});
  expect_error(where(h, cond, a, short_b, out), STRATA_INVALID_ARGUMENT,
               {"where", "b f32[2]", "out f32[2,2]", "shapes differ"});
  expect_error(h.run(STRATA_OP_WHERE, 0, nullptr, {&cond, &a}, {&out}), STRATA_INVALID_ARGUMENT,
               {"takes 3 inputs"});
}

}  // namespace
}  // namespace strata_test
