// BatchNormalization and LayerNormalization against their formulas on the host.
#include <cmath>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using NormalizationTest = LayersTest;

// Mean and biased variance of each channel of a [rows, channels] table.
void channel_moments(const std::vector<double>& x, int64_t rows, int64_t channels,
                     std::vector<double>& mean, std::vector<double>& variance) {
  mean.assign(size_t(channels), 0);
  variance.assign(size_t(channels), 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c)
      mean[size_t(c)] += x[size_t(r * channels + c)] / double(rows);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c) {
      const double d = x[size_t(r * channels + c)] - mean[size_t(c)];
      variance[size_t(c)] += d * d / double(rows);
    }
}

std::vector<double> host_normalize(const std::vector<double>& x, int64_t channels,
                                   const std::vector<double>& mean,
                                   const std::vector<double>& variance,
                                   const std::vector<double>& gamma,
                                   const std::vector<double>& beta, double epsilon) {
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t c = i % size_t(channels);
    y[i] = (x[i] - mean[c]) / std::sqrt(variance[c] + epsilon) * gamma[c] + beta[c];
  }
  return y;
}

TEST_F(NormalizationTest, BatchNormalizationTrainingUsesBatchStatisticsAndMovesTheAverages) {
  BatchNormalization bn({.momentum = 0.9});
  const Shape shape{2, 3, 2, 4};  // channels last: 12 rows of 4 channels
  bn->ensure_built(std::vector<Shape>{shape});
  const std::vector<double> gamma = host_values(4, 31, 0.5, 2), beta = host_values(4, 32);
  auto weights = bn->weights();
  weights[0].assign(tensor_of(gamma, {4}));
  weights[1].assign(tensor_of(beta, {4}));

  const std::vector<double> x = host_values(48, 33, -2, 3);
  const Tensor y = bn(tensor_of(x, shape), true);
  std::vector<double> mean, variance;
  channel_moments(x, 12, 4, mean, variance);
  expect_close(values_of(y), host_normalize(x, 4, mean, variance, gamma, beta, 1e-3), 1e-5, 1e-5,
               "output");
  std::vector<double> moving_mean(4), moving_variance(4);
  for (size_t c = 0; c < 4; ++c) {
    moving_mean[c] = 0 * 0.9 + mean[c] * 0.1;
    moving_variance[c] = 1 * 0.9 + variance[c] * 0.1;
  }
  expect_close(values_of(weights[2].value()), moving_mean, 1e-6, 1e-5, "moving mean");
  expect_close(values_of(weights[3].value()), moving_variance, 1e-6, 1e-5, "moving variance");

  // A second batch moves them again from where they are.
  const std::vector<double> x2 = host_values(48, 34, 0, 5);
  bn(tensor_of(x2, shape), true);
  channel_moments(x2, 12, 4, mean, variance);
  for (size_t c = 0; c < 4; ++c) {
    moving_mean[c] = moving_mean[c] * 0.9 + mean[c] * 0.1;
    moving_variance[c] = moving_variance[c] * 0.9 + variance[c] * 0.1;
  }
  expect_close(values_of(weights[2].value()), moving_mean, 1e-6, 1e-5, "moving mean 2");
  expect_close(values_of(weights[3].value()), moving_variance, 1e-6, 1e-5, "moving variance 2");
}

TEST_F(NormalizationTest, BatchNormalizationInferenceUsesTheMovingStatistics) {
  BatchNormalization bn({.epsilon = 0.01});
  bn->ensure_built(std::vector<Shape>{Shape{5, 3}});
  const std::vector<double> gamma = host_values(3, 35, 0.5, 2), beta = host_values(3, 36);
  const std::vector<double> mean = host_values(3, 37), variance = host_values(3, 38, 0.2, 3);
  auto weights = bn->weights();
  weights[0].assign(tensor_of(gamma, {3}));
  weights[1].assign(tensor_of(beta, {3}));
  weights[2].assign(tensor_of(mean, {3}));
  weights[3].assign(tensor_of(variance, {3}));
  const std::vector<double> x = host_values(15, 39);
  const std::vector<double> expected = host_normalize(x, 3, mean, variance, gamma, beta, 0.01);
  expect_close(values_of(bn(tensor_of(x, {5, 3}))), expected, 1e-5, 1e-5, "inference");
  // Moving statistics are untouched by inference.
  expect_close(values_of(weights[2].value()), mean, 0, 1e-7, "moving mean");
  // A frozen layer runs in inference mode even when training (Keras 3), and updates nothing.
  bn->set_trainable(false);
  expect_close(values_of(bn(tensor_of(x, {5, 3}), true)), expected, 1e-5, 1e-5, "frozen");
  expect_close(values_of(weights[3].value()), variance, 0, 1e-7, "moving variance");
}

