// softmax and log_softmax along any axis, take (gather) along any axis, and one_hot.
#include <gtest/gtest.h>

#include <cmath>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
namespace ops = strata::ops;

class SoftmaxIndexingTest : public strata_test::ReferenceTest {};

// softmax of each run of `n` values that are `stride` apart, starting at each offset.
std::vector<double> host_softmax(const std::vector<double>& x, int64_t outer, int64_t n,
                                 int64_t inner, bool log) {
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double total = 0;
      for (int64_t k = 0; k < n; ++k) total += std::exp(x[size_t((o * n + k) * inner + i)]);
      for (int64_t k = 0; k < n; ++k) {
        const double v = x[size_t((o * n + k) * inner + i)];
        y[size_t((o * n + k) * inner + i)] = log ? v - std::log(total) : std::exp(v) / total;
      }
    }
  return y;
}

TEST_F(SoftmaxIndexingTest, SoftmaxOverTheLastAxis) {
  const std::vector<double> x{1, 2, 3, -1, 0, 1000};
  expect_values(
      ops::softmax(f64(x, {2, 3})),
      {host_softmax({1, 2, 3}, 1, 3, 1, false)[0], host_softmax({1, 2, 3}, 1, 3, 1, false)[1],
       host_softmax({1, 2, 3}, 1, 3, 1, false)[2], 0, 0, 1},
      1e-15);
  expect_values(ops::log_softmax(f64({1, 2, 3}, {3})), host_softmax({1, 2, 3}, 1, 3, 1, true),
                1e-14);
}

TEST_F(SoftmaxIndexingTest, SoftmaxOverAnotherAxis) {
  const auto x = strata_test::sample_values(24, -2, 2, 21);
  const Tensor t = f64(x, {2, 3, 4});
  const Tensor s = ops::softmax(t, 1);
  EXPECT_EQ(s.shape(), Shape({2, 3, 4}));
  expect_values(s, host_softmax(x, 2, 3, 4, false), 1e-15);
  expect_values(ops::log_softmax(t, 0), host_softmax(x, 1, 2, 12, true), 1e-14);
  EXPECT_EQ(error_of([] { ops::softmax(Tensor::scalar(1)); }),
            "softmax: x is a scalar (); it needs at least one axis");
}

TEST_F(SoftmaxIndexingTest, TakeRowsIsAnEmbeddingLookup) {
  const Tensor table = f64({0, 1, 10, 11, 20, 21}, {3, 2});
  const Tensor ids = Tensor::from({2, 0, 2, 1}, {2, 2});
  const Tensor rows = ops::take(table, ids);
  EXPECT_EQ(rows.shape(), Shape({2, 2, 2}));
  expect_values(rows, {20, 21, 0, 1, 20, 21, 10, 11});
  expect_values(ops::take(table, Tensor::from(std::vector<int64_t>{1}, {1})), {10, 11});
}

TEST_F(SoftmaxIndexingTest, TakeAlongAnInnerAxis) {
  // x[i, j, k] = 100 i + 10 j + k, shape (2, 3, 2)
  std::vector<double> x;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 2; ++k) x.push_back(100 * i + 10 * j + k);
  const Tensor ids = Tensor::from({2, 2, 0, 1}, {2, 2});
  const Tensor out = ops::take(f64(x, {2, 3, 2}), ids, 1);
  EXPECT_EQ(out.shape(), Shape({2, 2, 2, 2}));
  std::vector<double> expected;
  const int id[4] = {2, 2, 0, 1};
  for (int i = 0; i < 2; ++i)
    for (int s = 0; s < 4; ++s)
      for (int k = 0; k < 2; ++k) expected.push_back(100 * i + 10 * id[s] + k);
  expect_values(out, expected);
  EXPECT_EQ(error_of([] { ops::take(Tensor::zeros({3}), Tensor::zeros({1})); }),
            "take: indices are float32; they must be int32 or int64");
}

TEST_F(SoftmaxIndexingTest, OneHot) {
  const Tensor h = ops::one_hot(Tensor::from({2, 0, -1}, {3}), 3);
  EXPECT_EQ(h.shape(), Shape({3, 3}));
  EXPECT_EQ(h.dtype(), DType::float32);
  expect_values(h, {0, 0, 1, 1, 0, 0, 0, 0, 0});
  EXPECT_EQ(ops::one_hot(Tensor::from({1}, {1}), 2, DType::uint8).dtype(), DType::uint8);
}

}  // namespace
