// The engine's building blocks against values worked out by hand: the dtype codec, views and
// staging, the guard check, the NMSE, NaN and infinity rules, data generation, op selection.
#include <gtest/gtest.h>
#include <strata/error.hpp>

#include <cmath>
#include <conformance/op_catalog.hpp>
#include <cstring>
#include <limits>

#include "bounds.hpp"
#include "compare.hpp"
#include "domain.hpp"
#include "dtype.hpp"
#include "staging.hpp"
#include "tensor_spec.hpp"

namespace strata::conformance {
namespace {

uint16_t bits16(strata_dtype dtype, double v) {
  std::byte b[2];
  encode(dtype, v, b);
  uint16_t out;
  std::memcpy(&out, b, 2);
  return out;
}

TEST(ConformanceDtype, HalfPrecisionEncodesByTheIeeeDefinition) {
  EXPECT_EQ(bits16(STRATA_F16, 1.0), 0x3C00);
  EXPECT_EQ(bits16(STRATA_F16, -2.0), 0xC000);
  EXPECT_EQ(bits16(STRATA_F16, 65504.0), 0x7BFF);               // the largest finite
  EXPECT_EQ(bits16(STRATA_F16, 65520.0), 0x7C00);               // halfway to 2^16: infinity
  EXPECT_EQ(bits16(STRATA_F16, std::ldexp(1.0, -24)), 0x0001);  // the smallest subnormal
  EXPECT_EQ(bits16(STRATA_F16, 1.0 / 3), 0x3555);
  EXPECT_EQ(bits16(STRATA_F16, 1 + std::ldexp(1.0, -11)), 0x3C00);      // tie: to even
  EXPECT_EQ(bits16(STRATA_F16, 1 + 3 * std::ldexp(1.0, -11)), 0x3C02);  // tie: to even
  EXPECT_EQ(bits16(STRATA_F16, -0.0), 0x8000);
  const std::byte inf[2] = {std::byte{0x00}, std::byte{0xFC}};
  EXPECT_EQ(decode(STRATA_F16, inf), -INFINITY);
}

TEST(ConformanceDtype, BfloatEncodesByTheIeeeDefinition) {
  EXPECT_EQ(bits16(STRATA_BF16, 1.0), 0x3F80);
  EXPECT_EQ(bits16(STRATA_BF16, 1.0 / 3), 0x3EAB);
  EXPECT_EQ(bits16(STRATA_BF16, 1 + std::ldexp(1.0, -8)), 0x3F80);  // tie: to even
  EXPECT_EQ(bits16(STRATA_BF16, 3.0e38), 0x7F62);
  EXPECT_EQ(bits16(STRATA_BF16, 3.4e38), 0x7F80);  // rounds past the largest: infinity
  EXPECT_EQ(round_to(STRATA_BF16, 3.140625), 3.140625);
}

TEST(ConformanceDtype, IntegersTruncateAndSaturate) {
  EXPECT_EQ(round_to(STRATA_I32, -7.9), -7);
  EXPECT_EQ(round_to(STRATA_U8, 300), 255);
  EXPECT_EQ(round_to(STRATA_U8, -4), 0);
  EXPECT_EQ(round_to(STRATA_I32, NAN), 0);
  EXPECT_EQ(round_to(STRATA_I32, 1e10), 2147483647);
  EXPECT_EQ(round_to(STRATA_I64, -1e30), std::ldexp(-1.0, 63));
}

TEST(ConformanceDtype, SentinelsOfFloatsAreNaN) {
  for (strata_dtype d : kFloatDtypes) {
    std::byte b[8];
    encode_sentinel(d, b);
    EXPECT_TRUE(std::isnan(decode(d, b))) << dtype_name(d);
  }
}

TEST(ConformanceTensorSpec, LayoutsHaveTheStridesOfTheirViews) {
  const auto t = make_tensor("x", STRATA_F32, {2, 3}, Domain::none(), Layout::kTransposed);
  EXPECT_EQ(t.strides, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(t.storage(), 6);
  const auto p = make_tensor("x", STRATA_F32, {2, 3}, Domain::none(), Layout::kPadded);
  EXPECT_EQ(p.strides, (std::vector<int64_t>{6, 1}));
  EXPECT_EQ(p.storage(), 9);
  const auto b = make_broadcast("x", STRATA_F32, {4, 3}, 0b01, Domain::none());
  EXPECT_EQ(b.strides, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(b.storage(), 3);
  const auto e = make_tensor("x", STRATA_F32, {3, 0, 4}, Domain::none());
  EXPECT_EQ(e.strides, (std::vector<int64_t>{4, 4, 1}));  // no stride 0 on an empty output
  EXPECT_EQ(e.elements(), 0);
  EXPECT_EQ(t.index_text(5), "[1,2]");
}

TEST(ConformanceStaging, ValuesGoWhereTheViewSaysAndSentinelsEverywhereElse) {
  const auto t = make_tensor("x", STRATA_I32, {2, 2}, Domain::none(), Layout::kTransposed);
  const Image image = stage(t, std::vector<double>{1, 2, 3, 4});
  const int64_t guard = guard_elements(STRATA_I32);
  int32_t element[4];
  std::memcpy(element, &image[static_cast<size_t>(guard) * 4], sizeof element);
  EXPECT_EQ(element[0], 1);  // [0,0]
  EXPECT_EQ(element[1], 3);  // [1,0]: stride 1 along axis 0
  EXPECT_EQ(element[2], 2);
  EXPECT_EQ(element[3], 4);
  EXPECT_EQ(unstage(t, image), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(image.size(), static_cast<size_t>(2 * guard + 4) * 4);
  EXPECT_EQ(image[0], std::byte{0xA5});
}

TEST(ConformanceGuards, AWriteAfterTheViewIsFoundAndPlaced) {
  const auto t = make_tensor("y", STRATA_F32, {2, 3}, Domain::none(), Layout::kPadded);
  const Image before = stage(t, std::vector<double>(6, 1.0));
  EXPECT_FALSE(check_guards(t, before, before));
  Image after = before;
  after[position_byte(t, 9)] = std::byte{0};  // the element after the last one (position 8)
  auto finding = check_guards(t, before, after);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->check, "guard");
  EXPECT_NE(finding->message.find("1 element(s) past the view's last element"), std::string::npos)
      << finding->message;
  Image gap = before;
  gap[position_byte(t, 4)] = std::byte{0};  // between rows: padding of the sliced view
  finding = check_guards(t, before, gap);
  ASSERT_TRUE(finding);
  EXPECT_NE(finding->message.find("gap between the view's elements"), std::string::npos);
  Image inside = before;
  inside[position_byte(t, 7)] = std::byte{0};  // an element of the view may change
  EXPECT_FALSE(check_guards(t, before, inside));
}

struct Pair {
  Image got, expected;
};

Pair images(const TensorSpec& t, const std::vector<double>& got,
            const std::vector<double>& expected) {
  return {stage(t, got), stage(t, expected)};
}

TEST(ConformanceCompare, NmseIsTheRelativeSquaredError) {
  const auto t = make_tensor("y", STRATA_F64, {4}, Domain::none());
  const std::vector<double> b = {1, -2, 3, 0.5};
  std::vector<double> a = b;
  a[2] = 3.3;  // error 0.3 on an energy of 1 + 4 + 9 + 0.25
  const Pair p = images(t, a, b);
  double nmse = 0;
  auto finding = compare_values(t, Tolerance::kAccumulating, p.got, p.expected, nmse);
  EXPECT_NEAR(nmse, 0.09 / 14.25, 1e-15);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->check, "nmse");
  EXPECT_EQ(finding->index, "y[2]");
  EXPECT_EQ(finding->got, 3.3);
  EXPECT_EQ(finding->expected, 3.0);
  a[2] = 3 + 1e-9;
  const Pair close = images(t, a, b);
  EXPECT_FALSE(compare_values(t, Tolerance::kAccumulating, close.got, close.expected, nmse));
  EXPECT_GT(nmse, 0);
}

TEST(ConformanceCompare, NaNMustBeWhereTheExpectationHasIt) {
  const auto t = make_tensor("y", STRATA_F32, {3}, Domain::none());
  double nmse = 0;
  const Pair extra = images(t, {1, NAN, 3}, {1, 2, 3});
  auto finding = compare_values(t, Tolerance::kElementwise, extra.got, extra.expected, nmse);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->check, "nan");
  EXPECT_EQ(finding->index, "y[1]");
  const Pair missing = images(t, {1, 2, 3}, {1, NAN, 3});
  EXPECT_EQ(compare_values(t, Tolerance::kElementwise, missing.got, missing.expected, nmse)->check,
            "nan");
  const Pair both = images(t, {1, NAN, 3}, {1, NAN, 3});
  EXPECT_FALSE(compare_values(t, Tolerance::kElementwise, both.got, both.expected, nmse));
}

TEST(ConformanceCompare, InfinitiesMustAgreeInSign) {
  const auto t = make_tensor("y", STRATA_F32, {2}, Domain::none());
  double nmse = 0;
  const Pair flipped = images(t, {-INFINITY, 1}, {INFINITY, 1});
  EXPECT_EQ(compare_values(t, Tolerance::kElementwise, flipped.got, flipped.expected, nmse)->check,
            "inf");
  const Pair finite = images(t, {3e38, 1}, {INFINITY, 1});
  EXPECT_EQ(compare_values(t, Tolerance::kElementwise, finite.got, finite.expected, nmse)->check,
            "inf");
  const Pair same = images(t, {INFINITY, 1}, {INFINITY, 1});
  EXPECT_FALSE(compare_values(t, Tolerance::kElementwise, same.got, same.expected, nmse));
}

TEST(ConformanceCompare, ExactIntegersCompareBeyondDoublePrecision) {
  const auto t = make_tensor("i", STRATA_I64, {1}, Domain::none());
  Image a = stage(t, std::vector<double>{0});
  Image b = a;
  const int64_t big = (int64_t{1} << 60) + 1;
  const int64_t bigger = big + 1;  // the same double as big
  std::memcpy(&a[position_byte(t, 0)], &big, 8);
  std::memcpy(&b[position_byte(t, 0)], &bigger, 8);
  double nmse = 0;
  auto finding = compare_values(t, Tolerance::kExact, a, b, nmse);
  ASSERT_TRUE(finding);
  EXPECT_EQ(finding->check, "exact");
}

TEST(ConformanceBounds, SmallFloatsAreLooserThanF32AndF64Tighter) {
  for (Tolerance tol : {Tolerance::kElementwise, Tolerance::kAccumulating}) {
    EXPECT_LT(nmse_bound(tol, STRATA_F64), nmse_bound(tol, STRATA_F32));
    EXPECT_LT(nmse_bound(tol, STRATA_F32), nmse_bound(tol, STRATA_F16));
    EXPECT_LT(nmse_bound(tol, STRATA_F16), nmse_bound(tol, STRATA_BF16));
  }
  EXPECT_EQ(nmse_bound(Tolerance::kElementwise, STRATA_F32), 1e-7);
  EXPECT_EQ(nmse_bound(Tolerance::kAccumulating, STRATA_F32), 5e-4);
}

TEST(ConformanceGenerator, SameKeySameValuesOtherKeyOtherValues) {
  Generator a = generator_for(7, "unary.exp|f32|odd sizes", 0);
  Generator b = generator_for(7, "unary.exp|f32|odd sizes", 0);
  Generator c = generator_for(7, "unary.exp|f32|odd sizes", 1);
  const Domain d = Domain::uniform(-1, 1);
  const std::vector<double> va = generate(d, 50, a);
  EXPECT_EQ(va, generate(d, 50, b));
  EXPECT_NE(va, generate(d, 50, c));
  for (double v : va) EXPECT_TRUE(v >= -1 && v <= 1);
}

TEST(ConformanceGenerator, DomainsKeepTheirPromises) {
  Generator g(3);
  for (double v : generate(Domain::uniform(-3, 3).avoiding({0.0, 1.25}, 0.05), 2000, g)) {
    EXPECT_GE(std::fabs(v), 0.05);
    EXPECT_GE(std::fabs(v - 1.25), 0.05);
  }
  for (double v : generate(Domain::grid(-2, 2, 0.5), 200, g)) EXPECT_EQ(v * 2, std::round(v * 2));
  std::vector<double> distinct = generate(Domain::distinct(-1, 0.1), 30, g);
  std::sort(distinct.begin(), distinct.end());
  EXPECT_EQ(std::adjacent_find(distinct.begin(), distinct.end()), distinct.end());
  int nan = 0;
  for (double v : generate(Domain::specials(0.1, 1), 400, g)) {
    nan += std::isnan(v);
    EXPECT_FALSE(v < 0);  // a non-negative domain gets no negative specials
  }
  EXPECT_GT(nan, 0);
}

TEST(ConformanceCatalog, FamiliesSelectEveryMemberAndUnknownNamesAreErrors) {
  EXPECT_EQ(select_ops({"unary"}).size(), 20u);
  EXPECT_EQ(select_ops({"binary.add", "matmul"}).size(), 2u);
  EXPECT_EQ(select_ops({}).size(), op_catalog().size());
  try {
    select_ops({"matmul", "reduce.agmax"});
    FAIL() << "expected an error";
  } catch (const strata::Error& e) {
    EXPECT_NE(std::string(e.what()).find("'reduce.agmax' (did you mean reduce.argmax?)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(find_op(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMAX).name, "reduce.argmax");
}

}  // namespace
}  // namespace strata::conformance
