#include "training_test_support.hpp"

#include <stdlib.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "../support/isolated_home.hpp"
#include "strata/autodiff.hpp"
#include "strata/ops.hpp"

namespace training_test {
namespace {

namespace fs = std::filesystem;

// Keeps the developer's STRATA_BACKEND, config file and plugin folders out of every test.
strata_test_support::IsolatedHome* const environment =
    strata_test_support::isolate_home("strata-training-test");

}  // namespace

fs::path scratch_folder(const std::string& name) {
  const fs::path folder = environment->home() / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

strata::Tensor f64(const std::vector<double>& values, const strata::Shape& shape) {
  return strata::Tensor::from(values, shape);
}

strata::Tensor f32(const std::vector<float>& values, const strata::Shape& shape) {
  return strata::Tensor::from(values, shape);
}

void expect_values(const strata::Tensor& t, const std::vector<double>& expected, double tolerance) {
  const std::vector<double> actual = t.to_vector<double>();
  ASSERT_EQ(actual.size(), expected.size()) << "shape " << t.shape().to_string();
  for (size_t i = 0; i < actual.size(); ++i) {
    ASSERT_NEAR(actual[i], expected[i], tolerance) << "element " << i;
  }
}

void expect_gradient_matches_differences(
    const std::function<strata::Tensor(const strata::Tensor&)>& loss, const strata::Tensor& y_pred,
    double tolerance) {
  strata::Tensor leaf = strata::ops::copy(y_pred);
  leaf.set_requires_grad();
  const std::vector<strata::Tensor> wrt{leaf};
  const std::vector<double> analytic = strata::gradients(loss(leaf), wrt)[0].to_vector<double>();

  strata::NoGradGuard no_grad;
  std::vector<double> x = y_pred.to_vector<double>();
  constexpr double kStep = 1e-6;
  for (size_t j = 0; j < x.size(); ++j) {
    const double saved = x[j];
    x[j] = saved + kStep;
    const double plus = loss(f64(x, y_pred.shape())).item<double>();
    x[j] = saved - kStep;
    const double minus = loss(f64(x, y_pred.shape())).item<double>();
    x[j] = saved;
    const double numeric = (plus - minus) / (2 * kStep);
    EXPECT_NEAR(analytic[j], numeric, tolerance * std::max(1.0, std::abs(numeric)))
        << "d loss / d y_pred element " << j;
  }
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace training_test
