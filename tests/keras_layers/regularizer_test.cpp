// Regularizer penalties, their gradients and their serialized form.
#include <boost/json/parse.hpp>
#include <cmath>

#include "layers_test_support.hpp"
#include "strata/keras/layers.hpp"

namespace layers_test {
namespace {

using namespace strata;
using RegularizerTest = LayersTest;

TEST_F(RegularizerTest, PenaltyIsL1SumAbsPlusL2SumSquares) {
  const std::vector<double> w = host_values(12, 71, -2, 2);
  const Tensor weight = tensor_of(w, {3, 4});
  double l1 = 0, l2 = 0;
  for (double v : w) {
    l1 += std::abs(v);
    l2 += v * v;
  }
  EXPECT_NEAR(L1(0.3)(weight).item<double>(), 0.3 * l1, 1e-5);
  EXPECT_NEAR(L2(0.2)(weight).item<double>(), 0.2 * l2, 1e-5);
  EXPECT_NEAR(L1L2(0.3, 0.2)(weight).item<double>(), 0.3 * l1 + 0.2 * l2, 1e-5);
  EXPECT_EQ(Regularizer()(weight).item<double>(), 0.0);
  EXPECT_EQ(Regularizer()(weight).rank(), 0);
  // Keras's defaults.
  EXPECT_EQ(L1().l1(), 0.01);
  EXPECT_EQ(L2().l2(), 0.01);
  EXPECT_FALSE(L1L2().active());
}

TEST_F(RegularizerTest, GradientIsL1SignPlusTwoL2W) {
  const FloatxScope f64(DType::float64);
  const std::vector<double> w = host_values(10, 72, -2, 2);
  Variable weight(tensor_of(w, {10}), "w");
  const Tensor penalty = L1L2(0.3, 0.2)(weight.value());
  const std::vector<double> grad = values_of(gradients(penalty, std::vector<Variable>{weight})[0]);
  for (size_t i = 0; i < w.size(); ++i) {
    EXPECT_NEAR(grad[i], 0.3 * (w[i] > 0 ? 1 : -1) + 0.4 * w[i], 1e-12) << i;
  }
}

TEST_F(RegularizerTest, LayerPenaltyGradientReachesTheKernel) {
  const FloatxScope f64(DType::float64);
  Dense dense(3, {.kernel_regularizer = L2(0.5)});
  dense(Tensor::ones({1, 2}));
  const Variable kernel = dense->weights()[0];
  const std::vector<double> grad =
      values_of(gradients(dense->regularization_loss(), std::vector<Variable>{kernel})[0]);
  const std::vector<double> w = values_of(kernel.value());
  for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(grad[i], 1.0 * w[i], 1e-12);
}

TEST_F(RegularizerTest, JsonRoundTripsAndAcceptsKerasForms) {
  EXPECT_TRUE(Regularizer().to_json().is_null());
  const Regularizer both = Regularizer::from_json(L1L2(0.125, 0.5).to_json());
  EXPECT_EQ(both.l1(), 0.125);
  EXPECT_EQ(both.l2(), 0.5);
  EXPECT_EQ(L1L2(0.125, 0.5).to_json().at("class_name").as_string(), "L1L2");
  EXPECT_EQ(
      Regularizer::from_json(boost::json::parse(R"({"class_name": "L2", "config": {"l2": 0.25}})"))
          .l2(),
      0.25);
  EXPECT_EQ(Regularizer::from_json(boost::json::value("l1")).l1(), 0.01);
  EXPECT_FALSE(Regularizer::from_json(nullptr).active());
  EXPECT_THROW(Regularizer::from_json(boost::json::value("l3")), ValueError);
  EXPECT_THROW(
      Regularizer::from_json(boost::json::parse(R"({"class_name": "L1", "config": {"l1": -1}})")),
      ValueError);
  EXPECT_THROW(
      Regularizer::from_json(boost::json::parse(R"({"class_name": "L1", "config": {"l2": 1}})")),
      ValueError);
}

}  // namespace
}  // namespace layers_test
