#include "tensor_test_support.hpp"

#include <stdlib.h>

#include <cmath>
#include <filesystem>

#include "../support/isolated_home.hpp"
#include "strata/autodiff.hpp"

namespace strata_test {
namespace {

// Keeps the developer's STRATA_BACKEND, config file and plugin folders out of every test.
strata_test_support::IsolatedHome* const environment =
    strata_test_support::isolate_home("strata-tensor-test");

// sum(f(inputs) * weights) as a double.
double weighted_sum(const std::function<strata::Tensor(const std::vector<strata::Tensor>&)>& f,
                    const std::vector<strata::Tensor>& inputs, const strata::Tensor& weights) {
  return strata::ops::sum(f(inputs) * weights).item<double>();
}

}  // namespace

const std::string& test_home() {
  return environment->home().native();
}

strata::Context reference_context() {
  return strata::Context("reference");
}

strata::Context partial_context() {
  return strata::Context(STRATA_TEST_PARTIAL_PLUGIN);
}

strata::Tensor f64(std::vector<double> values, const strata::Shape& shape) {
  return strata::Tensor::from(values, shape);
}

strata::Tensor f32(std::vector<float> values, const strata::Shape& shape) {
  return strata::Tensor::from(values, shape);
}

void expect_values(const strata::Tensor& t, const std::vector<double>& expected, double tolerance) {
  const std::vector<double> actual = t.to_vector<double>();
  ASSERT_EQ(actual.size(), expected.size()) << "shape " << t.shape().to_string();
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i]) || std::isinf(expected[i])) {
      EXPECT_EQ(std::isnan(actual[i]), std::isnan(expected[i])) << "element " << i;
      if (std::isinf(expected[i])) {
        EXPECT_EQ(actual[i], expected[i]) << "element " << i;
      }
      continue;
    }
    ASSERT_NEAR(actual[i], expected[i], tolerance)
        << "element " << i << " of " << t.shape().to_string();
  }
}

std::vector<double> sample_values(size_t count, double lo, double hi, uint32_t seed) {
  std::vector<double> values(count);
  uint32_t state = seed * 2654435761u + 12345u;
  for (double& v : values) {
    state = state * 1664525u + 1013904223u;
    v = lo + (hi - lo) * (static_cast<double>(state >> 8) / 16777216.0);
  }
  return values;
}

void check_gradients(const std::function<strata::Tensor(const std::vector<strata::Tensor>&)>& f,
                     const std::vector<strata::Tensor>& inputs, std::vector<bool> differentiate,
                     double eps, double tolerance) {
  if (differentiate.empty()) differentiate.assign(inputs.size(), true);
  std::vector<strata::Tensor> leaves;
  std::vector<strata::Tensor> wrt;
  for (size_t i = 0; i < inputs.size(); ++i) {
    strata::Tensor leaf = strata::ops::copy(inputs[i]);
    if (differentiate[i]) {
      leaf.set_requires_grad();
      wrt.push_back(leaf);
    }
    leaves.push_back(leaf);
  }
  const strata::Tensor out = f(leaves);
  const strata::Tensor weights =
      f64(sample_values(size_t(out.numel()), -1, 1, 99), out.shape()).astype(out.dtype());
  const std::vector<strata::Tensor> analytic =
      strata::gradients(strata::ops::sum(out * weights), wrt);

  strata::NoGradGuard no_grad;
  size_t w = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!differentiate[i]) continue;
    ASSERT_TRUE(analytic[w].defined()) << "no gradient for input " << i;
    ASSERT_EQ(analytic[w].shape(), inputs[i].shape()) << "input " << i;
    const std::vector<double> grad = analytic[w++].to_vector<double>();
    std::vector<double> x = inputs[i].to_vector<double>();
    for (size_t j = 0; j < x.size(); ++j) {
      std::vector<strata::Tensor> probe = inputs;
      const double saved = x[j];
      x[j] = saved + eps;
      probe[i] = f64(x, inputs[i].shape()).astype(inputs[i].dtype());
      const double plus = weighted_sum(f, probe, weights);
      x[j] = saved - eps;
      probe[i] = f64(x, inputs[i].shape()).astype(inputs[i].dtype());
      const double minus = weighted_sum(f, probe, weights);
      x[j] = saved;
      const double numeric = (plus - minus) / (2 * eps);
      EXPECT_NEAR(grad[j], numeric, tolerance * std::max(1.0, std::abs(numeric)))
          << "d/d input " << i << " element " << j;
    }
  }
}

}  // namespace strata_test
