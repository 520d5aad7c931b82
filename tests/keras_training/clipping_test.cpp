// Gradient clipping before the update, against Keras 3's rules computed on the host. Plain SGD
// with learning rate 1 makes each weight move by exactly minus its clipped gradient.
#include <cmath>
#include <numeric>

#include "strata/keras/optimizers.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Tensor;
using strata::Variable;

class ClippingTest : public training_test::ReferenceTest {
 protected:
  // The clipped gradients, read back from how far SGD(1) moved zero-initialised weights.
  std::vector<std::vector<double>> clipped(const strata::ClipOptions& clip,
                                           const std::vector<std::vector<double>>& grads) {
    strata::Optimizer sgd = strata::SGD(1.0, {.clip = clip});
    std::vector<Variable> vars;
    std::vector<Tensor> tensors;
    for (const auto& g : grads) {
      const strata::Shape shape{int64_t(g.size())};
      vars.emplace_back(Tensor::zeros(shape, strata::DType::float64));
      tensors.push_back(training_test::f64(g, shape));
    }
    sgd->apply(tensors, vars);
    std::vector<std::vector<double>> out;
    for (const Variable& v : vars) {
      std::vector<double> moved = v.value().to_vector<double>();
      for (double& x : moved) x = -x;
      out.push_back(moved);
    }
    return out;
  }
};

double norm(const std::vector<double>& g) {
  return std::sqrt(std::inner_product(g.begin(), g.end(), g.begin(), 0.0));
}

std::vector<double> scaled(std::vector<double> g, double factor) {
  for (double& x : g) x *= factor;
  return g;
}

void expect_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-12) << i;
}

TEST_F(ClippingTest, ClipnormScalesEachGradientAboveTheNormDown) {
  const std::vector<double> big{3.0, 4.0}, small{0.3, 0.4};
  const double c = 1.0;
  const auto out = clipped({.clipnorm = c}, {big, small});
  // g * c / max(||g||, c).
  expect_near(out[0], scaled(big, c / std::max(norm(big), c)));
  expect_near(out[0], {0.6, 0.8});
  expect_near(out[1], small);
}

TEST_F(ClippingTest, ClipnormLeavesZeroGradientsAtZero) {
  expect_near(clipped({.clipnorm = 1.0}, {{0.0, 0.0}})[0], {0.0, 0.0});
}

TEST_F(ClippingTest, GlobalClipnormScalesAllGradientsByOneFactor) {
  const std::vector<double> a{3.0, 4.0}, b{12.0};
  const double c = 2.0;
  const double global = std::sqrt(norm(a) * norm(a) + norm(b) * norm(b));  // 13
  const auto out = clipped({.global_clipnorm = c}, {a, b});
  expect_near(out[0], scaled(a, c / std::max(global, c)));
  expect_near(out[1], scaled(b, c / std::max(global, c)));
  // Under the limit nothing changes.
  const auto small = clipped({.global_clipnorm = 100.0}, {a, b});
  expect_near(small[0], a);
  expect_near(small[1], b);
}

TEST_F(ClippingTest, ClipvalueClipsEachElement) {
  const auto out = clipped({.clipvalue = 0.5}, {{-2.0, 0.3, 0.7, -0.5}});
  expect_near(out[0], {-0.5, 0.3, 0.5, -0.5});
}

TEST_F(ClippingTest, ClippingHappensBeforeMomentum) {
  // SGD momentum 0.9, lr 0.1 with clipvalue 0.5 on g = 2: as if g were 0.5.
  strata::Optimizer sgd = strata::SGD(0.1, {.momentum = 0.9, .clip = {.clipvalue = 0.5}});
  Variable w(training_test::f64({0.0}, {1}));
  const std::vector<Tensor> grads{training_test::f64({2.0}, {1})};
  const std::vector<Variable> vars{w};
  sgd->apply(grads, vars);
  sgd->apply(grads, vars);
  training_test::expect_values(w, {-0.05 - (0.9 * 0.05 + 0.05)}, 1e-12);
}

}  // namespace
