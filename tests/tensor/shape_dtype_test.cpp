// Shapes, axes and dtype names.
#include <gtest/gtest.h>

#include "strata/dtype.hpp"
#include "strata/op_error.hpp"
#include "strata/shape.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Axes;
using strata::DType;
using strata::Shape;
using strata_test::error_of;

TEST(ShapeTest, PrintsAsTuplesWithoutSpaces) {
  EXPECT_EQ(Shape({32, 10}).to_string(), "(32,10)");
  EXPECT_EQ(Shape({5}).to_string(), "(5,)");
  EXPECT_EQ(Shape().to_string(), "()");
  EXPECT_EQ(Axes({0, -1}).to_string(), "(0,-1)");
}

TEST(ShapeTest, CountsElements) {
  EXPECT_EQ(Shape({2, 3, 4}).numel(), 24);
  EXPECT_EQ(Shape().numel(), 1);
  EXPECT_EQ(Shape({3, 0}).numel(), 0);
}

TEST(ShapeTest, RejectsNegativeSizesAndTooManyAxes) {
  EXPECT_EQ(error_of([] { Shape({2, -1}); }), "a shape cannot hold the negative size -1");
  EXPECT_EQ(error_of([] {
              Shape({1, 1, 1, 1, 1, 1, 1, 1, 1});
            }),
            "rank 9 exceeds the maximum of 8");
}

TEST(ShapeTest, InsertsAndErasesAxes) {
  Shape s{2, 3};
  s.insert(1, 7);
  EXPECT_EQ(s, Shape({2, 7, 3}));
  s.erase(0);
  EXPECT_EQ(s, Shape({7, 3}));
  EXPECT_EQ(s.dim(-1), 3);
  EXPECT_EQ(error_of([&] { s.dim(2); }), "dim: axis 2 is out of range for rank 2 (valid: -2 to 1)");
}

TEST(ShapeTest, ContiguousStridesAreRowMajor) {
  EXPECT_EQ(strata::contiguous_strides(Shape({2, 3, 4})), Shape({12, 4, 1}));
  EXPECT_EQ(strata::contiguous_strides(Shape()), Shape());
}

TEST(DTypeTest, NamesMatchKeras) {
  for (auto [dtype, name] : {std::pair{DType::float32, "float32"},
                             {DType::float64, "float64"},
                             {DType::float16, "float16"},
                             {DType::bfloat16, "bfloat16"},
                             {DType::int32, "int32"},
                             {DType::int64, "int64"},
                             {DType::uint8, "uint8"}}) {
    EXPECT_EQ(strata::dtype_name(dtype), name);
    EXPECT_EQ(strata::parse_dtype(name), dtype);
  }
  EXPECT_EQ(error_of([] { strata::parse_dtype("float"); }),
            "unknown dtype \"float\"; expected one of float32, float64, float16, bfloat16, "
            "int32, int64, uint8");
}

TEST(DTypeTest, SizesAndKinds) {
  EXPECT_EQ(strata::dtype_size(DType::float64), 8u);
  EXPECT_EQ(strata::dtype_size(DType::bfloat16), 2u);
  EXPECT_EQ(strata::dtype_size(DType::uint8), 1u);
  EXPECT_TRUE(strata::is_floating(DType::float16));
  EXPECT_FALSE(strata::is_floating(DType::int32));
  EXPECT_TRUE(strata::is_integer(DType::uint8));
  EXPECT_EQ(strata::to_abi(DType::int64), STRATA_I64);
}

}  // namespace
