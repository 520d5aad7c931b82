// The gradient of every loss with respect to y_pred against central differences, in float64
// on the reference backend, at points away from kinks and clipping bounds.
#include "strata/keras/losses.hpp"
#include "training_test_support.hpp"

namespace {

using strata::Loss;
using strata::Tensor;
using training_test::f64;

class LossGradientTest : public training_test::ReferenceTest {
 protected:
  void check(const Loss& loss, const Tensor& y_true, const Tensor& y_pred) {
    training_test::expect_gradient_matches_differences(
        [&](const Tensor& p) { return loss(y_true, p); }, y_pred);
  }
};

Tensor targets() {
  return f64({1.0, 2.0, -1.0, 3.0, 4.0, 0.5}, {2, 3});
}
Tensor predictions() {
  return f64({1.5, 2.2, 0.1, 2.0, 5.5, 0.3}, {2, 3});
}

TEST_F(LossGradientTest, MeanSquaredError) {
  check("mse", targets(), predictions());
}

TEST_F(LossGradientTest, MeanAbsoluteError) {
  check("mae", targets(), predictions());
}

TEST_F(LossGradientTest, HuberInBothRegimes) {
  check(strata::Huber(1.0), targets(), predictions());  // |errors| 0.5 .. 1.5
  check(strata::Huber(0.3), targets(), predictions());
}

TEST_F(LossGradientTest, BinaryCrossentropy) {
  const Tensor t = f64({1, 0, 1, 0, 1, 1}, {2, 3});
  check("binary_crossentropy", t, f64({0.8, 0.3, 0.45, 0.6, 0.1, 0.95}, {2, 3}));
  check(strata::BinaryCrossentropy(true), t, f64({2.0, -0.5, 0.1, 1.5, -3.0, 4.0}, {2, 3}));
}

TEST_F(LossGradientTest, CategoricalCrossentropy) {
  const Tensor t = f64({0, 1, 0, 0.3, 0.3, 0.4}, {2, 3});
  check("categorical_crossentropy", t, f64({0.2, 0.5, 0.3, 0.1, 0.6, 0.2}, {2, 3}));
  check(strata::CategoricalCrossentropy(true), t, f64({1.0, -2.0, 0.5, 3.0, 0.0, -1.0}, {2, 3}));
}

TEST_F(LossGradientTest, SparseCategoricalCrossentropy) {
  const Tensor labels = Tensor::from(std::vector<int64_t>{2, 0}, {2});
  check("sparse_categorical_crossentropy", labels, f64({0.2, 0.5, 0.3, 0.1, 0.6, 0.2}, {2, 3}));
  check(strata::SparseCategoricalCrossentropy(true), labels,
        f64({1.0, -2.0, 0.5, 3.0, 0.0, -1.0}, {2, 3}));
}

}  // namespace
