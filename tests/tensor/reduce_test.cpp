// Reductions against sums and extremes computed on the host.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Axes;
using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
namespace ops = strata::ops;

class ReduceTest : public strata_test::ReferenceTest {
 protected:
  // x[i, j, k] = values below, shape (2, 3, 2)
  const std::vector<double> v{3, -1, 4, 1, -5, 9, 2, 6, -5, 3, 5, 8};
  Tensor x() const { return f64(v, {2, 3, 2}); }
  double at(int i, int j, int k) const { return v[size_t(i * 6 + j * 2 + k)]; }
};

TEST_F(ReduceTest, SumOverAxesAndAll) {
  double total = 0;
  for (double e : v) total += e;
  EXPECT_EQ(ops::sum(x()).shape(), Shape());
  EXPECT_DOUBLE_EQ(ops::sum(x()).item<double>(), total);
  EXPECT_EQ(ops::sum(x(), {}, true).shape(), Shape({1, 1, 1}));

  std::vector<double> over_1;  // sum over j
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 2; ++k) over_1.push_back(at(i, 0, k) + at(i, 1, k) + at(i, 2, k));
  const Tensor s = ops::sum(x(), 1);
  EXPECT_EQ(s.shape(), Shape({2, 2}));
  expect_values(s, over_1);
  EXPECT_EQ(ops::sum(x(), 1, true).shape(), Shape({2, 1, 2}));
  expect_values(ops::sum(x(), 1, true), over_1);

  std::vector<double> over_0_2;  // sum over i and k
  for (int j = 0; j < 3; ++j) {
    over_0_2.push_back(at(0, j, 0) + at(0, j, 1) + at(1, j, 0) + at(1, j, 1));
  }
  expect_values(ops::sum(x(), Axes{0, -1}), over_0_2);
}

TEST_F(ReduceTest, MeanMaxMin) {
  std::vector<double> mean_k, max_k, min_k;
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j) {
      mean_k.push_back((at(i, j, 0) + at(i, j, 1)) / 2);
      max_k.push_back(std::max(at(i, j, 0), at(i, j, 1)));
      min_k.push_back(std::min(at(i, j, 0), at(i, j, 1)));
    }
  }
  expect_values(ops::mean(x(), -1), mean_k);
  expect_values(ops::max(x(), -1), max_k);
  expect_values(ops::min(x(), -1), min_k);
  EXPECT_DOUBLE_EQ(ops::max(x()).item<double>(), 9);
  EXPECT_DOUBLE_EQ(ops::min(x()).item<double>(), -5);
  EXPECT_DOUBLE_EQ(ops::mean(x()).item<double>(), 30.0 / 12);
}

TEST_F(ReduceTest, IntegersAndEmptyAxes) {
  const Tensor i = Tensor::from({1, 7, -3, 4}, {2, 2});
  EXPECT_EQ(ops::sum(i, 0).dtype(), DType::int32);
  expect_values(ops::sum(i, 0), {-2, 11});
  expect_values(ops::max(i, 1), {7, 4});
  EXPECT_EQ(error_of([&] { ops::mean(i); }),
            "mean: x is int32; mean takes float dtypes (cast it with ops::cast)");
  const Tensor empty = Tensor::zeros({0, 2}, DType::float64);
  expect_values(ops::sum(empty, 0), {0, 0});
  expect_values(ops::max(empty, 0), {-std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity()});
}

TEST_F(ReduceTest, ArgmaxAndArgmin) {
  std::vector<double> argmax_j, argmin_j;
  for (int i = 0; i < 2; ++i) {
    for (int k = 0; k < 2; ++k) {
      int best = 0, worst = 0;
      for (int j = 1; j < 3; ++j) {
        if (at(i, j, k) > at(i, best, k)) best = j;
        if (at(i, j, k) < at(i, worst, k)) worst = j;
      }
      argmax_j.push_back(best);
      argmin_j.push_back(worst);
    }
  }
  const Tensor a = ops::argmax(x(), 1);
  EXPECT_EQ(a.dtype(), DType::int64);
  EXPECT_EQ(a.shape(), Shape({2, 2}));
  expect_values(a, argmax_j);
  expect_values(ops::argmin(x(), 1), argmin_j);
  EXPECT_EQ(ops::argmax(x(), 1, true).shape(), Shape({2, 1, 2}));
  expect_values(ops::argmax(f64({1, 3, 3, 2}, {4})), {1});  // ties: the lowest index
  EXPECT_EQ(error_of([] {
              ops::argmax(Tensor::zeros({2, 0}), 1);
            }),
            "argmax: axis 1 of (2,0) is empty; there is no index to return");
}

TEST_F(ReduceTest, AxisErrors) {
  EXPECT_EQ(error_of([&] { ops::sum(x(), 3); }),
            "sum: axis 3 is out of range for rank 3 (valid: -3 to 2)");
  EXPECT_EQ(error_of([&] {
              ops::sum(x(), Axes{1, -2});
            }),
            "sum: axis -2 is listed twice in (1,-2) (rank 3)");
  EXPECT_THROW(ops::max(x(), 5), strata::ShapeError);
}

}  // namespace
