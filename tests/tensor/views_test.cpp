// Views: reshape, transpose, slices, expand/squeeze and broadcasts share the buffer, describe
// the right elements, and ops read them correctly.
#include <gtest/gtest.h>

#include <numeric>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Axes;
using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
namespace ops = strata::ops;

std::vector<double> iota(int n, double start = 0) {
  std::vector<double> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), start);
  return v;
}

class ViewsTest : public strata_test::ReferenceTest {
 protected:
  // 0 .. 23 as float32 (2, 3, 4).
  static Tensor grid() {
    return Tensor::arange(0, 24, 1, strata::DType::float32).reshape({2, 3, 4});
  }
};

TEST_F(ViewsTest, ReshapeOfAContiguousTensorIsAView) {
  const Tensor x = grid();
  const Tensor r = x.reshape({4, -1});
  EXPECT_TRUE(r.shares_storage_with(x));
  EXPECT_EQ(r.shape(), Shape({4, 6}));
  expect_values(r, iota(24));
}

TEST_F(ViewsTest, ReshapeErrorsNameBothShapes) {
  EXPECT_EQ(error_of([] {
              grid().reshape({5, 5});
            }),
            "reshape: cannot reshape (2,3,4) (24 elements) into (5,5): the element counts differ");
  EXPECT_EQ(error_of([] {
              grid().reshape({-1, -1});
            }),
            "reshape: cannot reshape (2,3,4) (24 elements) into (-1,-1): only one size may be -1");
  EXPECT_EQ(error_of([] {
              grid().reshape({5, -1});
            }),
            "reshape: cannot reshape (2,3,4) (24 elements) into (5,-1): the sizes do not divide "
            "the element count");
}

TEST_F(ViewsTest, TransposeIsAStridedView) {
  const Tensor x = grid();
  const Tensor t = x.transpose({2, 0, 1});
  EXPECT_TRUE(t.shares_storage_with(x));
  EXPECT_EQ(t.shape(), Shape({4, 2, 3}));
  EXPECT_EQ(t.strides(), Shape({1, 12, 4}));
  EXPECT_FALSE(t.is_contiguous());
  // t[i, j, k] = x[j, k, i] = 12 j + 4 k + i
  std::vector<double> expected;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 3; ++k) expected.push_back(12 * j + 4 * k + i);
  expect_values(t, expected);
  EXPECT_EQ(x.transpose().shape(), Shape({4, 3, 2}));  // no permutation: reversed
  EXPECT_EQ(error_of([&] {
              x.transpose({0, 0, 1});
            }),
            "transpose: (0,0,1) is not a permutation of the axes of (2,3,4)");
}

TEST_F(ViewsTest, ReshapeOfATransposedViewCopies) {
  const Tensor t = Tensor::from({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, {2, 3}).transpose();
  const Tensor r = t.reshape({6});
  EXPECT_FALSE(r.shares_storage_with(t));
  expect_values(r, {1, 4, 2, 5, 3, 6});
}

TEST_F(ViewsTest, SlicesAreViewsWithAnOffset) {
  const Tensor x = grid();
  const std::vector<int64_t> starts{1, 1, 0}, sizes{1, 2, -1};
  const Tensor s = ops::slice(x, starts, sizes);
  EXPECT_TRUE(s.shares_storage_with(x));
  EXPECT_EQ(s.shape(), Shape({1, 2, 4}));
  EXPECT_EQ(s.byte_offset(), (12u + 4u) * 4u);
  expect_values(s, iota(8, 16));

  const Tensor stepped = ops::slice_axis(x, 2, 1, 100, 2);  // x[:, :, 1::2]
  EXPECT_TRUE(stepped.shares_storage_with(x));
  EXPECT_EQ(stepped.shape(), Shape({2, 3, 2}));
  EXPECT_EQ(stepped.strides(), Shape({12, 4, 2}));
  expect_values(stepped, {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23});
  expect_values(ops::slice_axis(x, 1, -1, 3), {8, 9, 10, 11, 20, 21, 22, 23});  // x[:, -1:]
  EXPECT_EQ(ops::slice_axis(x, 0, 2, 1).numel(), 0);

  const std::vector<int64_t> bad{0, 2, 0}, three{1, 2, 4};
  EXPECT_EQ(error_of([&] { ops::slice(x, bad, three); }),
            "slice: x is (2,3,4): starts (0,2,0) with sizes (1,2,4) leave x along axis 1");
  EXPECT_EQ(error_of([&] { ops::slice_axis(x, 0, 0, 1, 0); }),
            "slice_axis: step 0 must be >= 1 (the ABI has no negative strides; reverse with a "
            "copy instead)");
}

TEST_F(ViewsTest, ExpandSqueezeAndBroadcastAreViews) {
  const Tensor x = Tensor::from({1.f, 2.f, 3.f}, {3});
  const Tensor e = x.expand_dims(0);
  EXPECT_EQ(e.shape(), Shape({1, 3}));
  EXPECT_TRUE(e.shares_storage_with(x));
  EXPECT_EQ(e.expand_dims(-1).shape(), Shape({1, 3, 1}));
  EXPECT_EQ(e.expand_dims(-1).squeeze().shape(), Shape({3}));
  EXPECT_EQ(error_of([&] { e.squeeze(Axes{1}); }), "squeeze: axis 1 of (1,3) has size 3, not 1");

  const Tensor b = x.broadcast_to({2, 3});
  EXPECT_TRUE(b.shares_storage_with(x));
  EXPECT_EQ(b.strides(), Shape({0, 1}));
  expect_values(b, {1, 2, 3, 1, 2, 3});
  EXPECT_EQ(error_of([&] {
              x.broadcast_to({2, 4});
            }),
            "broadcast_to: cannot broadcast (3,) to (2,4)");
}

TEST_F(ViewsTest, OpsReadViewsWithoutCopies) {
  const Tensor a = Tensor::from({1.f, 2.f, 3.f, 4.f, 5.f, 6.f}, {2, 3});
  const Tensor b = Tensor::from({10.f, 20.f, 30.f, 40.f, 50.f, 60.f}, {3, 2});
  // a + b^T, with b^T a strided view
  expect_values(a + b.transpose(), {11, 32, 53, 24, 45, 66});
  // a sliced to its second column, times a broadcast row
  const Tensor column = ops::slice_axis(a, 1, 1, 2);
  expect_values(column * Tensor::from({1.f, 10.f}, {1, 2}), {2, 20, 5, 50});
  // a reduction over a transposed view
  expect_values(ops::sum(a.transpose(), Axes{1}), {5, 7, 9});
}

TEST_F(ViewsTest, ContiguousCopiesOnlyWhenNeeded) {
  const Tensor x = grid();
  EXPECT_TRUE(x.contiguous().shares_storage_with(x));
  const Tensor t = x.transpose();
  const Tensor c = t.contiguous();
  EXPECT_FALSE(c.shares_storage_with(t));
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_EQ(c.to_vector<float>(), t.to_vector<float>());
}

}  // namespace
