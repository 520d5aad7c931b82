// Dense against x @ W + b computed on the host.
#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using DenseTest = LayersTest;

// out[r, j] = act(sum_i x[r, i] * w[i, j] + b[j]) over the rows r of a [rows, in] input.
std::vector<double> host_dense(const std::vector<double>& x, const std::vector<double>& w,
                               const std::vector<double>& b, int64_t rows, int64_t in, int64_t out,
                               double (*act)(double)) {
  std::vector<double> y(size_t(rows * out));
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < out; ++j) {
      double total = b.empty() ? 0 : b[size_t(j)];
      for (int64_t i = 0; i < in; ++i) total += x[size_t(r * in + i)] * w[size_t(i * out + j)];
      y[size_t(r * out + j)] = act(total);
    }
  }
  return y;
}

double identity(double v) {
  return v;
}
double relu(double v) {
  return v > 0 ? v : 0;
}

TEST_F(DenseTest, MatchesHostMatmulPlusBias) {
  Dense dense(3, "relu");
  const std::vector<double> x = host_values(8, 1);
  dense->ensure_built(std::vector<Shape>{Shape{2, 4}});
  const std::vector<double> w = host_values(12, 2), b = host_values(3, 3);
  dense->weights()[0].assign(tensor_of(w, {4, 3}));
  dense->weights()[1].assign(tensor_of(b, {3}));
  const Tensor y = dense(tensor_of(x, {2, 4}));
  EXPECT_EQ(y.shape(), Shape({2, 3}));
  expect_close(values_of(y), host_dense(x, w, b, 2, 4, 3, relu));
}

TEST_F(DenseTest, AppliesToTheLastAxisOfHigherRankInputs) {
  Dense dense(5, {.use_bias = false});
  const std::vector<double> x = host_values(2 * 3 * 4, 4);
  const Tensor y = dense(tensor_of(x, {2, 3, 4}));
  EXPECT_EQ(y.shape(), Shape({2, 3, 5}));
  ASSERT_EQ(dense->weights().size(), 1u);
  const std::vector<double> w = values_of(dense->weights()[0].value());
  expect_close(values_of(y), host_dense(x, w, {}, 6, 4, 5, identity));
}

TEST_F(DenseTest, DefaultInitializersAreGlorotUniformAndZeros) {
  Dense dense(64);
  dense(Tensor::ones({1, 32}));
  const double limit = std::sqrt(6.0 / (32 + 64));
  double largest = 0;
  for (double w : values_of(dense->weights()[0].value())) largest = std::max(largest, std::abs(w));
  EXPECT_LE(largest, limit);
  EXPECT_GT(largest, 0.9 * limit);
  for (double b : values_of(dense->weights()[1].value())) EXPECT_EQ(b, 0);
}

TEST_F(DenseTest, RejectsBadUnitsAndUnknownFeatureCounts) {
  EXPECT_THROW(Dense(0), ValueError);
  Dense dense(2);
  EXPECT_THROW(dense->ensure_built(std::vector<Shape>{Shape{}}), ShapeError);
  Shape unknown{4, 0};
  unknown[1] = -1;
  EXPECT_THROW(dense->compute_output_shapes(std::vector<Shape>{unknown}), ShapeError);
  Shape symbolic{0, 7};
  symbolic[0] = -1;
  const auto out = dense->compute_output_shapes(std::vector<Shape>{symbolic});
  EXPECT_EQ(out[0][0], -1);
  EXPECT_EQ(out[0][1], 2);
}

}  // namespace
}  // namespace layers_test
