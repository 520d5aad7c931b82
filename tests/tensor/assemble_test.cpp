// Ops that assemble new tensors with strided copies: concatenate, stack, pad, copy and the
// *_like constants.
#include <gtest/gtest.h>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata::ops::PadWidth;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
namespace ops = strata::ops;

class AssembleTest : public strata_test::ReferenceTest {};

TEST_F(AssembleTest, ConcatenateAlongEachAxis) {
  const Tensor a = f64({1, 2, 3, 4}, {2, 2});
  const Tensor b = f64({5, 6}, {1, 2});
  const Tensor rows = ops::concatenate(std::vector{a, b}, 0);
  EXPECT_EQ(rows.shape(), Shape({3, 2}));
  expect_values(rows, {1, 2, 3, 4, 5, 6});
  const Tensor cols = ops::concatenate(std::vector{a, b.transpose().broadcast_to({2, 2})}, -1);
  EXPECT_EQ(cols.shape(), Shape({2, 4}));
  expect_values(cols, {1, 2, 5, 5, 3, 4, 6, 6});
  EXPECT_EQ(error_of([&] {
              ops::concatenate(std::vector{a, b}, 1);
            }),
            "concatenate: tensor 1 has shape (1,2), tensor 0 has (2,2): they must match except "
            "along axis 1");
  EXPECT_EQ(error_of([] { ops::concatenate(std::vector<Tensor>{}); }),
            "concatenate: no tensors given");
}

TEST_F(AssembleTest, StackAddsAnAxis) {
  const Tensor a = f64({1, 2}, {2});
  const Tensor b = f64({3, 4}, {2});
  const Tensor s0 = ops::stack(std::vector{a, b});
  EXPECT_EQ(s0.shape(), Shape({2, 2}));
  expect_values(s0, {1, 2, 3, 4});
  expect_values(ops::stack(std::vector{a, b}, 1), {1, 3, 2, 4});
  EXPECT_EQ(error_of([&] {
              ops::stack(std::vector{a, f64({1}, {1})});
            }),
            "stack: tensor 1 has shape (1,), tensor 0 has (2,): they must be equal");
}

TEST_F(AssembleTest, PadSurroundsWithAValue) {
  const Tensor x = f64({1, 2, 3, 4}, {2, 2});
  const std::vector<PadWidth> widths{{1, 0}, {0, 2}};
  const Tensor p = ops::pad(x, widths, -1);
  EXPECT_EQ(p.shape(), Shape({3, 4}));
  expect_values(p, {-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1});
  EXPECT_EQ(error_of([&] {
              ops::pad(x, std::vector<PadWidth>{{1, 1}});
            }),
            "pad: x is (2,2): 1 pad widths given, one per axis needed");
  EXPECT_EQ(error_of([&] {
              ops::pad(x, std::vector<PadWidth>{{0, 0}, {-1, 0}});
            }),
            "pad: axis 1 has widths (-1, 0); widths must be >= 0");
}

TEST_F(AssembleTest, CopyAndConstantsLike) {
  const Tensor x = f64({1, 2, 3, 4}, {2, 2}).transpose();
  const Tensor c = ops::copy(x);
  EXPECT_FALSE(c.shares_storage_with(x));
  EXPECT_TRUE(c.is_contiguous());
  expect_values(c, {1, 3, 2, 4});
  expect_values(ops::zeros_like(x), {0, 0, 0, 0});
  expect_values(ops::ones_like(x, DType::int32), {1, 1, 1, 1});
  EXPECT_EQ(ops::ones_like(x, DType::int32).dtype(), DType::int32);
  expect_values(ops::full_like(x, 7), {7, 7, 7, 7});
}

}  // namespace