TEST_F(NormalizationTest, BatchNormalizationOnTheChannelsFirstAxis) {
  BatchNormalization bn({.axis = 1, .center = false});
  const std::vector<double> x = host_values(2 * 3 * 4, 40);
  const Tensor y = bn(tensor_of(x, {2, 3, 4}), true);  // channels on axis 1
  ASSERT_EQ(bn->weights().size(), 3u);                 // gamma, moving mean, moving variance
  // Move the channel axis last on the host and normalise there.
  std::vector<double> last(x.size());
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t i = 0; i < 4; ++i)
        last[size_t((b * 4 + i) * 3 + c)] = x[size_t((b * 3 + c) * 4 + i)];
  std::vector<double> mean, variance;
  channel_moments(last, 8, 3, mean, variance);
  const std::vector<double> normalized =
      host_normalize(last, 3, mean, variance, {1, 1, 1}, {0, 0, 0}, 1e-3);
  std::vector<double> expected(x.size());
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t i = 0; i < 4; ++i)
        expected[size_t((b * 3 + c) * 4 + i)] = normalized[size_t((b * 4 + i) * 3 + c)];
  expect_close(values_of(y), expected, 1e-5, 1e-5);
}

TEST_F(NormalizationTest, LayerNormalizationNormalizesEachSample) {
  LayerNormalization ln;
  const Shape shape{3, 2, 5};
  ln->ensure_built(std::vector<Shape>{shape});
  const std::vector<double> gamma = host_values(5, 41, 0.5, 2), beta = host_values(5, 42);
  ln->weights()[0].assign(tensor_of(gamma, {5}));
  ln->weights()[1].assign(tensor_of(beta, {5}));
  const std::vector<double> x = host_values(30, 43, -3, 3);
  std::vector<double> expected;
  for (int64_t row = 0; row < 6; ++row) {
    const std::vector<double> slice(x.begin() + row * 5, x.begin() + row * 5 + 5);
    double m = 0, v = 0;
    for (double s : slice) m += s / 5;
    for (double s : slice) v += (s - m) * (s - m) / 5;
    for (size_t i = 0; i < 5; ++i) {
      expected.push_back((slice[i] - m) / std::sqrt(v + 1e-3) * gamma[i] + beta[i]);
    }
  }
  expect_close(values_of(ln(tensor_of(x, shape))), expected, 1e-5, 1e-5);
}

TEST_F(NormalizationTest, LayerNormalizationOverSeveralAxes) {
  LayerNormalization ln({.axis = {-1, 1}, .epsilon = 1e-5, .center = false});
  const std::vector<double> x = host_values(2 * 3 * 4, 44);
  const Tensor y = ln(tensor_of(x, {2, 3, 4}));
  ASSERT_EQ(ln->weights().size(), 1u);
  EXPECT_EQ(ln->weights()[0].shape(), Shape({3, 4}));
  std::vector<double> expected;
  for (int64_t b = 0; b < 2; ++b) {
    double m = 0, v = 0;
    for (int64_t i = 0; i < 12; ++i) m += x[size_t(b * 12 + i)] / 12;
    for (int64_t i = 0; i < 12; ++i) v += std::pow(x[size_t(b * 12 + i)] - m, 2) / 12;
    for (int64_t i = 0; i < 12; ++i)
      expected.push_back((x[size_t(b * 12 + i)] - m) / std::sqrt(v + 1e-5));
  }
  expect_close(values_of(y), expected, 1e-5, 1e-5);
}

TEST_F(NormalizationTest, BadAxesAreErrors) {
  EXPECT_THROW(BatchNormalization({.axis = 3})(Tensor::ones({2, 3})), ShapeError);
  EXPECT_THROW(LayerNormalization({.axis = {1, -1}})(Tensor::ones({2, 3})), ShapeError);
  EXPECT_THROW(LayerNormalization({.axis = {}}), ValueError);
  EXPECT_THROW(BatchNormalization({.momentum = 1.5}), ValueError);
}

}  // namespace
}  // namespace layers_test
