// Matrix products against a host triple loop: plain, batched, broadcast batches, vectors and
// transposed (strided) operands.
#include <gtest/gtest.h>

#include "strata/ops.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
using strata_test::f64;
using strata_test::sample_values;
namespace ops = strata::ops;

// c[b] = a[b] @ b[b] for row-major host matrices; a batch of 1 broadcasts.
std::vector<double> host_matmul(const std::vector<double>& a, const std::vector<double>& b,
                                int64_t batch_a, int64_t batch_b, int64_t m, int64_t k, int64_t n) {
  const int64_t batch = std::max(batch_a, batch_b);
  std::vector<double> c(size_t(batch * m * n), 0.0);
  for (int64_t p = 0; p < batch; ++p) {
    const int64_t pa = batch_a == 1 ? 0 : p, pb = batch_b == 1 ? 0 : p;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j)
        for (int64_t q = 0; q < k; ++q)
          c[size_t((p * m + i) * n + j)] +=
              a[size_t((pa * m + i) * k + q)] * b[size_t((pb * k + q) * n + j)];
  }
  return c;
}

// The row-major values of the transpose of an (r, c) matrix.
std::vector<double> transposed(const std::vector<double>& v, int64_t r, int64_t c) {
  std::vector<double> t(v.size());
  for (int64_t i = 0; i < r; ++i)
    for (int64_t j = 0; j < c; ++j) t[size_t(j * r + i)] = v[size_t(i * c + j)];
  return t;
}

class MatmulTest : public strata_test::ReferenceTest {};

TEST_F(MatmulTest, TwoDimensional) {
  const auto a = sample_values(12, -1, 1, 1), b = sample_values(20, -1, 1, 2);
  const Tensor c = ops::matmul(f64(a, {3, 4}), f64(b, {4, 5}));
  EXPECT_EQ(c.shape(), Shape({3, 5}));
  expect_values(c, host_matmul(a, b, 1, 1, 3, 4, 5), 1e-12);
}

TEST_F(MatmulTest, BatchedWithBroadcastBatches) {
  const auto a = sample_values(2 * 3 * 4, -1, 1, 3), b = sample_values(4 * 2, -1, 1, 4);
  // (2,3,4) @ (4,2): the matrix b is shared by the batch (stride 0)
  const Tensor c = ops::matmul(f64(a, {2, 3, 4}), f64(b, {4, 2}));
  EXPECT_EQ(c.shape(), Shape({2, 3, 2}));
  expect_values(c, host_matmul(a, b, 2, 1, 3, 4, 2), 1e-12);
  // (1,3,4) @ (2,4,2)
  const auto b2 = sample_values(2 * 4 * 2, -1, 1, 5);
  const Tensor c2 =
      ops::matmul(f64(std::vector(a.begin(), a.begin() + 12), {1, 3, 4}), f64(b2, {2, 4, 2}));
  EXPECT_EQ(c2.shape(), Shape({2, 3, 2}));
  expect_values(c2, host_matmul(std::vector(a.begin(), a.begin() + 12), b2, 1, 2, 3, 4, 2), 1e-12);
}

TEST_F(MatmulTest, VectorsDropTheirAxis) {
  const Tensor m = f64({1, 2, 3, 4, 5, 6}, {2, 3});
  const Tensor v = f64({1, 0, -1}, {3});
  const Tensor mv = ops::matmul(m, v);
  EXPECT_EQ(mv.shape(), Shape({2}));
  expect_values(mv, {-2, -2});
  const Tensor vm = ops::matmul(f64({1, 1}, {2}), m);
  EXPECT_EQ(vm.shape(), Shape({3}));
  expect_values(vm, {5, 7, 9});
  EXPECT_EQ(ops::matmul(v, v).shape(), Shape());
  EXPECT_DOUBLE_EQ(ops::matmul(v, v).item<double>(), 2);
}

TEST_F(MatmulTest, TransposedOperandsAreStridedViews) {
  const auto a = sample_values(12, -1, 1, 6);  // stored as (4,3)
  const auto b = sample_values(15, -1, 1, 7);  // stored as (5,3)
  const Tensor a_stored = f64(a, {4, 3});
  const Tensor at = a_stored.transpose();        // (3,4), strides (1,3)
  const Tensor bt = f64(b, {5, 3}).transpose();  // (3,5), strides (1,3)
  ASSERT_FALSE(at.is_contiguous());
  ASSERT_TRUE(at.shares_storage_with(a_stored));
  expect_values(ops::matmul(a_stored, bt), host_matmul(a, transposed(b, 5, 3), 1, 1, 4, 3, 5),
                1e-12);
  expect_values(ops::matmul(at, a_stored), host_matmul(transposed(a, 4, 3), a, 1, 1, 3, 4, 3),
                1e-12);
}

TEST_F(MatmulTest, ShapeErrorsNameBothOperands) {
  EXPECT_EQ(error_of([] {
              ops::matmul(Tensor::zeros({3, 4}), Tensor::zeros({5, 6}));
            }),
            "matmul: a is (3,4), b is (5,6): inner dimensions 4 and 5 differ");
  EXPECT_EQ(error_of([] {
              ops::matmul(Tensor::zeros({2, 3, 4}), Tensor::zeros({5, 4, 6}));
            }),
            "matmul: a is (2,3,4), b is (5,4,6): batch dimensions (2,) and (5,) do not "
            "broadcast");
  EXPECT_EQ(error_of([] { ops::matmul(Tensor::zeros({}), Tensor::zeros({2})); }),
            "matmul: a is (), b is (2,): matmul needs rank >= 1 (use multiply for scalars)");
  EXPECT_EQ(error_of([] {
              ops::matmul(Tensor::from({1, 2}, {1, 2}), Tensor::from({1, 2}, {2, 1}));
            }),
            "matmul: a is int32; matmul takes float dtypes (cast it with ops::cast)");
}

}  // namespace
